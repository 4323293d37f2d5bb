import Testing

@testable import Settings

/// The one configuration reader: every rule a variable can break, and the message that
/// names the variable and the rule.
@Suite("Configuration reader")
struct ConfigurationReaderTests {
    enum Read: Sendable {
        case int(ClosedRange<Int>)
        case milliseconds
        case bool
        case choice
    }

    enum Mode: String, CaseIterable {
        case disable, require
        case verifyFull = "verify-full"
    }

    static let bad: [(value: String, read: Read, rule: String)] = [
        ("abc", .int(Int.min...Int.max), "must be a whole number, got 'abc'"),
        ("0", .int(1...Int.max), "must be a whole number >= 1, got '0'"),
        ("9", .int(Int.min...8), "must be a whole number <= 8, got '9'"),
        ("70000", .int(1...65535), "must be a whole number between 1 and 65535, got '70000'"),
        ("1.5", .int(1...65535), "must be a whole number between 1 and 65535, got '1.5'"),
        ("-1", .milliseconds, "must be a whole number between 0 and 86400000, got '-1'"),
        ("soon", .milliseconds, "must be a whole number between 0 and 86400000, got 'soon'"),
        ("maybe", .bool, "must be true or false, got 'maybe'"),
        ("prefer", .choice, "must be one of disable, require, verify-full, got prefer"),
    ]

    @Test("a malformed value names the variable and the rule", arguments: bad)
    func malformed(value: String, read: Read, rule: String) {
        let environment: ServiceEnvironment = ["SOME_VARIABLE": value]
        #expect(throws: ConfigurationError(variable: "SOME_VARIABLE", rule: rule)) {
            switch read {
            case .int(let range): _ = try environment.int("SOME_VARIABLE", default: 1, in: range)
            case .milliseconds: _ = try environment.milliseconds("SOME_VARIABLE", default: .seconds(1))
            case .bool: _ = try environment.bool("SOME_VARIABLE", default: false)
            case .choice: _ = try environment.choice("SOME_VARIABLE", default: Mode.disable)
            }
        }
        #expect("\(ConfigurationError(variable: "SOME_VARIABLE", rule: rule))" == "SOME_VARIABLE: \(rule)")
    }

    @Test("unset and empty variables give the defaults; set ones are read")
    func defaultsAndValues() throws {
        let environment: ServiceEnvironment = ["EMPTY": "", "MS": "1500", "ON": "yes", "MODE": "verify-full", "HOST": "db"]
        #expect(try environment.milliseconds("EMPTY", default: .seconds(2)) == .seconds(2))
        #expect(try environment.milliseconds("MS", default: .seconds(2)) == .milliseconds(1500))
        #expect(try environment.bool("ON", default: false))
        #expect(try environment.choice("MODE", default: Mode.disable) == .verifyFull)
        #expect(try environment.choice("MISSING", default: Mode.require) == .require)
        #expect(try environment.optionalInt("EMPTY") == nil)
        #expect(environment.string("HOST", default: "localhost") == "db")
        #expect(environment.optionalString("EMPTY") == nil)
        #expect(environment.optionalString("EMPTY", emptyIsUnset: false) == "")
    }

    @Test("variables with a prefix are found by the rest of their name, empty ones included")
    func prefixScan() {
        let environment: ServiceEnvironment = [
            "KAFKA_PROPERTY_SECURITY_PROTOCOL": "SASL_SSL", "KAFKA_PROPERTY_": "no name", "KAFKA_PROPERTY_X": "",
            "KAFKA_LINGER_MS": "5",
        ]
        #expect(environment.variables(withPrefix: "KAFKA_PROPERTY_") == ["SECURITY_PROTOCOL": "SASL_SSL", "X": ""])
    }

    @Test("passwords, tokens and keys are marked secret for swift-configuration's access reports")
    func secrets() {
        for name in ["PG_PASSWORD", "ENROLLMENT_TOKENS", "KAFKA_PROPERTY_SASL_PASSWORD", "KAFKA_PROPERTY_SSL_KEY_LOCATION"] {
            #expect(ServiceEnvironment.isSecret(name), "\(name)")
        }
        for name in ["PG_HOST", "KAFKA_LINGER_MS", "BENEFITS_DB_LANES"] {
            #expect(!ServiceEnvironment.isSecret(name), "\(name)")
        }
    }
}
