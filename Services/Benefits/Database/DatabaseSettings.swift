import Foundation
import Logging
import PostgresNIO
import Settings

/// Where the benefits service's PostgreSQL is, read from the `PG_*` variables (defaults in
/// the configuration table of docs/operations.md).
package struct DatabaseSettings: Sendable, Hashable {
    package var host: String
    package var port: Int
    package var username: String
    package var password: String
    package var database: String
    /// Most connections the pool opens.
    var poolSize: Int
    /// PostgreSQL's `statement_timeout` for every connection of the pool (nil: the server's
    /// setting): a statement running longer is cancelled (SQLSTATE 57014) instead of holding
    /// its connection and locks indefinitely.
    var statementTimeout: Duration?
    var tlsMode: DatabaseTLSMode
    /// The CA certificates (PEM) `verify-full` checks the server against.
    var tlsRootCertificate: String?

    package init(
        host: String = "127.0.0.1",
        port: Int = StackDefaults.postgresPort,
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
    package static func fromEnvironment(
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
    package func with(database: String) -> DatabaseSettings {
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
    func with(poolSize: Int, statementTimeout: Duration?) -> DatabaseSettings {
        var copy = self
        copy.poolSize = poolSize
        copy.statementTimeout = statementTimeout
        return copy
    }

    /// A `PostgresClient` configuration for these settings. The statement timeout travels as a
    /// startup parameter, so every connection has it from its first statement on. A TLS setting
    /// that cannot be built (checked by `fromEnvironment`) falls back to refusing to connect
    /// in clear: `require` with an empty trust store fails the handshake rather than downgrading.
    package var clientConfiguration: PostgresClient.Configuration {
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

extension DatabaseSettings {
    /// Opens one connection outside any pool, with these settings, and closes it; throws the
    /// connection's own error (refused, TLS not supported, authentication failed).
    ///
    /// Why: a pool that cannot connect keeps retrying until its circuit breaker opens (about a
    /// minute) and then reports only that; one direct attempt says why at once.
    func connectOnce(logger: Logger = Logger(label: "benefits.database.probe")) async throws {
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
    func connectionProblem() async -> String? {
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

/// `PG_SSLMODE`: whether and how the connection to PostgreSQL is encrypted, named as libpq
/// names them so operators recognise the values.
package enum DatabaseTLSMode: String, Sendable, Hashable, CaseIterable {
    /// Plain TCP (the local default: the database is on the same host).
    case disable
    /// TLS required, the server's certificate not checked (encryption against eavesdropping only).
    case require
    /// TLS required, the certificate checked against `PG_SSLROOTCERT` and the host name.
    case verifyFull = "verify-full"

    /// The TLS settings (nil: plain TCP); `rootCertificate` is the CA file for `verify-full`.
    func tlsConfiguration(rootCertificate: String?) throws(ConfigurationError) -> TLSConfiguration? {
        switch self {
        case .disable:
            return nil
        case .require:
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.certificateVerification = .none
            return tls
        case .verifyFull:
            guard let rootCertificate else {
                throw ConfigurationError(variable: "PG_SSLROOTCERT", rule: "is required when PG_SSLMODE is verify-full")
            }
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.certificateVerification = .fullVerification
            do {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(rootCertificate))
            } catch {
                throw ConfigurationError(
                    variable: "PG_SSLROOTCERT",
                    rule: "must name a readable PEM file of CA certificates, got '\(rootCertificate)'"
                )
            }
            return tls
        }
    }
}
