import InsuranceDomain
import Metrics
import Prometheus

/// The service's Prometheus metrics, kept in a registry of its own so that tests and
/// benchmarks can run several apps in one process without a global bootstrap.
package struct EnrollmentMetrics: Sendable {
    /// What `GET /metrics` renders.
    let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory

    /// Publish latency buckets: the broker round trip is milliseconds, a slow one seconds.
    static let publishLatencyBuckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = ["enrollment_publish_duration_seconds": Self.publishLatencyBuckets]
        self.factory = factory
    }

    /// Counts one HTTP answer by its status code.
    func recordRequest(status: Int) {
        Counter(label: "enrollment_http_requests_total", dimensions: [("status", String(status))], factory: self.factory).increment()
    }

    /// Counts events the broker acknowledged, by CloudEvent type.
    func recordPublished(_ events: [OutgoingEvent]) {
        var byType: [String: Int] = [:]
        for event in events { byType[event.type, default: 0] += 1 }
        for (type, count) in byType {
            Counter(label: "enrollment_events_published_total", dimensions: [("type", type)], factory: self.factory).increment(by: count)
        }
    }

    /// Counts events refused at validation, by where they came from (HTTP or file).
    func recordRejected(count: Int, channel: String) {
        guard count > 0 else { return }
        Counter(label: "enrollment_events_rejected_total", dimensions: [("channel", channel)], factory: self.factory).increment(by: count)
    }

    /// Observes how long one publish call took, success or not.
    func recordPublishLatency(_ duration: Duration, outcome: String) {
        Metrics.Timer(label: "enrollment_publish_duration_seconds", dimensions: [("outcome", outcome)], factory: self.factory)
            .recordNanoseconds(duration.nanoseconds)
    }

    /// The Prometheus text exposition of every metric.
    func render() -> [UInt8] {
        var buffer: [UInt8] = []
        self.registry.emit(into: &buffer)
        return buffer
    }
}
