/// What one batch changed, for metrics.
public struct IngestOutcome: Sendable, Hashable {
    /// Events newly stored (re-deliveries of stored events are not counted).
    public var eventsStored: Int
    /// Events already stored before (same source and id).
    public var eventsDuplicate: Int
    /// Refusals newly recorded, including events the database itself refused.
    public var refusalsStored: Int
    /// Events the database refused (e.g. a NUL byte); recorded in `rejected_events` with its message.
    public var eventsRefusedByDatabase: Int
    /// Persons whose coverage and bindings were recomputed.
    public var personsRecomputed: Int
    public var periodsWritten: Int
    /// The refusals made inside the transaction: the events the database refused
    /// (`eventsRefusedByDatabase`) and copies of stored ids with other content (recorded in the
    /// transaction; the pipeline sends their dead letters after it commits).
    public var databaseRefusals: [Refusal] = []

    public init(
        eventsStored: Int = 0,
        eventsDuplicate: Int = 0,
        refusalsStored: Int = 0,
        eventsRefusedByDatabase: Int = 0,
        personsRecomputed: Int = 0,
        periodsWritten: Int = 0,
        databaseRefusals: [Refusal] = []
    ) {
        self.databaseRefusals = databaseRefusals
        self.eventsStored = eventsStored
        self.eventsDuplicate = eventsDuplicate
        self.refusalsStored = refusalsStored
        self.eventsRefusedByDatabase = eventsRefusedByDatabase
        self.personsRecomputed = personsRecomputed
        self.periodsWritten = periodsWritten
    }
}

extension IngestOutcome {
    /// The outcomes of a batch's lanes, added up.
    public static func + (lhs: IngestOutcome, rhs: IngestOutcome) -> IngestOutcome {
        IngestOutcome(
            eventsStored: lhs.eventsStored + rhs.eventsStored,
            eventsDuplicate: lhs.eventsDuplicate + rhs.eventsDuplicate,
            refusalsStored: lhs.refusalsStored + rhs.refusalsStored,
            eventsRefusedByDatabase: lhs.eventsRefusedByDatabase + rhs.eventsRefusedByDatabase,
            personsRecomputed: lhs.personsRecomputed + rhs.personsRecomputed,
            periodsWritten: lhs.periodsWritten + rhs.periodsWritten,
            databaseRefusals: lhs.databaseRefusals + rhs.databaseRefusals
        )
    }
}
