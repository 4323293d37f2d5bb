import Testing

@testable import Kafka

/// The typed settings as librdkafka gets them; reading them from the environment is
/// `Settings`' part (Tests/ServiceSupportTests/KafkaSettingsTests.swift).
@Suite struct ConfigurationTests {
    @Test func producerKeepsIdempotenceUnlessOverridden() {
        let configuration = KafkaProducerConfiguration(
            bootstrapServers: "broker-1:9092,broker-2:9092",
            linger: .milliseconds(20),
            properties: ["security.protocol": "SASL_SSL"]
        )
        let properties = configuration.librdkafkaProperties
        #expect(properties["bootstrap.servers"] == "broker-1:9092,broker-2:9092")
        #expect(properties["linger.ms"] == "20")
        #expect(properties["security.protocol"] == "SASL_SSL")
        #expect(properties["enable.idempotence"] == "true")
        #expect(properties["acks"] == "all")
    }

    @Test func consumerCommitsOnlyWhatItIsToldWithCooperativeAssignment() {
        let configuration = KafkaConsumerConfiguration(
            groupID: "override",
            topics: ["t"],
            bootstrapServers: TestBroker.bootstrapServers,
            sessionTimeout: .milliseconds(4000)
        )
        let properties = configuration.librdkafkaProperties
        #expect(properties["group.id"] == "override")
        #expect(properties["enable.auto.commit"] == "false")
        #expect(properties["enable.auto.offset.store"] == "false")
        #expect(properties["partition.assignment.strategy"] == "cooperative-sticky")
        #expect(properties["session.timeout.ms"] == "4000")
    }

    @Test func unknownLibrdkafkaPropertyIsRejectedByName() {
        var configuration = KafkaProducerConfiguration(bootstrapServers: TestBroker.bootstrapServers)
        configuration.properties["no.such.property"] = "1"
        #expect {
            _ = try KafkaProducer(configuration: configuration, logger: TestBroker.logger)
        } throws: { error in
            (error as? KafkaError)?.message.contains("no.such.property") == true
        }
    }

    /// docker-compose.yml's clients log in with SASL/SCRAM-SHA-512 (docs/security.md): the
    /// librdkafka the services link must offer it, which it checks when a client is created
    /// (an unknown mechanism fails there, as the second half shows).
    @Test("the clients can be made with compose's SASL/SCRAM-SHA-512 settings; an unknown mechanism is refused at once")
    func saslScramIsSupported() async throws {
        let sasl = [
            "security.protocol": "SASL_PLAINTEXT", "sasl.mechanism": "SCRAM-SHA-512",
            "sasl.username": "benefits-service", "sasl.password": "0123456789abcdef0123",
        ]
        var producerConfiguration = KafkaProducerConfiguration(bootstrapServers: "127.0.0.1:1")
        producerConfiguration.properties = sasl
        let producer = try KafkaProducer(configuration: producerConfiguration, logger: TestBroker.logger)
        async let running: Void = producer.run()
        producer.triggerGracefulShutdown()
        try await running
        var consumerConfiguration = KafkaConsumerConfiguration(groupID: "g", topics: ["t"], bootstrapServers: "127.0.0.1:1")
        consumerConfiguration.properties = sasl
        _ = try KafkaConsumer(configuration: consumerConfiguration, logger: TestBroker.logger)

        producerConfiguration.properties["sasl.mechanism"] = "SCRAM-SHA-999"
        #expect(throws: KafkaError.self) { _ = try KafkaProducer(configuration: producerConfiguration, logger: TestBroker.logger) }
    }

    @Test(arguments: [("", ["t"], "group.id"), ("g", [], "topics"), ("g", [""], "topics")])
    func consumerRefusesMissingGroupOrTopicsNamingTheField(group: String, topics: [String], field: String) {
        #expect {
            _ = try KafkaConsumer(
                configuration: KafkaConsumerConfiguration(groupID: group, topics: topics, bootstrapServers: TestBroker.bootstrapServers),
                logger: TestBroker.logger
            )
        } throws: { error in
            (error as? KafkaError)?.message.contains("'\(field)'") == true
        }
    }

    @Test("durations are given to librdkafka in milliseconds")
    func durations() {
        let producer = KafkaProducerConfiguration(
            bootstrapServers: TestBroker.bootstrapServers,
            linger: .zero,
            messageTimeout: .milliseconds(1500)
        )
        #expect(producer.librdkafkaProperties["linger.ms"] == "0")
        #expect(producer.librdkafkaProperties["message.timeout.ms"] == "1500")
        let consumer = KafkaConsumerConfiguration(
            groupID: "g",
            topics: ["t"],
            bootstrapServers: TestBroker.bootstrapServers,
            fetchWaitMax: .milliseconds(20)
        )
        #expect(consumer.librdkafkaProperties["fetch.wait.max.ms"] == "20")
        #expect(consumer.librdkafkaProperties["heartbeat.interval.ms"] == "2000")
    }
}
