import Testing

@testable import Kafka

/// Our producers choose a key's partition as the Java client does, so a person's events
/// share a partition whether an upstream Java producer or one of our services wrote them.
@Suite struct PartitionerCompatibilityTests {
    /// Hashes published in Apache Kafka's own `UtilsTest.testMurmur2`.
    static let javaVectors: [(String, Int32)] = [
        ("21", -973_932_308),
        ("foobar", -790_332_482),
        ("a-little-bit-long-string", -985_981_536),
        ("a-little-bit-longer-string", -1_486_304_829),
        ("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58_897_971),
        ("abc", 479_470_107),
    ]

    @Test("the reference hash gives the Java client's published values", arguments: javaVectors)
    func referenceMatchesJava(key: String, expected: Int32) {
        #expect(JavaMurmur2.hash(bytes(key)) == expected)
    }

    @Test("producers are configured with librdkafka's murmur2_random unless overridden")
    func defaultPartitioner() {
        #expect(KafkaProducerConfiguration(bootstrapServers: TestBroker.bootstrapServers).librdkafkaProperties["partitioner"] == "murmur2_random")
        var overridden = KafkaProducerConfiguration(bootstrapServers: TestBroker.bootstrapServers)
        overridden.properties["partitioner"] = "consistent_random"
        #expect(overridden.librdkafkaProperties["partitioner"] == "consistent_random")
    }

    /// Person numbers as the sample city makes them, short and long keys, every tail length.
    static let keys =
        javaVectors.map(\.0)
        + (0..<200).map { "P7e8-\($0 * 7919)" }
        + (1...64).map { String(repeating: "x", count: $0) }

    /// Sends every key once with `configuration` and compares the partition in each delivery
    /// report with the Java client's choice; returns the keys that differ and the partitions used.
    static func compare(_ configuration: KafkaProducerConfiguration, partitions: Int32) async throws -> (mismatches: [String], used: Set<Int32>) {
        let topic = try await TestBroker.makeTopic("murmur2", partitions: partitions)
        let producer = try KafkaProducer(configuration: configuration, logger: TestBroker.logger)
        defer { producer.triggerGracefulShutdown() }
        let results = await producer.send(keys.map { KafkaOutgoingMessage(topic: topic, key: bytes($0), value: bytes("v")) })
        var mismatches: [String] = []
        var used = Set<Int32>()
        for (key, result) in zip(keys, results) {
            let report = try result.get()
            used.insert(report.partition)
            let java = JavaMurmur2.partition(forKey: bytes(key), partitions: partitions)
            if report.partition != java { mismatches.append("\(key): ours \(report.partition), Java \(java)") }
        }
        return (mismatches, used)
    }

    static func configuration(_ properties: [String: String] = [:]) -> KafkaProducerConfiguration {
        KafkaProducerConfiguration(
            bootstrapServers: TestBroker.bootstrapServers,
            clientID: "kafka-tests",
            linger: .milliseconds(1),
            properties: properties
        )
    }

    @Test("the broker's delivery reports put every key where Java would", arguments: [6, 7] as [Int32])
    func deliveredPartitionsMatchJava(partitions: Int32) async throws {
        let (mismatches, used) = try await Self.compare(Self.configuration(), partitions: partitions)
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(Self.keys.count) keys differ: \(mismatches.prefix(5))")
        #expect(used.count == Int(partitions), "the keys should spread over every partition")
    }

    @Test("control: librdkafka's own default (consistent_random, CRC32) would not match")
    func librdkafkaDefaultDiffers() async throws {
        let (mismatches, _) = try await Self.compare(Self.configuration(["partitioner": "consistent_random"]), partitions: 6)
        #expect(mismatches.count > Self.keys.count / 2, "only \(mismatches.count) of \(Self.keys.count) keys differ")
    }
}
