/// A person's payments as the rules count them, grouped into enrolments.
///
/// - One payment per `paymentId`: the copy with the earliest `paidAt` (then event identity)
///   counts; a copy with another policy year, amount or due is refused.
/// - A reversal (退费) removes its payment whenever it arrives, but only when it comes from
///   the same upstream as the payment: the source that reported it, or a source the operator
///   declares to be the same upstream (`SourceGroups`). One upstream cannot cancel another's
///   money. A reversal whose payment has not arrived waits for it.
/// - A payment made while the registration in force describes a person who does not qualify
///   does not count (rule 8); it is still listed.
/// - Per policy year, the payments that count form one enrolment up to the first stop;
///   payments made on or after a stop's effective date (China time) are a new enrolment
///   (恢复/重新参保) with its own amount due (rule 5). Within an enrolment, payments are summed in
///   `paidAt` order; what is due is the latest assessment (the `dueFen` of the latest payment
///   so far), and the enrolment is complete at the instant the sum reaches it (足额缴纳): an
///   incomplete September instalment followed by a mid-year enrolment assessed at the
///   remaining months and paid in full in March completes in March.
struct PaymentLedger {
    /// One enrolment for one policy year.
    struct Enrolment {
        let policyYear: Int
        /// The stop that ends this enrolment's benefits (its day before is the last), if any.
        let endingStop: LocalDate?
        /// The China-time day of its first payment.
        let startedOn: LocalDate
        let paidFen: Int
        let dueFen: Int
        /// When the sum reached `dueFen`; nil while incomplete.
        let completedAt: Timestamp?
        /// A payment of the enrolment says the guardian pays from the date of birth.
        let fromBirth: Bool
    }

    private(set) var enrolments: [Enrolment] = []
    private(set) var refused: [(EventIdentity, String)] = []
    /// Every `paymentId` once, in `paidAt` order, with the reversal that removed it.
    private(set) var countedPayments: [CountedPayment] = []

    init(
        payments: [(identity: EventIdentity, payment: ContributionPaid)],
        reversals: [(identity: EventIdentity, reversal: ContributionReversed)],
        stops: [LocalDate],
        eligibility: Eligibility,
        sourceGroups: SourceGroups
    ) {
        let ordered = payments.sorted { ($0.payment.paidAt, $0.identity) < ($1.payment.paidAt, $1.identity) }
        var counted: [String: ContributionPaid] = [:]
        var sources: [String: Set<String>] = [:]
        var order: [ContributionPaid] = []
        for (identity, p) in ordered {
            if let first = counted[p.paymentId] {
                if first.policyYear != p.policyYear || first.amountFen != p.amountFen || first.dueFen != p.dueFen {
                    refused.append(
                        (
                            identity,
                            "paymentId was already reported with policyYear \(first.policyYear), amountFen \(first.amountFen), dueFen \(first.dueFen)"
                        )
                    )
                } else {
                    sources[p.paymentId, default: []].insert(identity.source)
                }
                continue
            }
            counted[p.paymentId] = p
            sources[p.paymentId] = [identity.source]
            order.append(p)
        }

        var reversed: [String: (identity: EventIdentity, reversal: ContributionReversed)] = [:]
        for (identity, r) in reversals {
            guard let paidBy = sources[r.paymentId] else { continue }
            if paidBy.contains(where: { sourceGroups.sameUpstream($0, identity.source) }) {
                if reversed[r.paymentId].map({ (r.reversedAt, identity) < ($0.reversal.reversedAt, $0.identity) }) ?? true {
                    reversed[r.paymentId] = (identity, r)
                }
            } else {
                refused.append(
                    (
                        identity,
                        "a reversal counts only from the upstream that reported the payment (its source, or a source declared in its source group)"
                    )
                )
            }
        }

        // Group by (policy year, number of stops on or before the payment's China-time day).
        var groups: [Int: [Int: [ContributionPaid]]] = [:]
        countedPayments = order.map {
            CountedPayment(payment: $0, reversal: reversed[$0.paymentId]?.reversal, notEligible: eligibility.notEligible(on: $0.paidAt.chinaDate))
        }
        for p in order where reversed[p.paymentId] == nil {
            let day = p.paidAt.chinaDate
            guard eligibility.notEligible(on: day) == nil else { continue }
            let segment = stops.count(where: { $0 <= day })
            groups[p.policyYear, default: [:]][segment, default: []].append(p)
        }
        for (year, segments) in groups.sorted(by: { $0.key < $1.key }) {
            for (segment, yearPayments) in segments.sorted(by: { $0.key < $1.key }) {
                guard let first = yearPayments.first else { continue }
                // The latest assessment is what is due: at each payment, the sum so far against
                // that payment's `dueFen` (payments are in `paidAt` order).
                var due = first.dueFen
                var paid = 0
                var completedAt: Timestamp?
                for p in yearPayments {
                    paid += p.amountFen
                    due = p.dueFen
                    if paid >= due {
                        completedAt = p.paidAt
                        break
                    }
                }
                enrolments.append(
                    Enrolment(
                        policyYear: year,
                        endingStop: segment < stops.count ? stops[segment] : nil,
                        startedOn: first.paidAt.chinaDate,
                        paidFen: paid,
                        dueFen: due,
                        completedAt: completedAt,
                        fromBirth: yearPayments.contains(where: \.fromBirth)
                    )
                )
            }
        }
    }
}

/// A payment as the rules count it (`PaymentLedger`): the copy of its `paymentId` with the
/// earliest `paidAt` (then event identity), and the reversal that removed it, if one did.
///
/// What a page or report shows as "the payments" of a person, so that it never de-duplicates
/// or applies reversals by a rule of its own.
public struct CountedPayment: Sendable, Hashable {
    public let payment: ContributionPaid
    /// The earliest (`reversedAt`, then identity) reversal from the source that reported the
    /// payment; nil while the payment counts. Reversals from another source never count.
    public let reversal: ContributionReversed?
    /// Why the payment does not count although not reversed: the registration in force on
    /// its day describes a person who does not qualify (docs/rules.md, rule 8); nil otherwise.
    public let notEligible: String?

    public init(payment: ContributionPaid, reversal: ContributionReversed? = nil, notEligible: String? = nil) {
        self.payment = payment
        self.reversal = reversal
        self.notEligible = notEligible
    }
}
