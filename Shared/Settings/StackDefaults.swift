/// Where the local stack listens (`scripts/stack.sh` starts it there, `scripts/lib/common.sh`
/// holds the same numbers for the shell): the one place the services' defaults, the tools and
/// the tests take the broker's and PostgreSQL's addresses from when the environment says nothing.
public enum StackDefaults {
    /// Both run on loopback only.
    public static let host = "127.0.0.1"
    /// The Kafka-protocol broker (Tansu locally, Apache Kafka in compose maps its own).
    public static let kafkaPort = 59092
    /// The project-local PostgreSQL.
    public static let postgresPort = 55432
    /// `host:kafkaPort`, as `KAFKA_BOOTSTRAP_SERVERS` spells it.
    public static var kafkaBootstrapServers: String { "\(host):\(kafkaPort)" }
}
