import ChildProcess
import Foundation
import Kafka
import Logging
import PostgresNIO
import Settings
import Testing

@testable import Benefits

/// How database failures are classified, statement timeouts and TLS modes, against the real server.
@Suite("Database failures, timeouts and TLS")
struct DatabaseFailureTests {
    /// A failing statement on the real server, and how the pipeline must treat it.
    static let statements: [(sql: String, expected: FailureClass)] = [
        ("SELECT 'a' || chr(0)", .poison),  // 22021 / 54000: the value cannot be held
        ("SELECT 1 / 0", .poison),  // 22012 data exception
        ("SELECT repeat('x', 10)::int", .poison),  // 22P02
        ("SELECT * FROM no_such_table", .unreachable),  // 42P01: the deployment's fault, not the data's
        ("SELECT pg_sleep(10)", .unreachable),  // 57014 statement timeout: load, not data
    ]

    @Test("failures by the data are poison, everything else waits", arguments: 0..<statements.count)
    func classification(index: Int) async throws {
        let (sql, expected) = Self.statements[index]
        try await TestDatabase.withFresh { client, settings in
            // Two seconds: with less, a loaded machine times out the poison statements too (57014).
            let limited = settings.with(poolSize: 1, statementTimeout: .seconds(2))
            try await TestDatabase.withClient(limited) { limitedClient in
                do {
                    try await limitedClient.withConnection { connection in
                        try await connection.run(PostgresQuery(unsafeSQL: sql), logger: TestDatabase.logger)
                    }
                    Issue.record("\(sql) did not fail")
                } catch {
                    #expect(FailureClass.of(error) == expected, "\(sql): \(DatabaseMessage.of(error))")
                }
            }
        }
    }

    @Test("an error thrown by the computation is poison; no connection is unreachable")
    func nonDatabaseErrors() async throws {
        struct EngineBug: Error {}
        #expect(FailureClass.of(ComputationFailure(underlying: EngineBug())) == .poison)
        #expect(FailureClass.of(DatabaseUnreachable(waited: .seconds(1))) == .unreachable)
        #expect(FailureClass.of(CancellationError()) == .unreachable)
        var closed = try TestDatabase.settings()
        closed.port = 1
        do {
            try await closed.connectOnce()
            Issue.record("port 1 answered")
        } catch {
            #expect(FailureClass.of(error) == .unreachable, "\(error)")
        }
    }

    @Test("a statement that failed to prepare (before the migrations) does not fail for good on the pipeline's one connection")
    func failedPreparationDoesNotStick() async throws {
        try await TestDatabase.withFresh(migrated: false) { client, settings in
            try await TestDatabase.withClient(settings.with(poolSize: 1, statementTimeout: nil)) { single in
                let store = BenefitsStore(client: single)
                await #expect(throws: PSQLError.self, "no consumer_offsets table yet") { try await store.offsets(group: "g") }
                try await TestDatabase.migrate(client)
                try await store.advanceOffsets(group: "g", to: [TopicPartition(topic: "t", partition: 0): 5])
                #expect(try await store.offsets(group: "g") == [TopicPartition(topic: "t", partition: 0): 5])
            }
        }
    }

    @Test("the statement timeout reaches every connection of a pool")
    func statementTimeout() async throws {
        var settings = try TestDatabase.settings()
        // A second, not less: on a loaded machine even `SHOW` can take a quarter of one.
        settings.statementTimeout = .seconds(1)
        try await TestDatabase.withClient(settings) { client in
            for try await value in try await client.query("SHOW statement_timeout", logger: TestDatabase.logger).decode(String.self) {
                #expect(value == "1s")
            }
            let started = ContinuousClock.now
            await #expect(throws: PSQLError.self) {
                try await client.withConnection { try await $0.run("SELECT pg_sleep(20)", logger: TestDatabase.logger) }
            }
            #expect(ContinuousClock.now - started < .seconds(15))
        }
    }

    @Test("PG_SSLMODE disable works here; require against this plain server fails with a clear error")
    func tlsModes() async throws {
        var settings = try TestDatabase.settings()
        settings.tlsMode = .disable
        try await TestDatabase.withClient(settings) { client in
            _ = try await client.query("SELECT 1", logger: TestDatabase.logger)
        }
        // A loaded machine (dozens of test databases created at once) can delay a connect past
        // its 10 s limit; only a timeout is tried again, any other problem fails at once.
        var none = await settings.connectionProblem()
        for _ in 0..<3 where none?.contains("Connect timeout") == true {
            none = await settings.connectionProblem()
        }
        #expect(none == nil, "\(none ?? "")")
        settings.tlsMode = .require
        do {
            try await settings.connectOnce()
            Issue.record("require connected to a server without TLS")
        } catch {
            #expect(FailureClass.of(error) == .unreachable, "waited for, never taken for the data's fault")
        }
        let problem = await settings.connectionProblem()
        #expect(problem == "PG_SSLMODE is require but the server at \(settings.host):\(settings.port) does not support TLS")
    }

    @Test("a server that is not there is named with the socket's own error, not PSQLError's generic text")
    func nothingListening() async throws {
        var settings = try TestDatabase.settings()
        settings.port = try LoopbackPort.free()
        let problem = await settings.connectionProblem() ?? ""
        #expect(problem.hasPrefix("cannot connect to 127.0.0.1:\(settings.port): connectionError: "), "\(problem)")
        #expect(problem.contains("refused"), "\(problem)")
        #expect(!problem.contains("Generic description"))
    }

    @Test("PG_SSLMODE, PG_SSLROOTCERT and PG_STATEMENT_TIMEOUT_MS are read and checked")
    func environment() throws {
        let defaults = try DatabaseSettings.fromEnvironment([:])
        #expect(defaults.tlsMode == .disable && defaults.statementTimeout == .seconds(60))
        let set = try DatabaseSettings.fromEnvironment(["PG_SSLMODE": "require", "PG_STATEMENT_TIMEOUT_MS": "0"])
        #expect(set.tlsMode == .require && set.statementTimeout == nil)
        #expect(throws: ConfigurationError(variable: "PG_SSLMODE", rule: "must be one of disable, require, verify-full, got prefer")) {
            try DatabaseSettings.fromEnvironment(["PG_SSLMODE": "prefer"])
        }
        #expect(throws: ConfigurationError(variable: "PG_SSLROOTCERT", rule: "is required when PG_SSLMODE is verify-full")) {
            try DatabaseSettings.fromEnvironment(["PG_SSLMODE": "verify-full"])
        }
        #expect(throws: ConfigurationError.self) {
            try DatabaseSettings.fromEnvironment(["PG_SSLMODE": "verify-full", "PG_SSLROOTCERT": "/no/such/ca.pem"])
        }
        let api = APIDatabaseSettings(poolSize: 2, statementTimeout: .seconds(5)).applied(to: defaults)
        #expect(api.poolSize == 2 && api.statementTimeout == .seconds(5) && api.host == defaults.host)
    }
}
