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
public struct DatabaseSettings: Sendable, Hashable {
    public var host: String
    public var port: Int
    public var username: String
    public var password: String
    public var database: String
    /// Most connections the pool opens.
    public var poolSize: Int

    public init(
        host: String = "127.0.0.1", port: Int = 55432, username: String = "insurance",
        password: String = "insurance", database: String = "insurance", poolSize: Int = 4
    ) {
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
        return settings
    }

    /// The same settings pointed at another database of the cluster (tests use a database each).
    public func with(database: String) -> DatabaseSettings {
        var copy = self
        copy.database = database
        return copy
    }

    /// A `PostgresClient` configuration for these settings (plain TCP: the database is local or on a private network).
    public var clientConfiguration: PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: .disable)
        configuration.options.maximumConnections = poolSize
        configuration.options.minimumConnections = 0
        return configuration
    }
}
