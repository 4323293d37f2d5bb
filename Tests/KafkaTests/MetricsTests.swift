import Metrics
import MetricsTestKit
import TestSupport
import Testing

@testable import Kafka

@Suite struct MetricsTests {
    @Test func producedConsumedAndLagAreReported() async throws {
        let topic = try await TestBroker.makeTopic("metrics", partitions: 2)
        let group = uniqueName("metrics")
        let metrics = TestMetrics()
        var configuration = TestBroker.consumerConfiguration(group: group, topic: topic)
        configuration.lagReportInterval = .milliseconds(100)
        let (producer, consumer) = try withMetricsFactory(metrics) {
            (try TestBroker.producer(), try KafkaConsumer(configuration: configuration, logger: TestBroker.logger))
        }
        expectAllDelivered(await producer.send(wave("m", count: 100, topic: topic)))
        let run = Task { try await consumer.run() }
        let read = await collect(from: consumer, limit: .seconds(30)) { $0.count >= 100 }
        #expect(read.count == 100)
        // Lag is reported every 100 ms once the partition is assigned: wait for a report.
        let lagDimensions = [("group_id", group), ("topic", topic), ("partition", "0")]
        try await eventually("a lag report", within: .seconds(30)) {
            (try? metrics.expectGauge("kafka_consumer_lag", lagDimensions))?.lastValue != nil
        }
        consumer.triggerGracefulShutdown()
        try await run.value

        #expect(try metrics.expectCounter("kafka_producer_messages_total", [("client_id", "kafka-tests")]).totalValue == 100)
        #expect(try metrics.expectCounter("kafka_consumer_messages_total", [("group_id", group)]).totalValue == 100)
        let lag = try metrics.expectGauge("kafka_consumer_lag", lagDimensions)
        #expect((lag.lastValue ?? -1) >= 0)
    }
}
