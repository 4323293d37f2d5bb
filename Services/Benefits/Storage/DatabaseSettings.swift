import Foundation
import PostgresNIO
import Settings

/// Where the benefits service's PostgreSQL is, read from the `PG_*` variables (defaults in
/// the configuration table of docs/operations.md).
public struct DatabaseSettings: Sendable, Hashable {
    public var host: String
    public var port: Int
    public var username: String
    public var password: String
    public var database: String
    /// Most connections the pool opens.
    public var poolSize: Int
    /// PostgreSQL's `statement_timeout` for every connection of the pool (nil: the server's
    /// setting): a statement running longer is cancelled (SQLSTATE 57014) instead of holding
    /// its connection and locks indefinitely.
    public var statementTimeout: Duration?
    public var tlsMode: DatabaseTLSMode
    /// The CA certificates (PEM) `verify-full` checks the server against.
    public var tlsRootCertificate: String?

    public init(
        host: String = "127.0.0.1",
        port: Int = 55432,
        username: String = "insurance",
        password: String = "insurance",
        database: String = "insurance",
        poolSize: Int = 4,
        statementTimeout: Duration? = .seconds(60),
        tlsMode: DatabaseTLSMode = .disable,
        tlsRootCertificate: String? = nil
    ) {
        self.statementTimeout = statementTimeout
        self.tlsMode = tlsMode
        self.tlsRootCertificate = tlsRootCertificate
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.poolSize = poolSize
    }

    /// Reads `PG_*` variables; a malformed value is an error naming the variable and the rule.
    public static func fromEnvironment(
        _ environment: ServiceEnvironment = ServiceEnvironment()
    ) throws(ConfigurationError) -> DatabaseSettings {
        let defaults = DatabaseSettings()
        let statementTimeout = try environment.milliseconds("PG_STATEMENT_TIMEOUT_MS", default: defaults.statementTimeout ?? .zero)
        let settings = DatabaseSettings(
            host: environment.string("PG_HOST", default: defaults.host),
            port: try environment.int("PG_PORT", default: defaults.port, in: 1...65535),
            username: environment.string("PG_USER", default: defaults.username),
            // Set but empty is a password too (a server that trusts the connection ignores it);
            // PG_PASSWORD_FILE (a Docker secret) wins over PG_PASSWORD.
            password: try environment.optionalSecret("PG_PASSWORD") ?? defaults.password,
            database: environment.string("PG_DATABASE", default: defaults.database),
            poolSize: try environment.int("PG_POOL_SIZE", default: defaults.poolSize, in: 1...Int.max),
            statementTimeout: statementTimeout == .zero ? nil : statementTimeout,
            tlsMode: try environment.choice("PG_SSLMODE", default: defaults.tlsMode),
            tlsRootCertificate: environment.optionalString("PG_SSLROOTCERT")
        )
        // Checked now so that a missing or unreadable CA file stops the start with the variable's name.
        _ = try settings.tlsMode.tlsConfiguration(rootCertificate: settings.tlsRootCertificate)
        return settings
    }

    /// The same settings pointed at another database of the cluster (tests use a database each).
    public func with(database: String) -> DatabaseSettings {
        var copy = self
        copy.database = database
        return copy
    }

    /// The TLS settings of `tlsMode` (nil: plain TCP). One that cannot be built (checked by
    /// `fromEnvironment`) trusts no certificate, so the connection fails rather than goes in clear.
    var tlsSettings: TLSConfiguration? {
        do {
            return try tlsMode.tlsConfiguration(rootCertificate: tlsRootCertificate)
        } catch {
            var strict = TLSConfiguration.makeClientConfiguration()
            strict.trustRoots = .certificates([])
            return strict
        }
    }

    /// The same settings with another pool size and statement timeout (the HTTP side's own pool).
    public func with(poolSize: Int, statementTimeout: Duration?) -> DatabaseSettings {
        var copy = self
        copy.poolSize = poolSize
        copy.statementTimeout = statementTimeout
        return copy
    }

    /// A `PostgresClient` configuration for these settings. The statement timeout travels as a
    /// startup parameter, so every connection has it from its first statement on. A TLS setting
    /// that cannot be built (checked by `fromEnvironment`) falls back to refusing to connect
    /// in clear: `require` with an empty trust store fails the handshake rather than downgrading.
    public var clientConfiguration: PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS = tlsSettings.map { .require($0) } ?? .disable
        var configuration = PostgresClient.Configuration(
            host: host,
            port: port,
            username: username,
            password: password,
            database: database,
            tls: tls
        )
        configuration.options.maximumConnections = poolSize
        configuration.options.minimumConnections = 0
        if let statementTimeout {
            configuration.options.additionalStartupParameters = [
                ("statement_timeout", "\(max(1, statementTimeout.milliseconds))ms")
            ]
        }
        return configuration
    }
}
