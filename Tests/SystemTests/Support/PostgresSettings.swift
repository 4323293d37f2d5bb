import PostgresOnce
import Settings
import TestSupport

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
        let stack = StackAddress(ServiceEnvironment(environment))
        return PostgresSettings(
            host: stack.postgresHost,
            port: port,
            user: stack.postgresUser,
            password: stack.postgresPassword,
            database: stack.postgresDatabase
        )
    }

    func with(database: String) -> PostgresSettings {
        var copy = self
        copy.database = database
        return copy
    }
}
