import Logging
import PostgresNIO

/// One PostgreSQL connection per use, for the programs that only look into the database now
/// and then (`insurance-sample smoke`, the system tests): opened, used, closed, also when the
/// use throws. Plain text (no TLS): both talk to the local stack or a port given to them.
public enum PostgresOnce {
    /// Opens a connection, runs `body` on it and closes it. A failed connect is thrown as what
    /// `unreachable` makes of the error, so that the caller can say where it looked; an error of
    /// `body` is thrown as it is. A failure to close after `body` returned is not one of the use.
    public static func with<T: Sendable>(
        _ login: some PostgresLogin,
        logger: Logger,
        unreachable: (any Error) -> any Error,
        _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        let configuration = PostgresConnection.Configuration(
            host: login.host,
            port: login.port,
            username: login.user,
            password: login.password,
            database: login.database,
            tls: .disable
        )
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        } catch {
            throw unreachable(error)
        }
        do {
            let result = try await body(connection)
            try? await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }
}

/// Where a PostgreSQL database is and the login to use; the smoke suite's and the system
/// tests' settings, each read from their own variables.
public protocol PostgresLogin: Sendable {
    var host: String { get }
    var port: Int { get }
    var user: String { get }
    var password: String { get }
    var database: String { get }
}
