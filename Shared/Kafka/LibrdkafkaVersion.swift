import CRdKafka

/// The librdkafka linked at run time.
public enum Librdkafka {
    /// librdkafka's own version string, for example `2.8.0`.
    public static var version: String { String(cString: rd_kafka_version_str()) }
}
