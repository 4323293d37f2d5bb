import Kafka
import Logging
import Metrics
import PostgresNIO
import ServiceLifecycle
import ServiceSupport
import Settings
import Synchronization

/// `KAFKA_TOPIC_COVERAGE` and the `COVERAGE_FEED_*` settings of the coverage change feed
/// (docs/coverage-feed.md).
struct CoverageFeedSettings: Sendable, Hashable {
    /// `KAFKA_TOPIC_COVERAGE`, default `insurance.coverage.v1`.
    var topic: String
    /// `COVERAGE_FEED_ENABLED` (default true): whether this replica runs the relay. The outbox is
    /// written by every replica's ingestion whatever this says.
    var enabled: Bool
    /// `COVERAGE_FEED_BATCH`: most changes published per relay transaction (default 2000: each
    /// round also reads the outbox's head and takes the lock, and smaller rounds cost visibly
    /// more machine CPU per change in the peer yardstick).
    var batchSize: Int
    /// `COVERAGE_FEED_POLL_MS`: how long the relay waits before looking again when the outbox
    /// was empty or another replica relays (default 200).
    var pollInterval: Duration
    /// `COVERAGE_FEED_STUCK_MS`: changes wait and the oldest has not moved for this long: `/ready`
    /// answers 503 naming `feed` (default 60000).
    var stuckLimit: Duration

    init(
        topic: String = "insurance.coverage.v1",
        enabled: Bool = true,
        batchSize: Int = 2_000,
        pollInterval: Duration = .milliseconds(200),
        stuckLimit: Duration = .seconds(60)
    ) {
        self.topic = topic
        self.enabled = enabled
        self.batchSize = max(1, batchSize)
        self.pollInterval = pollInterval
        self.stuckLimit = stuckLimit
    }

    static func fromEnvironment(_ env: ServiceEnvironment) throws(ConfigurationError) -> Self {
        Self(
            topic: env.string("KAFKA_TOPIC_COVERAGE", default: "insurance.coverage.v1"),
            enabled: try env.bool("COVERAGE_FEED_ENABLED", default: true),
            batchSize: try env.int("COVERAGE_FEED_BATCH", default: 2_000, in: 1...100_000),
            pollInterval: try env.milliseconds("COVERAGE_FEED_POLL_MS", default: .milliseconds(200)),
            stuckLimit: try env.milliseconds("COVERAGE_FEED_STUCK_MS", default: .seconds(60))
        )
    }
}

/// Publishes the coverage outbox (`coverage_outbox`, migration 0010) to `KAFKA_TOPIC_COVERAGE`.
///
/// The outbox is written by `Statements.ReplaceDerivedRows` in the transaction that changes a
/// person's periods, so what is here was committed, and everything committed is here. Each
/// round, in one transaction: take `pg_try_advisory_xact_lock` (one replica relays at a time;
/// the others only watch), read the oldest `batchSize` rows in id order, send them all, wait
/// for every acknowledgement, delete them, commit. A failure anywhere rolls the round back: the
/// rows stay and are sent again, whole, after a backoff. A crash between the broker's
/// acknowledgement and the commit sends them again too. Either way a resend carries the same id
/// and the same bytes: the event is built by PostgreSQL from the stored row.
///
/// Per person, revisions are committed in order (the revision row is locked by the transaction
/// that bumps it), get increasing outbox ids, and are sent in id order under the person's key
/// (one partition, an idempotent producer): a consumer sees them in order, and a resend can only
/// repeat a revision it already saw. Consumers keep the highest revision per person.
///
/// With `COVERAGE_FEED_ENABLED=false` a replica only watches the outbox, for `/ready`.
final class CoverageFeedRelay: Service, Sendable {
    /// The advisory lock key ("coverage" in ASCII), held for one round's transaction.
    static let lockKey: Int64 = 0x636F_7665_7261_6765

    let settings: CoverageFeedSettings
    let client: PostgresClient
    let producer: KafkaProducer
    let retry: RetryPolicy
    let logger: Logger
    /// What `/ready` and the gauges read; updated by every round, relaying or watching.
    let status = Mutex(Status())
    private let published = Counter(label: "benefits_coverage_feed_published_total")
    private let failures = Counter(label: "benefits_coverage_feed_failures_total")
    private let waiting = Gauge(label: "benefits_coverage_feed_outbox_rows")
    private let oldestAge = Gauge(label: "benefits_coverage_feed_oldest_unpublished_seconds")

    struct Status: Sendable {
        /// The lowest waiting outbox id, and since when it has been the lowest.
        var oldestId: Int64?
        var oldestSince: ContinuousClock.Instant?
        var lastError: String?
    }

    init(settings: CoverageFeedSettings, client: PostgresClient, producer: KafkaProducer, retryCap: Duration, logger: Logger) {
        self.settings = settings
        self.client = client
        self.producer = producer
        self.retry = RetryPolicy(cap: retryCap)
        self.logger = logger
    }

