import Logging
import PostgresNIO

extension DatabaseSettings {
    /// Opens one connection outside any pool, with these settings, and closes it; throws the
    /// connection's own error (refused, TLS not supported, authentication failed).
    ///
    /// Why: a pool that cannot connect keeps retrying until its circuit breaker opens (about a
    /// minute) and then reports only that; one direct attempt says why at once.
    public func connectOnce(logger: Logger = Logger(label: "benefits.database.probe")) async throws {
        var configuration = PostgresConnection.Configuration(
            host: host,
            port: port,
            username: username,
            password: password,
            database: database,
            tls: try tlsSettings.map { .require(try NIOSSLContext(configuration: $0)) } ?? .disable
        )
        // PostgresNIO's default: the limit covers the login too (SCRAM), slow on a busy machine.
        configuration.options.connectTimeout = .seconds(10)
        let connection = try await PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.any(),
            configuration: configuration,
            id: 0,
            logger: logger
        ).get()
        try await connection.close()
    }

    /// Why a connection cannot be opened, in words for the log; nil when one can.
    public func connectionProblem() async -> String? {
        do {
            try await connectOnce()
            return nil
        } catch let error as PSQLError where error.code == .sslUnsupported {
            return "PG_SSLMODE is \(tlsMode.rawValue) but the server at \(host):\(port) does not support TLS"
        } catch {
            return "cannot connect to \(host):\(port): \(DatabaseMessage.of(error, includeDetail: false))"
        }
    }
}
