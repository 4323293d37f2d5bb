import Foundation
import InsuranceDomain
import Kafka
import Logging
import ServiceSupport

extension EnrollmentService {
    /// Imports one CSV file straight to Kafka (same topics and keys as the HTTP intake).
    ///
    /// Rejected rows are printed to stderr as `line N: field: rule` as they are found;
    /// progress goes to stderr (a bar on a terminal, plain lines otherwise).
    public static func importFile(
        path: String,
        kind: ImportKind,
        source: String,
        environment: [String: String],
        logger: Logger
    ) async throws -> ImportSummary {
        let configuration = try EnrollmentConfiguration(environment: environment)
        let policy = try Self.loadPolicy(configuration, logger: logger)
        let (producer, publisher) = try Self.makeProducer(configuration, environment: environment, logger: logger)
        let importer = FileImporter(kind: kind, source: source, policy: policy, topics: configuration.topics, publisher: publisher)
        let sink = TextSink.standardError
        let progress = progressReporter(for: ImportProgress.self, sink: sink)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await producer.run() }
            defer { producer.triggerGracefulShutdown() }
            let summary = try await importer.importFile(at: path, progress: progress) { problem in
                sink.write("rejected \(problem)\n")
            }
            producer.triggerGracefulShutdown()
            try await group.waitForAll()
            return summary
        }
    }
}
