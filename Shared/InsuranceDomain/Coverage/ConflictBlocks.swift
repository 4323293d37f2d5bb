/// Duplicate resident enrolment in another city of the province (重复参保, rule 7): no benefits
/// from the day the province's check detected it until the day it was resolved, which is
/// covered again; the periods around the blocked days stay.
///
/// Per `conflictId`, the earliest detection (then event identity) counts, and the earliest
/// resolution on or after it. A resolution dated before its detection is refused (the
/// conflict stays open until a valid one comes); a resolution whose detection has not
/// arrived waits for it.
struct ConflictBlocks {
    /// Blocked days, by detection date.
    private(set) var spans: [BlockedSpan] = []
    private(set) var refused: [(EventIdentity, String)] = []

    init(
        detected: [(identity: EventIdentity, detection: EnrollmentConflictDetected)],
        resolved: [(identity: EventIdentity, resolution: EnrollmentConflictResolved)]
    ) {
        var first: [String: EnrollmentConflictDetected] = [:]
        for (_, d) in detected.sorted(by: { ($0.detection.detectedOn, $0.identity) < ($1.detection.detectedOn, $1.identity) })
        where first[d.conflictId] == nil {
            first[d.conflictId] = d
        }
        var resolvedOn: [String: LocalDate] = [:]
        for (identity, r) in resolved.sorted(by: { ($0.resolution.resolvedOn, $0.identity) < ($1.resolution.resolvedOn, $1.identity) }) {
            guard let detection = first[r.conflictId] else { continue }
            guard r.resolvedOn >= detection.detectedOn else {
                refused.append((identity, "resolvedOn must not be before the conflict's detectedOn (\(detection.detectedOn))"))
                continue
            }
            if resolvedOn[r.conflictId] == nil { resolvedOn[r.conflictId] = r.resolvedOn }
        }
        spans = first.values.map {
            BlockedSpan(conflictId: $0.conflictId, otherRegion: $0.otherRegion, from: $0.detectedOn, until: resolvedOn[$0.conflictId])
        }
        .filter { span in span.until.map { span.from < $0 } ?? true }
        .sorted { ($0.from, $0.conflictId) < ($1.from, $1.conflictId) }
    }

    /// The span blocking `day`, if any (the earliest detected).
    func span(on day: LocalDate) -> BlockedSpan? { spans.first { $0.contains(day) } }

    /// `period` without the blocked days: zero, one or several pieces, same year and basis.
    func apply(to period: CoveragePeriod) -> [CoveragePeriod] {
        var pieces = [period]
        for span in spans {
            pieces = pieces.flatMap { piece -> [CoveragePeriod] in
                var kept: [CoveragePeriod] = []
                if piece.startsOn < span.from {
                    kept.append(piece.with(endsOn: min(piece.endsOn, span.from.adding(days: -1))))
                }
                if let until = span.until, until <= piece.endsOn {
                    kept.append(piece.with(startsOn: max(piece.startsOn, until)))
                }
                return kept
            }
        }
        return pieces
    }
}

/// Days without benefits because of one duplicate-enrolment conflict: `from` up to the day
/// before `until` (open while unresolved).
public struct BlockedSpan: Sendable, Hashable {
    public let conflictId: String
    /// The code of the other city.
    public let otherRegion: String
    public let from: LocalDate
    /// The resolution day, covered again; nil while unresolved.
    public let until: LocalDate?

    public func contains(_ day: LocalDate) -> Bool {
        from <= day && (until.map { day < $0 } ?? true)
    }
}
