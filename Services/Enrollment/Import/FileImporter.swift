import Foundation
import InsuranceDomain
import Logging
import ServiceSupport

/// The September-rush file intake: reads a CSV of pupils or payments, validates every
/// row with the domain rules, reports bad rows by line without stopping, and publishes
/// the good ones to the same topics, with the same keys, as the HTTP intake.
public struct FileImporter: Sendable {
    public let kind: ImportKind
    public let source: String
    public let policy: PolicyBook
    public let topics: TopicNames
    public let publisher: any EventPublisher
    /// Events handed to the publisher per call: big enough to amortise acknowledgements.
    public var chunkSize: Int

    public init(kind: ImportKind, source: String, policy: PolicyBook, topics: TopicNames, publisher: any EventPublisher, chunkSize: Int = 2000) {
        self.kind = kind
        self.source = source
        self.policy = policy
        self.topics = topics
        self.publisher = publisher
        self.chunkSize = chunkSize
    }

    /// Imports the file at `path`.
    ///
    /// - Parameter onProblem: called for each rejected row as soon as it is found.
    public func importFile(
        at path: String,
        progress: any ProgressReporter<ImportProgress>,
        onProblem: (RowProblem) -> Void = { _ in }
    ) async throws -> ImportSummary {
        guard let data = FileManager.default.contents(atPath: path) else { throw ImportError.unreadable(path: path) }
        return try await self.importCSV(Array(data), progress: progress, onProblem: onProblem)
    }

    public func importCSV(
        _ bytes: [UInt8],
        progress: any ProgressReporter<ImportProgress>,
        onProblem: (RowProblem) -> Void = { _ in }
    ) async throws -> ImportSummary {
        let clock = ContinuousClock()
        let started = clock.now
        var records = try CSVParser.records(in: bytes)
        guard !records.isEmpty else { throw ImportError.empty }
        let header = records.removeFirst()
        let builder = try RowEventBuilder(kind: self.kind, source: self.source, header: header.fields)

        var problems: [RowProblem] = []
        var published = 0
        var processed = 0
        var pending: [OutgoingEvent] = []
        pending.reserveCapacity(self.chunkSize)

        func report() {
            progress.update(
                ImportProgress(
                    processed: processed,
                    total: records.count,
                    published: published,
                    rejected: problems.count,
                    elapsed: clock.now - started
                )
            )
        }
        func flush() async throws {
            guard !pending.isEmpty else { return }
            do {
                try await self.publisher.publish(pending)
            } catch {
                throw ImportError.publishing(published: published, reason: "\(error)")
            }
            published += pending.count
            pending.removeAll(keepingCapacity: true)
        }

        for record in records {
            processed += 1
            if processed.isMultiple(of: 1000) { report() }
            switch builder.event(for: record, headerWidth: header.fields.count) {
            case .failure(let problem):
                problems.append(problem)
                onProblem(problem)
            case .success(let json):
                switch EventIntake.validate(json: json, policy: self.policy) {
                case .success(let event):
                    pending.append(self.topics.outgoing(event, value: json))
                    if pending.count >= self.chunkSize {
                        try await flush()
                        report()
                    }
                case .failure(let error):
                    // Every problem is shown; the summary counts the row once, by its first problem.
                    for fieldProblem in error.problems {
                        let problem = RowProblem(line: record.line, field: Self.columnName(fieldProblem.field), rule: fieldProblem.rule)
                        onProblem(problem)
                    }
                    problems.append(
                        RowProblem(
                            line: record.line,
                            field: error.problems.first.map { Self.columnName($0.field) } ?? "row",
                            rule: error.problems.first?.rule ?? "invalid"
                        )
                    )
                }
            }
        }
        try await flush()
        let final = ImportProgress(
            processed: processed,
            total: records.count,
            published: published,
            rejected: problems.count,
            elapsed: clock.now - started
        )
        progress.finish(final)
        return ImportSummary(rows: records.count, published: published, rejected: problems.count, problems: problems, elapsed: final.elapsed)
    }

    /// `data.certNo` is the `certNo` column; envelope fields keep their name.
    static func columnName(_ field: String) -> String {
        field.hasPrefix("data.") ? String(field.dropFirst("data.".count)) : field
    }
}
