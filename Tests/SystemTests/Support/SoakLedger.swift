import InsuranceDomain
import SampleCity
import Synchronization

/// Everything the soak has sent and the broker (or the enrollment service) acknowledged, in
/// the order it was acknowledged, with the rows it is due to leave in the tables.
///
/// A line is due one row: an `events` row for the first copy of a valid event, a
/// `rejected_events` row for a line the intake refuses and for a later copy of an id with
/// other content (the service refuses it when it finds the first copy stored, or earlier in
/// the same batch). An identical copy is due nothing. Validity and "same content" are decided
/// as the services decide them: the domain's intake, then type, time and typed data.
final class SoakLedger: Sendable {
    enum Door: Sendable {
        case http
        case kafka
    }

    private struct Content: Hashable {
        let type: String
        let time: Timestamp
        let event: InsuranceEvent
    }

    private struct State {
        var lines: [String] = []
        var due = 0
        var sentByHTTP = 0
        var sentByKafka = 0
        var changedCopies = 0
        var malformed = 0
        var first: [EventIdentity: Content] = [:]
        /// Valid events sent straight to Kafka: the originals of the changed copies.
        var originals: [SampleEvent] = []
    }

    private let state = Mutex(State())

    /// Records lines once they are acknowledged. `malformed`: lines sent as poison on purpose.
    func record(_ lines: [String], door: Door, malformed: Bool = false) {
        // Validated outside the lock: the intake is the expensive part.
        let judged = lines.map { line in
            (line, try? EventIntake.validate(json: Array(line.utf8), policy: .bundledDefaults).get())
        }
        state.withLock { state in
            for (line, event) in judged {
                state.lines.append(line)
                guard let event else {
                    state.due += 1
                    continue
                }
                let content = Content(type: event.type, time: event.time, event: event.event)
                if let first = state.first[event.identity] {
                    if first != content {
                        state.due += 1
                        state.changedCopies += 1
                    }
                } else {
                    state.first[event.identity] = content
                    state.due += 1
                }
            }
            switch door {
            case .http: state.sentByHTTP += lines.count
            case .kafka: state.sentByKafka += lines.count
            }
            if malformed { state.malformed += lines.count }
        }
    }

    /// Keeps valid events sent straight to Kafka (already acknowledged) as originals to copy.
    func keepOriginals(_ events: [SampleEvent]) {
        state.withLock { $0.originals += events }
    }

    /// Up to `count` originals picked with `random`.
    func pickOriginals(_ count: Int, using random: inout SplitMix64) -> [SampleEvent] {
        let originals = state.withLock { $0.originals }
        guard !originals.isEmpty else { return [] }
        return (0..<count).map { _ in originals[Int(random.next() % UInt64(originals.count))] }
    }

    var lines: [String] { state.withLock { $0.lines } }
    /// Rows the tables are due to hold for everything acknowledged so far.
    var due: Int { state.withLock { $0.due } }
    /// Lines acknowledged so far, through both doors.
    var sent: Int { state.withLock { $0.sentByHTTP + $0.sentByKafka } }
    var sentByDoor: (http: Int, kafka: Int) { state.withLock { ($0.sentByHTTP, $0.sentByKafka) } }
    var changedCopies: Int { state.withLock { $0.changedCopies } }
    var malformed: Int { state.withLock { $0.malformed } }
}
