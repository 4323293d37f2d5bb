import PostgresOnce
import Settings

/// How to reach the stack's PostgreSQL (`PG_*` variables, stack defaults).
struct PostgresSettings: PostgresLogin {
    var host: String
    var port: Int
    var user: String
    var password: String
    var database: String

    static func fromEnvironment(_ environment: [String: String]) throws -> PostgresSettings {
        let portText = environment["PG_PORT"] ?? String(StackDefaults.postgresPort)
        guard let port = Int(portText), (1...65_535).contains(port) else {
            throw SystemTestError("PG_PORT '\(portText)' must be a port number (1–65535)")
        }
        return PostgresSettings(
            host: environment["PG_HOST"] ?? "127.0.0.1",
            port: port,
            user: environment["PG_USER"] ?? "insurance",
            password: environment["PG_PASSWORD"] ?? "insurance",
            database: environment["PG_DATABASE"] ?? "insurance"
        )
    }

    func with(database: String) -> PostgresSettings {
        var copy = self
        copy.database = database
        return copy
    }
}
