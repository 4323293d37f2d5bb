/// A `Duration` in the units metrics, timeouts and rates need. The one copy for the services
/// and benchmarks (the Kafka layer, which depends on none of our libraries, keeps its own
/// `milliseconds` for librdkafka's timeouts).
extension Duration {
    /// Whole nanoseconds, rounded toward zero.
    public var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    /// Whole milliseconds, rounded toward zero.
    public var milliseconds: Int64 { nanoseconds / 1_000_000 }

    /// Seconds as a floating-point number, for rates.
    public var inSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
