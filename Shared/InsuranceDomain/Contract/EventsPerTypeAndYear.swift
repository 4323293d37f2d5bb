/// The most events of one type one person may have for one policy year, and which new events
/// go beyond it. Pure, so that both doors apply the same rule: the benefits service to a
/// person's stored history and a batch's new events, the enrollment service to one request.
///
/// Why a bound per type and year besides the bound on a person's whole history (10,000
/// stored events): a looping upstream or a hostile producer repeats one kind of event. Cut at
/// this bound, the flood stops early, and the person's other events (next year's payment, a
/// facility choice) still come in, where the whole-history bound would refuse everything
/// after the flood. A real person has a handful of events of a type in a year.
public struct EventsPerTypeAndYear: Sendable, Hashable {
    /// The most events of one type and policy year per person.
    public let limit: Int

    /// The default bound: far beyond any real history (a registration, a few payments and
    /// reversals, some bindings per year), small enough that a flood stays cheap.
    public static let defaultLimit = 200

    public init(limit: Int = Self.defaultLimit) {
        self.limit = limit
    }

    /// What an event is counted under: its type and the policy year it belongs to.
    public struct Bucket: Sendable, Hashable, CustomStringConvertible {
        public let type: String
        public let policyYear: Int

        public var description: String { "\(type) \(policyYear)" }
    }

    /// A payment counts under the `policyYear` it pays for; any other event under the policy year
    /// whose premium months (September Y to August Y+1) hold the day of its `time` (China time).
    public static func bucket(of event: ValidatedEvent) -> Bucket {
        if case .contributionPaid(let payment) = event.event {
            return Bucket(type: event.type, policyYear: payment.policyYear)
        }
        return Bucket(type: event.type, policyYear: event.time.chinaDate.premiumYear)
    }

    /// The positions in `new` of the events beyond the bound, `stored` counted first and `new`
    /// in its order: of a person with 199 stored payments for 2025 and three new ones, the
    /// last two. Events are counted once per identity (`source`, `id`): a re-delivery adds nothing.
    public func beyond(stored: some Sequence<ValidatedEvent>, new: [ValidatedEvent]) -> [Int] {
        var counter = Counter(self)
        for event in stored { counter.count(event) }
        return new.indices.filter { counter.admit(new[$0]) != nil }
    }

    /// The refusal's rule text at the benefits service, naming the bucket and the bound (never the person).
    public func rule(for bucket: Bucket) -> String {
        "limit: the person has reached the most events of one type for one policy year "
            + "(\(limit) of type \(bucket.type) for policy year \(bucket.policyYear))"
    }

    /// The rule text at a door that sees one request or one file: what it may carry.
    public func requestRule(for bucket: Bucket) -> String {
        "limit: at most \(limit) events of one type for one policy year per person "
            + "(type \(bucket.type), policy year \(bucket.policyYear))"
    }

    /// Counts events of any persons as they come, each person's buckets on their own: for a
    /// person's history, a request or a file.
    public struct Counter: Sendable {
        private struct Key: Hashable {
            let personId: String
            let bucket: Bucket
        }

        public let bound: EventsPerTypeAndYear
        private var counts: [Key: Int] = [:]
        private var seen: Set<EventIdentity> = []

        public init(_ bound: EventsPerTypeAndYear) {
            self.bound = bound
        }

        /// Counts an event that is in already (stored), whatever the bound.
        public mutating func count(_ event: ValidatedEvent) {
            guard seen.insert(event.identity).inserted else { return }
            counts[Key(personId: event.personId, bucket: EventsPerTypeAndYear.bucket(of: event)), default: 0] += 1
        }

        /// Counts `event` when it is within the bound and answers nil; answers its bucket, and
        /// counts nothing, when it is beyond. A repeated identity is within and counts nothing.
        public mutating func admit(_ event: ValidatedEvent) -> Bucket? {
            guard seen.insert(event.identity).inserted else { return nil }
            let key = Key(personId: event.personId, bucket: EventsPerTypeAndYear.bucket(of: event))
            let count = counts[key, default: 0]
            guard count < bound.limit else {
                seen.remove(event.identity)
                return key.bucket
            }
            counts[key] = count + 1
            return nil
        }
    }
}
