import Foundation
import InsuranceDomain
import Kafka
import Logging
import ServiceSupport
import Settings

extension EnrollmentService {
    /// Imports one CSV file straight to Kafka (same topics and keys as the HTTP intake).
    ///
    /// `token` must be configured (as for HTTP) and cover `source` and `kind`'s event type;
    /// otherwise the import is refused before anything is read or published.
    /// Rejected rows are printed to stderr as `line N: field: rule` as they are found;
    /// progress goes to stderr (a bar on a terminal, plain lines otherwise).
    package static func importFile(
        path: String,
        kind: ImportKind,
        source: String,
        token: String?,
        environment: ServiceEnvironment = ServiceEnvironment(),
        logger: Logger
    ) async throws -> ImportSummary {
        let configuration = try EnrollmentConfiguration.fromEnvironment(environment)
        let credentials = try Self.loadCredentials(configuration, servedOn: nil, logger: logger)
        let credential = try ImportAuthorization.authorize(token: token, credentials: credentials, source: source, kind: kind)
        logger.info("import authorised", metadata: ["credential": "\(credential.name)"])
        let policy = try Self.loadPolicy(configuration, logger: logger)
        let (producer, publisher, _) = try Self.makeProducer(configuration, environment: environment, logger: logger)
        let importer = FileImporter(
            kind: kind,
            source: source,
            policy: policy,
            topics: configuration.topics,
            publisher: publisher,
            bound: EventsPerTypeAndYear(limit: configuration.eventsPerTypeAndYear)
        )
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
