import InsuranceDomain
import Synchronization

/// The caller's side of a lane's transaction (`BenefitsStore.ingest`): which stored copies
/// are changed copies, whose history must be read back, and each person's rows.
///
/// The store runs the statements and owns the order (events, refusals, recomputation, all in
/// one transaction); this says what the rules make of them. One value serves one attempt at
/// one transaction: `committed()` is called once that transaction committed, never after a
/// rollback.
protocol LaneRecomputation: Sendable {
    /// Of the events not stored because their (source, id) was stored already, with the stored
    /// copy's payload: those whose content differs, as refusals (the stored copy stays).
    func changedCopies(_ copies: [(event: IncomingEvent, storedPayload: String)]) -> [Refusal]

    /// Of the batch's later copies (`LaterCopy`), with the payload of the copy of their id that
    /// stands now (by index; none when no copy is stored): those to refuse.
    func refusedLaterCopies(_ copies: [LaterCopy], standing: [Int: String]) -> [Refusal]

    /// True when the caller still holds the person's history as it was before this batch, of
    /// exactly `storedBefore` events: then it is not read back.
    func holdsHistory(of personId: String, storedBefore: Int) -> Bool

    /// The person's rows. `stored` is the whole stored history read back (this batch's events
    /// included), or nil when the caller holds the history (`holdsHistory`) or the person had no
    /// events before; `new` are the events this batch stored for the person; `storedBefore`
    /// how many the person had before. Runs while the person's row is locked: quick and pure.
    func result(personId: String, stored: [StoredEvent]?, new: [IncomingEvent], storedBefore: Int) throws -> LaneResult

    /// The transaction committed: what was computed in it may be kept.
    func committed()

    /// The most distinct beneficiaries one authoriser may have family-account bindings with;
    /// nil: no bound. A new event binding one more (`authoriser(boundBy:)`) is refused.
    var beneficiariesPerAuthoriser: Int? { get }

    /// The authoriser a family-account binding event binds its person to; nil for other events.
    func authoriser(boundBy event: IncomingEvent) -> String?
}

extension LaneRecomputation {
    var beneficiariesPerAuthoriser: Int? { nil }
    func authoriser(boundBy event: IncomingEvent) -> String? { nil }
}

/// A `LaneRecomputation` from a closure over a person's whole stored history: holds nothing,
/// refuses no copy (the first stored copy of an id simply stays). For tools and tests.
struct HistoryClosureRecomputation: LaneRecomputation {
    let recompute: @Sendable (_ personId: String, _ history: [StoredEvent]) throws -> PersonResult

    func changedCopies(_ copies: [(event: IncomingEvent, storedPayload: String)]) -> [Refusal] { [] }

    func refusedLaterCopies(_ copies: [LaterCopy], standing: [Int: String]) -> [Refusal] { [] }

    func holdsHistory(of personId: String, storedBefore: Int) -> Bool { false }

    func result(personId: String, stored: [StoredEvent]?, new: [IncomingEvent], storedBefore: Int) throws -> LaneResult {
        LaneResult(rows: try recompute(personId, stored ?? StoredEvent.history(of: new)))
    }

    func committed() {}
}

/// A person's rows from a lane, and the person's new events the lane refuses after all.
struct LaneResult {
    /// What replaces the person's derived rows, computed without `refused`.
    var rows: PersonResult
    /// New events of this batch beyond the bound of events per type and policy year
    /// (`EventsPerTypeAndYear`): the transaction inserted them, and the store takes them out
    /// again (`BatchWriter.removeRefused`) before it commits, so they are never stored.
    var refused: [Refusal] = []
}
