import Foundation
import Kafka
import ServiceSupport
import Synchronization
import Testing

@testable import Enrollment

/// The sample files, imported into private topics on the local broker.
@Suite("CSV file intake against the local broker", .serialized)
struct FileImporterTests {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("samples")

    /// Keeps what the importer reports, to check it reports progress at all.
    final class RecordingProgress: ProgressReporter {
        let updates = Mutex<[ImportProgress]>([])
        func update(_ progress: ImportProgress) { self.updates.withLock { $0.append(progress) } }
        func finish(_ progress: ImportProgress) { self.updates.withLock { $0.append(progress) } }
    }

    @Test("pupils.csv: good rows published keyed by personId, bad rows reported by line, re-run gives the same ids")
    func pupils() async throws {
        let topics = TopicNames(enrollments: TestStack.unique("it-import-enrollments"))
        try await TestTopics.create(topics.enrollments)
        let path = Self.samples.appendingPathComponent("pupils.csv").path
        let (first, problems) = try await TestStack.withPublisher { publisher in
            let importer = FileImporter(
                kind: .pupils,
                source: "/schools/42",
                policy: .bundledDefaults,
                topics: topics,
                publisher: publisher,
                chunkSize: 3
            )
            let progress = RecordingProgress()
            let seen = Mutex<[RowProblem]>([])
            let summary = try await importer.importFile(at: path, progress: progress) { problem in seen.withLock { $0.append(problem) } }
            #expect(progress.updates.withLock { $0.last?.processed } == 10)
            return (summary, seen.withLock { $0 })
        }
        #expect(first.rows == 10)
        #expect(first.published == 8)
        #expect(first.rejected == 2)
        #expect(first.problems.map(\.line) == [10, 11])
        #expect(problems.contains { $0.line == 10 && $0.field == "certNo" })
        #expect(problems.contains { $0.line == 11 && $0.field == "birthDate" })

        let second = try await TestStack.withPublisher { publisher in
            try await FileImporter(kind: .pupils, source: "/schools/42", policy: .bundledDefaults, topics: topics, publisher: publisher)
                .importFile(at: path, progress: RecordingProgress())
        }
        #expect(second.published == 8)

        let messages = try await TestTopics.consume(16, from: [topics.enrollments])
        try #require(messages.count == 16)
        let ids = messages.compactMap { (try? JSONSerialization.jsonObject(with: Data($0.value)) as? [String: Any])?["id"] as? String }
        #expect(Set(ids).count == 8, "the second run must repeat the first run's ids")
        let keys = Set(messages.compactMap { $0.key.map { String(decoding: $0, as: UTF8.self) } })
        #expect(keys == Set((1001...1008).map { "S42-\($0)" }))
    }

    @Test("payments.csv: the negative amount is rejected with its line, the rest published")
    func payments() async throws {
        let topics = TopicNames(contributions: TestStack.unique("it-import-contributions"))
        try await TestTopics.create(topics.contributions)
        let summary = try await TestStack.withPublisher { publisher in
            try await FileImporter(kind: .payments, source: "/tax-bureau/payments", policy: .bundledDefaults, topics: topics, publisher: publisher)
                .importFile(at: Self.samples.appendingPathComponent("payments.csv").path, progress: RecordingProgress())
        }
        #expect(summary.published == 8)
        #expect(summary.problems == [RowProblem(line: 10, field: "amountFen", rule: summary.problems.first?.rule ?? "")])
        let messages = try await TestTopics.consume(8, from: [topics.contributions])
        #expect(messages.count == 8)
    }

    @Test("a broker that is down stops the import with a clear error")
    func brokerDown() async throws {
        let port = try TestStack.closedPort()
        await #expect(throws: ImportError.self) {
            try await TestStack.withPublisher(bootstrapServers: "127.0.0.1:\(port)", messageTimeout: .milliseconds(1000), requireReachable: false) {
                publisher in
                try await FileImporter(
                    kind: .payments,
                    source: "/tax-bureau/payments",
                    policy: .bundledDefaults,
                    topics: TopicNames(),
                    publisher: publisher
                )
                .importFile(at: Self.samples.appendingPathComponent("payments.csv").path, progress: RecordingProgress())
            }
        }
    }
}
