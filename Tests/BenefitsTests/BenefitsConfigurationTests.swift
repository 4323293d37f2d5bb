import Kafka
import Settings
import Testing

@testable import Benefits

/// `benefits-service` reads every variable through the one reader: a malformed value stops
/// the start with the variable and the rule, whichever part (service, database, Kafka) reads it.
@Suite("Benefits configuration from the environment")
struct BenefitsConfigurationTests {
    static let bad: [(String, String, String)] = [
        ("BENEFITS_PORT", "80800", "must be a whole number between 0 and 65535, got '80800'"),
        ("BENEFITS_DB_LANES", "17", "must be a whole number between 1 and 16, got '17'"),
        ("BENEFITS_BATCH_WAIT_MS", "soon", "must be a whole number between 0 and 86400000, got 'soon'"),
        ("BENEFITS_SYNCHRONOUS_COMMIT", "sometimes", "must be true or false, got 'sometimes'"),
        ("PG_PORT", "0", "must be a whole number between 1 and 65535, got '0'"),
        ("PG_POOL_SIZE", "none", "must be a whole number >= 1, got 'none'"),
        ("PG_STATEMENT_TIMEOUT_MS", "-1", "must be a whole number between 0 and 86400000, got '-1'"),
        ("PG_SSLMODE", "prefer", "must be one of disable, require, verify-full, got prefer"),
        ("KAFKA_SESSION_TIMEOUT_MS", "6s", "must be a whole number between 0 and 2147483647, got '6s'"),
        ("HTTP_IDLE_TIMEOUT_MS", "later", "must be a whole number between 0 and 86400000, got 'later'"),
    ]

    @Test("a malformed value names the variable and the rule", arguments: bad)
    func malformed(variable: String, value: String, rule: String) {
        #expect(throws: ConfigurationError(variable: variable, rule: rule)) {
            try BenefitsConfiguration.fromEnvironment(ServiceEnvironment([variable: value]))
        }
    }

    @Test("BENEFITS_GROUP_ID wins over KAFKA_GROUP_ID for the consumer and the stored offsets")
    func groupID() throws {
        let both = try BenefitsConfiguration.fromEnvironment(["BENEFITS_GROUP_ID": "b", "KAFKA_GROUP_ID": "k"])
        #expect(both.groupID == "b" && both.consumer.groupID == "b")
        let kafkaOnly = try BenefitsConfiguration.fromEnvironment(["KAFKA_GROUP_ID": "k"])
        #expect(kafkaOnly.groupID == "k" && kafkaOnly.consumer.groupID == "k")
        let defaults = try BenefitsConfiguration.fromEnvironment([:])
        #expect(defaults.groupID == "benefits-service" && defaults.consumer.groupID == "benefits-service")
        #expect(defaults.consumer.waitsForEventHandling && defaults.consumer.sessionTimeout == .seconds(6))
    }

    @Test("PG_PASSWORD set but empty is an empty password, not the default")
    func emptyPassword() throws {
        #expect(try DatabaseSettings.fromEnvironment(["PG_PASSWORD": ""]).password == "")
        #expect(try DatabaseSettings.fromEnvironment([:]).password == "insurance")
    }
}
