import InsuranceDomain
import Synchronization

/// The validated histories of the persons this process stored last, so that a person's next
/// events are computed without reading back and validating the whole stored history again.
///
/// Why: in a backlog a person's events arrive over several batches (their registration, their
/// payment and their facility choice come on different topics), and before this cache every
/// one of those batches read the person's stored events back and validated their JSON again:
/// a third of the pipeline's CPU and as many history reads for PostgreSQL.
///
/// Why it is safe: an entry is used only when it holds exactly as many events as PostgreSQL
/// says the person had before the batch (`persons.event_count`, returned under the person's row
/// lock by the statement that stores the batch's events), and stored events are never changed
/// or deleted, only added (the first copy of an id stays). Another replica, a redrive or a
/// crash that stored events this process did not see makes the counts differ, and the history
/// is read back as before. An entry is written only after the transaction that stored its
/// events committed (`LaneRecomputation.committed`).
final class HistoryCache: Sendable {
    struct Entry: Sendable {
        /// Events stored for the person when the entry was made.
        let storedEvents: Int
        /// The person's events as the rules read them (those that validate).
        let events: [ValidatedEvent]
    }

    /// At most this many persons are held; 0 turns the cache off.
    let capacity: Int
    private let entries: Mutex<[String: Entry]>

    init(capacity: Int) {
        self.capacity = max(0, capacity)
        self.entries = Mutex([:])
    }

    /// The person's history when it holds exactly `storedBefore` stored events.
    func history(of personId: String, storedBefore: Int) -> [ValidatedEvent]? {
        guard capacity > 0, storedBefore > 0 else { return nil }
        return entries.withLock { entries in
            guard let entry = entries[personId], entry.storedEvents == storedBefore else { return nil }
            return entry.events
        }
    }

    /// Keeps the entries of a committed transaction. Past the capacity a tenth of the entries
    /// go, in the dictionary's order (arbitrary): a miss only costs a history read.
    func remember(_ new: [String: Entry]) {
        guard capacity > 0, !new.isEmpty else { return }
        entries.withLock { entries in
            entries.merge(new) { _, latest in latest }
            guard entries.count > capacity else { return }
            let victims = Array(entries.keys.prefix(entries.count - capacity + capacity / 10))
            for key in victims { entries[key] = nil }
        }
    }

    var count: Int { entries.withLock { $0.count } }
}
