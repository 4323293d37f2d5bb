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
        #expect(KafkaEnvironment.propertyName(fromVariable: variable) == property)
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
            let error = error as? KafkaConfigurationError
            return error?.variable == "KAFKA_LINGER_MS" && error?.rule.contains("integer") == true
        }
    }

    @Test func consumerCommitsOnlyWhatItIsToldWithCooperativeAssignment() throws {
        let configuration = try KafkaConsumerConfiguration.fromEnvironment(
            ["KAFKA_SESSION_TIMEOUT_MS": "4000", "KAFKA_GROUP_ID": "override"], groupID: "benefits", topics: ["t"])
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
}
