import Settings

/// Where the tests find the local stack (`scripts/stack.sh`): `KAFKA_BOOTSTRAP_SERVERS` and
/// `PG_HOST`, `PG_PORT`, `PG_USER`, `PG_PASSWORD`, `PG_DATABASE`, read as the services read them
/// (`ServiceEnvironment`: set but empty counts as unset), else `StackDefaults` and the stack's login.
public struct StackAddress: Sendable {
    /// The stack's PostgreSQL login and database (`scripts/lib/common.sh` creates them).
    public static let stackLogin = "insurance"

    public let environment: ServiceEnvironment

    public init(_ environment: ServiceEnvironment = ServiceEnvironment()) {
        self.environment = environment
    }

    public var kafkaBootstrapServers: String {
        environment.string("KAFKA_BOOTSTRAP_SERVERS", default: StackDefaults.kafkaBootstrapServers)
    }
    public var postgresHost: String { environment.string("PG_HOST", default: StackDefaults.host) }
    public var postgresUser: String { environment.string("PG_USER", default: Self.stackLogin) }
    public var postgresPassword: String { environment.string("PG_PASSWORD", default: Self.stackLogin) }
    public var postgresDatabase: String { environment.string("PG_DATABASE", default: Self.stackLogin) }

    /// `PG_PORT`, parsed here for every test target: a port number (1–65535), else
    /// `StackDefaults.postgresPort`; anything else is an error naming `PG_PORT` and the rule
    /// ("PG_PORT: must be a whole number between 1 and 65535, got '…'"), as the services say it.
    public var postgresPort: Int {
        get throws(ConfigurationError) { try environment.int("PG_PORT", default: StackDefaults.postgresPort, in: 1...65_535) }
    }

    /// The stack's PostgreSQL: host, port, login and the login's own database.
    public func postgres() throws(ConfigurationError) -> PostgresSettings {
        PostgresSettings(
            host: postgresHost,
            port: try postgresPort,
            user: postgresUser,
            password: postgresPassword,
            database: postgresDatabase
        )
    }
}
