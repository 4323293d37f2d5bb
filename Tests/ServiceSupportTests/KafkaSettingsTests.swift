import Foundation
import Kafka
import Settings
import Testing

/// The Kafka layer's settings read from the environment (`Shared/Settings/KafkaSettings.swift`);
/// how the typed settings reach librdkafka is tested in Tests/KafkaTests/ConfigurationTests.swift.
@Suite struct KafkaSettingsTests {
    @Test(arguments: [
        ("KAFKA_PROPERTY_SECURITY_PROTOCOL", "security.protocol"),
        ("KAFKA_PROPERTY_SSL_CA_LOCATION", "ssl.ca.location"),
        ("KAFKA_PROPERTY_SASL_MECHANISMS", "sasl.mechanisms"),
        ("KAFKA_PROPERTY_COMPRESSION_TYPE", "compression.type"),
    ])
    func propertyVariableMapsToDottedName(variable: String, property: String) {
        #expect(KafkaPropertyVariables.propertyName(fromVariable: variable) == property)
    }

    @Test func producerReadsEnvironment() throws {
        let configuration = try KafkaProducerConfiguration.fromEnvironment([
            "KAFKA_BOOTSTRAP_SERVERS": "broker-1:9092,broker-2:9092",
            "KAFKA_LINGER_MS": "20",
            "KAFKA_PROPERTY_SECURITY_PROTOCOL": "SASL_SSL",
            "UNRELATED": "x",
        ])
        #expect(configuration.bootstrapServers == "broker-1:9092,broker-2:9092")
        #expect(configuration.linger == .milliseconds(20))
        #expect(configuration.properties == ["security.protocol": "SASL_SSL"])
    }

    @Test("KAFKA_PROPERTY_<NAME>_FILE reads a secret from a file, wins over KAFKA_PROPERTY_<NAME>; an unreadable file names the variable")
    func propertyFromFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kafka-secret-\(UInt32.random(in: 0...UInt32.max))").path
        try "s3cret-from-a-file\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let environment: ServiceEnvironment = [
            "KAFKA_PROPERTY_SECURITY_PROTOCOL": "SASL_PLAINTEXT",
            "KAFKA_PROPERTY_SASL_USERNAME": "benefits-service",
            "KAFKA_PROPERTY_SASL_PASSWORD": "from-the-environment",
            "KAFKA_PROPERTY_SASL_PASSWORD_FILE": path,
        ]
        let expected = ["security.protocol": "SASL_PLAINTEXT", "sasl.username": "benefits-service", "sasl.password": "s3cret-from-a-file"]
        #expect(try KafkaProducerConfiguration.fromEnvironment(environment).properties == expected)
        #expect(try KafkaConsumerConfiguration.fromEnvironment(environment, groupID: "g", topics: ["t"]).properties == expected)
        #expect(
            throws: ConfigurationError(variable: "KAFKA_PROPERTY_SASL_PASSWORD_FILE", rule: "must name a readable file, got '/nonexistent/kafka'")
        ) {
            try KafkaProducerConfiguration.fromEnvironment(["KAFKA_PROPERTY_SASL_PASSWORD_FILE": "/nonexistent/kafka"])
        }
    }

    @Test("unset, both read the local stack's broker")
    func defaultBroker() throws {
        #expect(try KafkaProducerConfiguration.fromEnvironment([:]).bootstrapServers == StackDefaults.kafkaBootstrapServers)
        let consumer = try KafkaConsumerConfiguration.fromEnvironment([:], groupID: "g", topics: ["t"])
        #expect(consumer.bootstrapServers == StackDefaults.kafkaBootstrapServers)
    }

    @Test func badNumberNamesTheVariableAndTheRule() {
        #expect {
            _ = try KafkaProducerConfiguration.fromEnvironment(["KAFKA_LINGER_MS": "soon"])
        } throws: { error in
            error as? ConfigurationError
                == ConfigurationError(variable: "KAFKA_LINGER_MS", rule: "must be a whole number between 0 and 2147483647, got 'soon'")
        }
    }

    @Test func consumerReadsGroupAndSessionTimeout() throws {
        let configuration = try KafkaConsumerConfiguration.fromEnvironment(
            ["KAFKA_SESSION_TIMEOUT_MS": "4000", "KAFKA_GROUP_ID": "override"],
            groupID: "benefits",
            topics: ["t"]
        )
        #expect(configuration.groupID == "override")
        #expect(configuration.topics == ["t"])
        #expect(configuration.sessionTimeout == .milliseconds(4000))
    }

    static let millisecondVariables = [
        "KAFKA_LINGER_MS", "KAFKA_MESSAGE_TIMEOUT_MS", "KAFKA_SHUTDOWN_FLUSH_TIMEOUT_MS", "KAFKA_SESSION_TIMEOUT_MS",
        "KAFKA_FETCH_WAIT_MAX_MS",
    ]

    @Test("every Kafka duration variable names itself and the rule when malformed", arguments: millisecondVariables)
    func badDurationNamesTheVariable(variable: String) {
        for value in ["-5", "soon", "2147483648"] {
            #expect(
                throws: ConfigurationError(
                    variable: variable,
                    rule: "must be a whole number between 0 and 2147483647, got '\(value)'"
                )
            ) {
                _ = try KafkaProducerConfiguration.fromEnvironment([variable: value])
                _ = try KafkaConsumerConfiguration.fromEnvironment([variable: value], groupID: "g", topics: ["t"])
            }
        }
    }

    @Test("durations are read in whole milliseconds")
    func durations() throws {
        let producer = try KafkaProducerConfiguration.fromEnvironment([
            "KAFKA_LINGER_MS": "0", "KAFKA_MESSAGE_TIMEOUT_MS": "1500", "KAFKA_SHUTDOWN_FLUSH_TIMEOUT_MS": "250",
        ])
        #expect(producer.linger == .zero && producer.messageTimeout == .milliseconds(1500))
        #expect(producer.shutdownFlushTimeout == .milliseconds(250))
        let consumer = try KafkaConsumerConfiguration.fromEnvironment(["KAFKA_FETCH_WAIT_MAX_MS": "20"], groupID: "g", topics: ["t"])
        #expect(consumer.sessionTimeout == .seconds(6) && consumer.fetchWaitMax == .milliseconds(20))
    }

    @Test("the caller's own defaults stand unless a variable is set (empty counts as unset)")
    func baseDefaults() throws {
        let base = KafkaProducerConfiguration(
            bootstrapServers: StackDefaults.kafkaBootstrapServers,
            clientID: "enrollment-service",
            messageTimeout: .seconds(10)
        )
        let unset = try KafkaProducerConfiguration.fromEnvironment(["KAFKA_CLIENT_ID": ""], base: base)
        #expect(unset.clientID == "enrollment-service" && unset.messageTimeout == .seconds(10))
        let set = try KafkaProducerConfiguration.fromEnvironment(
            ["KAFKA_CLIENT_ID": "mine", "KAFKA_MESSAGE_TIMEOUT_MS": "3000"],
            base: base
        )
        #expect(set.clientID == "mine" && set.messageTimeout == .seconds(3))
    }
}
