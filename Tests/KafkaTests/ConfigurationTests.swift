import Settings
import Testing

@testable import Kafka

@Suite struct ConfigurationTests {
    @Test(arguments: [
        ("KAFKA_PROPERTY_SECURITY_PROTOCOL", "security.protocol"),
        ("KAFKA_PROPERTY_SSL_CA_LOCATION", "ssl.ca.location"),
        ("KAFKA_PROPERTY_SASL_MECHANISMS", "sasl.mechanisms"),
        ("KAFKA_PROPERTY_COMPRESSION_TYPE", "compression.type"),
    ])
    func propertyVariableMapsToDottedName(variable: String, property: String) {
        #expect(KafkaPropertyVariables.propertyName(fromVariable: variable) == property)
    }

    @Test func producerReadsEnvironmentAndKeepsIdempotenceUnlessOverridden() throws {
        let configuration = try KafkaProducerConfiguration.fromEnvironment([
            "KAFKA_BOOTSTRAP_SERVERS": "broker-1:9092,broker-2:9092",
            "KAFKA_LINGER_MS": "20",
            "KAFKA_PROPERTY_SECURITY_PROTOCOL": "SASL_SSL",
            "UNRELATED": "x",
        ])
        let properties = configuration.librdkafkaProperties
        #expect(properties["bootstrap.servers"] == "broker-1:9092,broker-2:9092")
        #expect(properties["linger.ms"] == "20")
        #expect(properties["security.protocol"] == "SASL_SSL")
        #expect(properties["enable.idempotence"] == "true")
        #expect(properties["acks"] == "all")
        #expect(properties.keys.allSatisfy { !$0.contains("unrelated") })
    }

    @Test func badNumberNamesTheVariableAndTheRule() {
        #expect {
            _ = try KafkaProducerConfiguration.fromEnvironment(["KAFKA_LINGER_MS": "soon"])
        } throws: { error in
            error as? ConfigurationError
                == ConfigurationError(variable: "KAFKA_LINGER_MS", rule: "must be a whole number between 0 and 2147483647, got 'soon'")
        }
    }

    @Test func consumerCommitsOnlyWhatItIsToldWithCooperativeAssignment() throws {
        let configuration = try KafkaConsumerConfiguration.fromEnvironment(
            ["KAFKA_SESSION_TIMEOUT_MS": "4000", "KAFKA_GROUP_ID": "override"],
            groupID: "benefits",
            topics: ["t"]
        )
        let properties = configuration.librdkafkaProperties
        #expect(properties["group.id"] == "override")
        #expect(properties["enable.auto.commit"] == "false")
        #expect(properties["enable.auto.offset.store"] == "false")
        #expect(properties["partition.assignment.strategy"] == "cooperative-sticky")
        #expect(properties["session.timeout.ms"] == "4000")
    }

    @Test func unknownLibrdkafkaPropertyIsRejectedByName() {
        var configuration = KafkaProducerConfiguration()
        configuration.properties["no.such.property"] = "1"
        #expect {
            _ = try KafkaProducer(configuration: configuration, logger: TestBroker.logger)
        } throws: { error in
            (error as? KafkaError)?.message.contains("no.such.property") == true
        }
    }

    @Test(arguments: [("", ["t"], "group.id"), ("g", [], "topics"), ("g", [""], "topics")])
    func consumerRefusesMissingGroupOrTopicsNamingTheField(group: String, topics: [String], field: String) {
        #expect {
            _ = try KafkaConsumer(configuration: KafkaConsumerConfiguration(groupID: group, topics: topics), logger: TestBroker.logger)
        } throws: { error in
            (error as? KafkaError)?.message.contains("'\(field)'") == true
        }
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

    @Test("durations are read in milliseconds and given to librdkafka in milliseconds")
    func durations() throws {
        let producer = try KafkaProducerConfiguration.fromEnvironment([
            "KAFKA_LINGER_MS": "0", "KAFKA_MESSAGE_TIMEOUT_MS": "1500", "KAFKA_SHUTDOWN_FLUSH_TIMEOUT_MS": "250",
        ])
        #expect(producer.linger == .zero && producer.messageTimeout == .milliseconds(1500))
        #expect(producer.shutdownFlushTimeout == .milliseconds(250))
        #expect(producer.librdkafkaProperties["linger.ms"] == "0")
        #expect(producer.librdkafkaProperties["message.timeout.ms"] == "1500")
        let consumer = try KafkaConsumerConfiguration.fromEnvironment(["KAFKA_FETCH_WAIT_MAX_MS": "20"], groupID: "g", topics: ["t"])
        #expect(consumer.sessionTimeout == .seconds(6) && consumer.fetchWaitMax == .milliseconds(20))
        #expect(consumer.librdkafkaProperties["fetch.wait.max.ms"] == "20")
        #expect(consumer.librdkafkaProperties["heartbeat.interval.ms"] == "2000")
    }

    @Test("the caller's own defaults stand unless a variable is set (empty counts as unset)")
    func baseDefaults() throws {
        let base = KafkaProducerConfiguration(clientID: "enrollment-service", messageTimeout: .seconds(10))
        let unset = try KafkaProducerConfiguration.fromEnvironment(["KAFKA_CLIENT_ID": ""], base: base)
        #expect(unset.clientID == "enrollment-service" && unset.messageTimeout == .seconds(10))
        let set = try KafkaProducerConfiguration.fromEnvironment(
            ["KAFKA_CLIENT_ID": "mine", "KAFKA_MESSAGE_TIMEOUT_MS": "3000"],
            base: base
        )
        #expect(set.clientID == "mine" && set.messageTimeout == .seconds(3))
    }
}
