import Foundation
import InsuranceDomain
import Logging
import ServiceSupport

/// The September-rush file intake: reads a CSV of pupils or payments, validates every
/// row with the domain rules, reports bad rows by line without stopping, and publishes
/// the good ones to the same topics, with the same keys, as the HTTP intake.
struct FileImporter: Sendable {
    let kind: ImportKind
    let source: String
    let policy: PolicyBook
    let topics: TopicNames
    let publisher: any EventPublisher
    /// Events handed to the publisher per call: big enough to amortise acknowledgements.
    var chunkSize: Int
    /// What one file may carry per person, type and policy year; rows beyond it are rejected.
    let bound: EventsPerTypeAndYear

    init(
        kind: ImportKind,
        source: String,
        policy: PolicyBook,
        topics: TopicNames,
        publisher: any EventPublisher,
        chunkSize: Int = 2000,
        bound: EventsPerTypeAndYear = EventsPerTypeAndYear()
    ) {
        self.kind = kind
        self.source = source
        self.policy = policy
        self.topics = topics
        self.publisher = publisher
        self.chunkSize = chunkSize
        self.bound = bound
    }

    /// Imports the file at `path`.
    ///
    /// - Parameter onProblem: called for each rejected row as soon as it is found.
    func importFile(
        at path: String,
        progress: any ProgressReporter<ImportProgress>,
        onProblem: (RowProblem) -> Void = { _ in }
    ) async throws -> ImportSummary {
        guard let data = FileManager.default.contents(atPath: path) else { throw ImportError.unreadable(path: path) }
        return try await self.importCSV(Array(data), progress: progress, onProblem: onProblem)
    }

    func importCSV(
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
        var counter = EventsPerTypeAndYear.Counter(self.bound)

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
                    if let bucket = counter.admit(event) {
                        let problem = RowProblem(line: record.line, field: "type", rule: self.bound.requestRule(for: bucket))
                        problems.append(problem)
                        onProblem(problem)
                        continue
                    }
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

/// The CSV import's door: the same tokens and scopes as `POST /v1/events`. A file is
/// refused as a whole, before any row is read, when the token is unknown or does not cover
/// the file's `--source` or the event type its `--kind` makes.
enum ImportAuthorization {
    /// The credential `token` stands for, if it may send `kind`'s events for `source`.
    static func authorize(token: String?, credentials: CredentialStore, source: String, kind: ImportKind) throws -> UpstreamCredential {
        guard let token, !token.isEmpty else {
            throw ImportError.unauthenticated("no token: give --token or ENROLLMENT_TOKEN, the same token as for POST /v1/events")
        }
        guard let credential = credentials.credential(forToken: token) else {
            throw ImportError.unauthenticated("unknown token: it is not in ENROLLMENT_TOKENS_FILE or ENROLLMENT_TOKENS")
        }
        // The first refusal names the option to change: `--source`, or `--kind` for the type.
        if let refusal = credential.refusals(source: source, type: kind.eventType).first {
            let option =
                switch refusal.attribute {
                case .source: "--source"
                case .type: "--kind"
                }
            throw ImportError.forbidden(field: option, rule: refusal.rule)
        }
        return credential
    }
}

/// Why an import could not run at all (as opposed to single rows being rejected).
enum ImportError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadable(path: String)
    case header(String)
    case empty
    case publishing(published: Int, reason: String)
    /// No token, or one that is not configured: nothing was read or published.
    case unauthenticated(String)
    /// The token does not cover the file's source (`--source`) or event type (`--kind`).
    case forbidden(field: String, rule: String)

    var description: String {
        switch self {
        case .unreadable(let path): "cannot read \(path)"
        case .header(let reason): "line 1 (header): \(reason)"
        case .empty: "the file has no header row"
        case .publishing(let published, let reason):
            "publishing stopped after \(published) events: \(reason); re-run the same file, already published rows are harmless duplicates"
        case .unauthenticated(let reason): "access refused: \(reason); nothing was published"
        case .forbidden(let field, let rule): "access refused: \(field): \(rule); nothing was published"
        }
    }
}

/// Where an import stands: rows read so far out of all rows, and since when.
struct ImportProgress: ProgressMeasure, Hashable {
    var processed: Int
    var total: Int
    var published: Int
    var rejected: Int
    var elapsed: Duration

    init(processed: Int, total: Int, published: Int, rejected: Int, elapsed: Duration) {
        self.processed = processed
        self.total = total
        self.published = published
        self.rejected = rejected
        self.elapsed = elapsed
    }

    static let unit = "rows"
    var detail: String { "rejected \(rejected)" }
}

/// The end of an import: what was published, what was rejected and why, how long it took.
package struct ImportSummary: Sendable, Hashable, CustomStringConvertible {
    var rows: Int
    var published: Int
    package var rejected: Int
    var problems: [RowProblem]
    var elapsed: Duration

    package var description: String {
        let progress = ImportProgress(
            processed: self.rows,
            total: self.rows,
            published: self.published,
            rejected: self.rejected,
            elapsed: self.elapsed
        )
        let seconds = (progress.elapsedSeconds * 1000).rounded() / 1000
        return "rows \(self.rows), published \(self.published), rejected \(self.rejected), time \(seconds) s (\(Int(progress.rate)) rows/s)"
    }
}

/// A rejected row: its line in the file, the field (or column) and the rule it breaks.
struct RowProblem: Error, Sendable, Hashable, CustomStringConvertible {
    let line: Int
    let field: String
    let rule: String

    init(line: Int, field: String, rule: String) {
        self.line = line
        self.field = field
        self.rule = rule
    }

    var description: String { "line \(self.line): \(self.field): \(self.rule)" }
}
