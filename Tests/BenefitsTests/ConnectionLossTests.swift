import Foundation
import PostgresNIO
import Synchronization
import TestSupport
import Testing

@testable import Benefits

/// A PostgreSQL crash ends connections in the middle of a batch's statements. Every such batch
/// must end — stored, or failed with an error the pipeline retries — and never wait forever or
/// trap (PostgresNIO's COPY did both; issue 13's DatabaseCrashTests found it).
@Suite("Storing while the server ends connections")
struct ConnectionLossTests {
    @Test("batches whose connections the server ends mid-transaction all end, on both write paths", arguments: IngestTests.paths)
    func everyAttemptEnds(bulkThreshold: Int) async throws {
        try await TestDatabase.withFresh { client, settings in
            let store = BenefitsStore(client: client, bulkThreshold: bulkThreshold)
            let database = settings.database
            let attempts = 12
            let ended = EndedCount()
            var connectionsEnded = 0
            for attempt in 0..<attempts {
                let events = (0..<3_000).map { SampleEvents.event(attempt * 3_000 + $0, person: "p\($0 % 700)") }
                let ingest = Task {
                    defer { ended.add() }
                    _ = try? await store.ingest(batch: IngestBatch(events: events), recompute: SampleEvents.recompute)
                }
                // The server ends every other connection to this database after a varying delay,
                // which across the attempts falls on each statement of the transaction.
                try await Task.sleep(for: .milliseconds(5 + attempt * 15))
                // Only backends past their start-up: one still starting has no role yet and cannot be
                // ended by this login. The rows are read, so that an error fails the test.
                connectionsEnded += try await TestDatabase.withClient(settings.with(database: "postgres")) { admin in
                    try await TestDatabase.count(
                        """
                        SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity
                        WHERE datname = \(database) AND usename = current_user AND pid <> pg_backend_pid()
                        """,
                        on: admin
                    )
                }
                let deadline = ContinuousClock.now + .seconds(20)
                while ended.value <= attempt, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(10))
                }
                if ended.value <= attempt {
                    ingest.cancel()
                    Issue.record("attempt \(attempt): the batch never ended after its connection was ended")
                    return
                }
            }
            #expect(ended.value == attempts)
            #expect(connectionsEnded > 0, "no connection was ended: the test exercised nothing")
            // What did commit is whole: every stored event is counted once on its person.
            #expect(
                try await TestDatabase.count(
                    """
                    SELECT count(*) FROM persons p
                    WHERE p.event_count <> (SELECT count(*) FROM events e WHERE e.person_id = p.person_id)
                    """,
                    on: client
                ) == 0
            )
        }
    }
}

extension ConnectionLossTests {
    /// A large result, sent in many reads.
    static let largeResult: PostgresQuery = "SELECT repeat('x', 100) FROM generate_series(1, 300000)"

    /// PostgresNIO 1.33's async row sequence pauses the socket's reads after each batch of rows
    /// until the consumer asks for more; a crash that ends the connection in that pause trapped
    /// the benefits service (a CI run of DatabaseCrashTests). The services read rows with
    /// `PostgresConnection.rows`, which never pauses: a cut is an error, and the next read on a
    /// fresh connection works. With the old reads (`for try await row in query(…)`) this test
    /// trapped on its second attempt. The read runs in `withConnectionEndingOnClose`, as the
    /// services' do: without it, a cut query could wait forever (see `endingOnClose`).
    @Test("a connection cut while a large result streams ends the read with an error, never a trap or a hang")
    func cutWhileRowsStream() async throws {
        try await TestDatabase.withFresh(migrated: false) { _, settings in
            let proxy = try await PartitionProxy.start(forwardingTo: settings.port)
            var viaProxy = settings
            viaProxy.port = proxy.port
            var cutMidResult = 0
            try await TestDatabase.withClient(viaProxy) { client in
                for attempt in 0..<8 {
                    // A live connection first, so that the cut falls on the read, not on a login;
                    // after a cut, this is also the check that nothing is left broken.
                    #expect(try await Self.answers(client), "attempt \(attempt): no connection through the proxy answers")
                    let before = proxy.bytesToClients
                    let outcome = Mutex<Result<Int, any Error>?>(nil)
                    let read = Task {
                        do {
                            let rows = try await client.withConnectionEndingOnClose {
                                try await $0.rows(Self.largeResult, logger: TestDatabase.logger)
                            }
                            outcome.withLock { $0 = .success(rows.count) }
                        } catch {
                            outcome.withLock { $0 = .failure(error) }
                        }
                    }
                    // Cut once 64 KiB to 1 MiB of the result (31 MB in all) reached the client.
                    let streamed = 65_536 * (1 + attempt * 2)
                    let deadline = ContinuousClock.now + .seconds(60)
                    while proxy.bytesToClients - before < streamed, outcome.withLock({ $0 == nil }), ContinuousClock.now < deadline {
                        try await Task.sleep(for: .milliseconds(1))
                    }
                    proxy.cut()
                    while outcome.withLock({ $0 == nil }), ContinuousClock.now < deadline {
                        try await Task.sleep(for: .milliseconds(10))
                    }
                    switch outcome.withLock({ $0 }) {
                    case nil:
                        read.cancel()
                        Issue.record("attempt \(attempt): the read never ended after its connection was cut")
                        return
                    case .success(let count):
                        #expect(count == 300_000, "attempt \(attempt): a read that ended well has every row")
                    case .failure:
                        cutMidResult += 1
                    }
                }
                #expect(try await Self.answers(client), "no connection through the proxy answers after the last cut")
            }
            await proxy.close()
            #expect(cutMidResult > 0, "no read was cut mid-result: the test exercised nothing")
        }
    }

    /// Whether `SELECT 1` answers within 20 s. Right after a cut, the pool can lease the closed
    /// connection once more before it notices the close; the step then fails with
    /// `ConnectionClosed`, and is tried again, as the services' steps are.
    static func answers(_ client: PostgresClient) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if let answer = try? await client.rows("SELECT 1", decoding: Int.self, logger: TestDatabase.logger) {
                return answer == [1]
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// The rule the test above guards, for every read: outside `PostgresConnection.rows`, the
    /// services never iterate PostgresNIO's row sequences (`query`, prepared `execute`).
    @Test("the services read rows only through PostgresConnection.rows")
    func rowsAreReadOneWay() throws {
        let root = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let services = root.appending(path: "Services")
        let sequenceCall = /\b(connection|client|\$0|self)\s*\.\s*(query|execute)\s*\(/
        var offenders: [String] = []
        let files = FileManager.default.enumerator(at: services, includingPropertiesForKeys: nil)
        while let file = files?.nextObject() as? URL {
            guard file.pathExtension == "swift", file.lastPathComponent != "PostgresConnection+EndingOnClose.swift" else { continue }
            let text = try String(contentsOf: file, encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.contains(sequenceCall) {
                offenders.append("\(file.lastPathComponent):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        #expect(offenders.isEmpty, "reads outside PostgresConnection.rows:\n\(offenders.joined(separator: "\n"))")
    }
}

/// How many attempts ended, shared with their tasks.
private final class EndedCount: Sendable {
    private let count = Mutex(0)
    func add() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
