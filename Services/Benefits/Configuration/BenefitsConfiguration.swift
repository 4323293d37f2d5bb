import Foundation
import InsuranceDomain
import Kafka
import ServiceSupport
import Settings

/// Everything `benefits-service serve` is configured by, read from environment variables
/// with local defaults (see the configuration table in docs/operations.md).
package struct BenefitsConfiguration: Sendable {
    /// `BENEFITS_HOST`, default `127.0.0.1`.
    package var host: String
    /// `BENEFITS_PORT`, default 8081.
    package var port: Int
    /// `BENEFITS_GROUP_ID` (or `KAFKA_GROUP_ID`), default `benefits-service`.
    package var groupID: String
    /// The three event topics (`KAFKA_TOPIC_ENROLLMENTS`, `…_CONTRIBUTIONS`, `…_BINDINGS`).
    package var topics: [String]
    /// `KAFKA_TOPIC_DEADLETTER`, default `insurance.deadletter.v1`.
    var deadLetterTopic: String
    /// `BENEFITS_BATCH_MAX`: most records per database transaction (default 5000).
    var batchMax: Int
    /// `BENEFITS_BATCH_WAIT_MS`: how long a batch gathers records (default 20 ms: in a backlog
    /// batches fill up to `batchMax` at once anyway; at a steady trickle the wait is what an
    /// event waits before it is stored, so it is kept well below the 100 ms latency goal).
    var batchWait: Duration
    /// `BENEFITS_DB_LANES`: transactions a batch is split into, by person, and stored in
    /// parallel (default 2), so that PostgreSQL works on more than one core; the offsets follow
    /// once every lane has committed (see `IngestBatch.lanes`).
    var databaseLanes: Int
    /// `BENEFITS_HISTORY_CACHE_PERSONS`: how many persons' validated histories the pipeline keeps
    /// so that their next events are computed without reading the history back (default
    /// 100000; 0: off; see `HistoryCache`).
    var historyCachePersons: Int
    /// `BENEFITS_DB_TIMEOUT_MS`: how long PostgreSQL may take to answer `SELECT 1` before it counts
    /// as unreachable, asked once per batch, before every retry and by `/ready` (default 2000).
    var databaseTimeout: Duration
    /// `BENEFITS_RETRY_MAX_MS`: cap of the exponential backoff while the database is unreachable (default 5000).
    var retryCap: Duration
    /// `BENEFITS_STALL_MS`: records read and not stored for this long make `/ready` 503 naming
    /// `progress` (default 60000).
    var stallLimit: Duration
    /// `BENEFITS_STALL_EXIT_MS`: records read and not stored for this long stop the service, which
    /// exits non-zero for its supervisor to replace it (default 300000; see `ProgressWatchdog`).
    var stallExitLimit: Duration
    /// `BENEFITS_SHUTDOWN_MS`: how long a graceful shutdown may take before the tasks left are
    /// cancelled; as long again for the cancellation, then the process crashes (default 30000).
    var shutdownLimit: Duration
    var database: DatabaseSettings
    var consumer: KafkaConsumerConfiguration
    var producer: KafkaProducerConfiguration
    /// `BENEFITS_SYNCHRONOUS_COMMIT` (default false): whether each batch's commit waits for the
    /// WAL flush. Off is safe because offsets are stored in each batch's last transaction (see `BenefitsStore`).
    var synchronousCommit: Bool
    /// `POLICY_FILE` (the file both services read, see `PolicyFile`), else the bundled policy book.
    package var policy: PolicyBook
    /// `FACILITY_DIRECTORY_FILE`: the facility directory the estimate uses (settling hospitals,
    /// kinds and levels, see `FacilityDirectory`); nil when unset.
    var facilities: FacilityDirectory?
    /// `BENEFITS_TOKENS_FILE` / `BENEFITS_TOKENS`: who may read the API and the pages
    /// (`dev-token` only with `INSURANCE_DEV_MODE=1` and nothing configured; nobody by default).
    package var readers: ReaderTokens
    /// The HTTP side's own PostgreSQL pool (`BENEFITS_API_POOL_SIZE`, default 2, and
    /// `BENEFITS_API_STATEMENT_TIMEOUT_MS`, default 5000, `BENEFITS_API_DATABASE_WAIT_MS`, default
    /// 6000), so that page and API traffic can neither take the ingestion's connections nor run
    /// long queries, and answers 503 soon when the database is away.
    var api: APIDatabaseSettings
    /// `BENEFITS_CITY_CACHE_MS` (default 5000): how long `/city`'s figures are reused.
    var cityCacheLifetime: Duration
    /// `HTTP_IDLE_TIMEOUT_MS` (default 30 s).
    var http: HTTPServerSettings
    /// The coverage change feed: `KAFKA_TOPIC_COVERAGE` and `COVERAGE_FEED_*`.
    var feed = CoverageFeedSettings()
    /// `BENEFITS_DEADLETTER_WAIT_MS`: how long a batch's dead letters may go unacknowledged while
    /// the broker fails them transiently; then they are given up and noted in
    /// `rejected_events.dead_letter_error`, and ingestion goes on (default 120000).
    var deadLetterWait: Duration = .seconds(120)
    /// `BENEFITS_BENEFICIARIES_PER_AUTHORISER_MAX`: the most distinct persons one authoriser may
    /// have family-account bindings with (default 100; the rules bind at most 7, so a real
    /// family never comes near it). A binding that would bind one more is refused, named by the
    /// limit: the family-account pass reads every beneficiary of an authoriser over the rules'
    /// limit, so an authoriser bound to thousands would make every batch touching one of them
    /// that much slower (docs/input-limits.md).
    var beneficiariesPerAuthoriser = 100
    /// `BENEFITS_EVENTS_PER_TYPE_AND_YEAR_MAX`: the most events of one type one person may have
    /// for one policy year (default 200, `EventsPerTypeAndYear`). An event beyond it is refused,
    /// named by the limit, and the person's other events still come in (docs/input-limits.md).
    var eventsPerTypeAndYear = EventsPerTypeAndYear()

    package init(
        host: String = "127.0.0.1",
        port: Int = 8081,
        groupID: String = "benefits-service",
        topics: [String] = BenefitsConfiguration.defaultTopics,
        deadLetterTopic: String = "insurance.deadletter.v1",
        batchMax: Int = 5_000,
        batchWait: Duration = .milliseconds(20),
        databaseLanes: Int = 2,
        historyCachePersons: Int = 100_000,
        databaseTimeout: Duration = .seconds(2),
        retryCap: Duration = .seconds(5),
        stallLimit: Duration = .seconds(60),
        stallExitLimit: Duration = .seconds(300),
        shutdownLimit: Duration = .seconds(30),
        database: DatabaseSettings = DatabaseSettings(),
        consumer: KafkaConsumerConfiguration? = nil,
        producer: KafkaProducerConfiguration = KafkaProducerConfiguration(bootstrapServers: StackDefaults.kafkaBootstrapServers),
        synchronousCommit: Bool = false,
        policy: PolicyBook = .bundledDefaults,
        facilities: FacilityDirectory? = nil,
        api: APIDatabaseSettings = APIDatabaseSettings(),
        cityCacheLifetime: Duration = .seconds(5),
        http: HTTPServerSettings = HTTPServerSettings(),
        readers: ReaderTokens = ReaderTokens([])
    ) {
        self.api = api
        self.cityCacheLifetime = cityCacheLifetime
        self.http = http
        self.synchronousCommit = synchronousCommit
        self.host = host
        self.port = port
        self.groupID = groupID
        self.topics = topics
        self.deadLetterTopic = deadLetterTopic
        self.batchMax = batchMax
        self.batchWait = batchWait
        self.databaseLanes = max(1, databaseLanes)
        self.historyCachePersons = max(0, historyCachePersons)
        self.databaseTimeout = databaseTimeout
        self.retryCap = retryCap
        self.stallLimit = stallLimit
        self.stallExitLimit = max(stallLimit, stallExitLimit)
        self.shutdownLimit = shutdownLimit
        self.database = database
        self.consumer =
            consumer
            ?? Self.pipelineConsumer(
                KafkaConsumerConfiguration(groupID: groupID, topics: topics, bootstrapServers: StackDefaults.kafkaBootstrapServers)
            )
        self.producer = producer
        self.policy = policy
        self.facilities = facilities
        self.readers = readers
    }

    static let defaultTopics = [
        "insurance.enrollments.v1", "insurance.contributions.v1", "insurance.bindings.v1",
    ]

    /// Reads the environment; a malformed value is an error naming the variable and the rule.
    static func fromEnvironment(_ env: ServiceEnvironment = ServiceEnvironment()) throws(ConfigurationError) -> Self {
        let groupID = env.optionalString("BENEFITS_GROUP_ID") ?? env.string("KAFKA_GROUP_ID", default: "benefits-service")
        let topics = [
            env.string("KAFKA_TOPIC_ENROLLMENTS", default: defaultTopics[0]),
            env.string("KAFKA_TOPIC_CONTRIBUTIONS", default: defaultTopics[1]),
            env.string("KAFKA_TOPIC_BINDINGS", default: defaultTopics[2]),
        ]
        var consumer = try KafkaConsumerConfiguration.fromEnvironment(env, groupID: groupID, topics: topics)
        // BENEFITS_GROUP_ID wins over KAFKA_GROUP_ID: it also keys the offsets stored in PostgreSQL.
        consumer.groupID = groupID
        let host = env.string("BENEFITS_HOST", default: "127.0.0.1")
        var configuration = Self(
            host: host,
            port: try env.int("BENEFITS_PORT", default: 8081, in: 0...65535),
            groupID: groupID,
            topics: topics,
            deadLetterTopic: env.string("KAFKA_TOPIC_DEADLETTER", default: "insurance.deadletter.v1"),
            batchMax: try env.int("BENEFITS_BATCH_MAX", default: 5_000, in: 1...1_000_000),
            batchWait: try env.milliseconds("BENEFITS_BATCH_WAIT_MS", default: .milliseconds(20)),
            databaseLanes: try env.int("BENEFITS_DB_LANES", default: 2, in: 1...16),
            historyCachePersons: try env.int("BENEFITS_HISTORY_CACHE_PERSONS", default: 100_000, in: 0...10_000_000),
            databaseTimeout: try env.milliseconds("BENEFITS_DB_TIMEOUT_MS", default: .seconds(2)),
            retryCap: try env.milliseconds("BENEFITS_RETRY_MAX_MS", default: .seconds(5)),
            stallLimit: try env.milliseconds("BENEFITS_STALL_MS", default: .seconds(60)),
            stallExitLimit: try env.milliseconds("BENEFITS_STALL_EXIT_MS", default: .seconds(300)),
            shutdownLimit: try env.milliseconds("BENEFITS_SHUTDOWN_MS", default: .seconds(30)),
            database: try DatabaseSettings.fromEnvironment(env),
            consumer: pipelineConsumer(consumer),
            producer: try KafkaProducerConfiguration.fromEnvironment(env),
            synchronousCommit: try env.bool("BENEFITS_SYNCHRONOUS_COMMIT", default: false),
            policy: try PolicyFile.load(environment: env),
            facilities: try facilityDirectory(env),
            api: APIDatabaseSettings(
                poolSize: try env.int("BENEFITS_API_POOL_SIZE", default: 2, in: 1...64),
                statementTimeout: try env.milliseconds("BENEFITS_API_STATEMENT_TIMEOUT_MS", default: .seconds(5)),
                databaseWait: try env.milliseconds("BENEFITS_API_DATABASE_WAIT_MS", default: .seconds(6))
            ),
            cityCacheLifetime: try env.milliseconds("BENEFITS_CITY_CACHE_MS", default: .seconds(5)),
            http: try HTTPServerSettings.fromEnvironment(env)
        )
        configuration.feed = try CoverageFeedSettings.fromEnvironment(env)
        configuration.deadLetterWait = try env.milliseconds("BENEFITS_DEADLETTER_WAIT_MS", default: .seconds(120))
        configuration.beneficiariesPerAuthoriser = try env.int("BENEFITS_BENEFICIARIES_PER_AUTHORISER_MAX", default: 100, in: 1...1_000_000)
        configuration.eventsPerTypeAndYear = EventsPerTypeAndYear(
            limit: try env.int("BENEFITS_EVENTS_PER_TYPE_AND_YEAR_MAX", default: EventsPerTypeAndYear.defaultLimit, in: 1...10_000)
        )
        return configuration
    }

    /// What `serve` runs with: `fromEnvironment` plus the reader tokens of
    /// `BENEFITS_TOKENS_FILE` / `BENEFITS_TOKENS`. Throws (the service refuses to start) when
    /// none is configured and `INSURANCE_DEV_MODE` is not asked for. The offline commands
    /// (`evaluate`, `recompute`, `redrive`) serve nothing and need no reader token.
    package static func forServing(_ env: ServiceEnvironment = ServiceEnvironment()) throws -> Self {
        var configuration = try fromEnvironment(env)
        configuration.readers = try ReaderTokens.load(
            tokensFile: env.optionalString("BENEFITS_TOKENS_FILE"),
            tokens: env.optionalString("BENEFITS_TOKENS"),
            developmentMode: try DevelopmentMode.isRequested(env),
            host: configuration.host
        )
        return configuration
    }

    /// `FACILITY_DIRECTORY_FILE`: the JSON file of the facility directory (read like
    /// `POLICY_FILE`), nil when unset. A file that cannot be read or breaks a rule stops
    /// start-up with an error naming the file, the entry and the rule.
    static func facilityDirectory(_ env: ServiceEnvironment) throws(ConfigurationError) -> FacilityDirectory? {
        let variable = "FACILITY_DIRECTORY_FILE"
        guard let path = env.optionalString(variable) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(variable: variable, rule: "must name a readable file, got '\(path)'")
        }
        do {
            return try FacilityDirectory(json: Array(data))
        } catch {
            throw ConfigurationError(variable: variable, rule: "'\(path)' must be a facility directory: \(error)")
        }
    }

    /// What the pipeline needs from its consumer whatever the environment says: rebalance
    /// events awaited (seek on assign, finish the batch on revoke), and a poll interval long
    /// enough that a database outage (batches retried, nothing read) does not evict it.
    static func pipelineConsumer(_ base: KafkaConsumerConfiguration) -> KafkaConsumerConfiguration {
        var consumer = base
        consumer.waitsForEventHandling = true
        if consumer.properties["max.poll.interval.ms"] == nil {
            consumer.properties["max.poll.interval.ms"] = "86400000"
        }
        return consumer
    }
}
