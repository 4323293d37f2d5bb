import Foundation
import PostgresNIO

/// Where the benefits service's PostgreSQL is, read from the environment.
///
/// | variable | default |
/// | --- | --- |
/// | `PG_HOST` | `127.0.0.1` |
/// | `PG_PORT` | `55432` |
/// | `PG_USER` | `insurance` |
/// | `PG_PASSWORD` | `insurance` |
/// | `PG_DATABASE` | `insurance` |
/// | `PG_POOL_SIZE` | `4` |
/// | `PG_STATEMENT_TIMEOUT_MS` | `60000` (0: none) |
/// | `PG_SSLMODE` | `disable` (`require`, `verify-full`) |
/// | `PG_SSLROOTCERT` | unset (CA file for `verify-full`) |
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
        host: String = "127.0.0.1", port: Int = 55432, username: String = "insurance",
        password: String = "insurance", database: String = "insurance", poolSize: Int = 4,
        statementTimeout: Duration? = .seconds(60), tlsMode: DatabaseTLSMode = .disable, tlsRootCertificate: String? = nil
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

    /// Reads `PG_*` variables; a malformed number is an error naming the variable.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(DatabaseSettingsError) -> DatabaseSettings {
        var settings = DatabaseSettings()
        if let host = environment["PG_HOST"], !host.isEmpty { settings.host = host }
        if let port = environment["PG_PORT"], !port.isEmpty {
            guard let value = Int(port), (1...65535).contains(value) else {
                throw DatabaseSettingsError(variable: "PG_PORT", rule: "must be a port number 1–65535, got \(port)")
            }
            settings.port = value
        }
        if let user = environment["PG_USER"], !user.isEmpty { settings.username = user }
        if let password = environment["PG_PASSWORD"] { settings.password = password }
        if let database = environment["PG_DATABASE"], !database.isEmpty { settings.database = database }
        if let pool = environment["PG_POOL_SIZE"], !pool.isEmpty {
            guard let value = Int(pool), value >= 1 else {
                throw DatabaseSettingsError(variable: "PG_POOL_SIZE", rule: "must be a whole number >= 1, got \(pool)")
            }
            settings.poolSize = value
        }
        if let timeout = environment["PG_STATEMENT_TIMEOUT_MS"], !timeout.isEmpty {
            guard let value = Int(timeout), (0...86_400_000).contains(value) else {
                throw DatabaseSettingsError(
                    variable: "PG_STATEMENT_TIMEOUT_MS", rule: "must be milliseconds 0–86400000 (0: no limit), got \(timeout)")
            }
            settings.statementTimeout = value == 0 ? nil : .milliseconds(value)
        }
        if let mode = environment["PG_SSLMODE"], !mode.isEmpty {
            guard let value = DatabaseTLSMode(rawValue: mode) else {
                let allowed = DatabaseTLSMode.allCases.map(\.rawValue).joined(separator: ", ")
                throw DatabaseSettingsError(variable: "PG_SSLMODE", rule: "must be one of \(allowed), got \(mode)")
            }
            settings.tlsMode = value
        }
        if let root = environment["PG_SSLROOTCERT"], !root.isEmpty { settings.tlsRootCertificate = root }
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
            host: host, port: port, username: username, password: password, database: database, tls: tls)
        configuration.options.maximumConnections = poolSize
        configuration.options.minimumConnections = 0
        if let statementTimeout {
            configuration.options.additionalStartupParameters = [
                ("statement_timeout", "\(max(1, statementTimeout.milliseconds))ms"),
            ]
        }
        return configuration
    }
}