    func run() async throws {
        var backoff = retry.backoff()
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            do {
                let sent = try await round(relaying: settings.enabled)
                backoff = retry.backoff()
                status.withLock { $0.lastError = nil }
                if sent < settings.batchSize { try await Task.sleep(for: settings.pollInterval) }
            } catch is CancellationError {
                return
            } catch {
                failures.increment()
                let reason = "\(error)"
                status.withLock { $0.lastError = reason }
                logger.warning(
                    "coverage feed: round failed; the changes stay queued and are sent again",
                    metadata: ["error": "\(LogText.escaped(reason, limit: 500))"]
                )
                do { try await RetryPolicy.pause(backoff.delay()) } catch { return }
            }
        }
    }

    /// One round; returns how many changes it published (0 when another replica holds the lock,
    /// or when only `observe`s).
    func round(relaying: Bool = true) async throws -> Int {
        // Ended as soon as the connection closes (a crash mid-round would otherwise leave the
        // relay waiting forever, see `endingOnClose`); the outbox rows stay and are sent again.
        try await client.withTransactionEndingOnClose(logger: logger) { connection in
            try await self.observe(on: connection)
            guard relaying else { return 0 }
            let logger = self.logger
            let settings = self.settings
            let locked = try await connection.rows(
                "SELECT pg_try_advisory_xact_lock(\(Self.lockKey))",
                decoding: Bool.self,
                logger: logger
            )
            guard locked.first == true else { return 0 }
            var ids: [Int64] = []
            var messages: [KafkaOutgoingMessage] = []
            let rows = try await connection.rows(
                Self.oldest(limit: settings.batchSize),
                decoding: (Int64, String, String).self,
                logger: logger
            )
            for (id, personId, event) in rows {
                ids.append(id)
                messages.append(
                    KafkaOutgoingMessage(
                        topic: settings.topic,
                        key: Array(personId.utf8),
                        value: Array(event.utf8),
                        headers: [KafkaHeader(key: "content-type", value: "application/cloudevents+json")]
                    )
                )
            }
            guard !messages.isEmpty else { return 0 }
            for result in await self.producer.send(messages) {
                if case .failure(let error) = result {
                    if error.code == .destroy { throw CancellationError() }
                    throw error
                }
            }
            try await connection.run("DELETE FROM coverage_outbox WHERE id = ANY(\(ids))", logger: logger)
            self.published.increment(by: messages.count)
            return messages.count
        }
    }

    /// Reads the head of the outbox for `/ready` and the gauges: every replica does, so that a
    /// replica that does not relay still sees a relay elsewhere stuck.
    private func observe(on connection: PostgresConnection) async throws {
        let rows = try await connection.rows(
            """
            SELECT h.id, (SELECT max(id) FROM coverage_outbox) - h.id + 1, extract(epoch FROM now() - h.committed_at)::float8
            FROM (SELECT id, committed_at FROM coverage_outbox ORDER BY id LIMIT 1) AS h
            """,
            decoding: (Int64, Int64, Double).self,
            logger: logger
        )
        let head: (id: Int64, span: Int64, age: Double)? = rows.last
        waiting.record(head?.span ?? 0)
        oldestAge.record(max(0, head?.age ?? 0))
        let now = ContinuousClock.now
        status.withLock { status in
            if status.oldestId != head?.id {
                status.oldestId = head?.id
                status.oldestSince = head == nil ? nil : now
            }
        }
    }

    /// The oldest rows, each as its whole CloudEvent, built here so that every resend of a row
    /// is the same bytes (`json_build_object` keeps the key order; `periods` is stored as json).
    static func oldest(limit: Int) -> PostgresQuery {
        """
        SELECT id, person_id::text, json_build_object(
            'specversion', '1.0',
            'id', person_id || '/' || revision,
            'source', '/insurance/benefits',
            'type', 'insurance.coverage.changed.v1',
            'subject', person_id,
            'time', to_char(committed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
            'datacontenttype', 'application/json',
            'data', json_build_object('personId', person_id, 'revision', revision, 'periods', periods)
        )::text
        FROM coverage_outbox ORDER BY id LIMIT \(limit)
        """
    }

    /// Nil unless changes wait and the oldest has not moved for `stuckLimit`: then why.
    func problem() -> String? {
        let status = status.withLock { $0 }
        guard let since = status.oldestSince else { return nil }
        let waited = ContinuousClock.now - since
        guard waited >= settings.stuckLimit else { return nil }
        let cause =
            status.lastError.map { "; last error: \(LogText.escaped($0, limit: 300))" }
            ?? (settings.enabled ? "" : " (this replica does not relay: COVERAGE_FEED_ENABLED=false)")
        return
            "the oldest queued coverage change has not been published for \(waited.components.seconds) s (COVERAGE_FEED_STUCK_MS \(settings.stuckLimit.milliseconds))\(cause)"
    }
}
