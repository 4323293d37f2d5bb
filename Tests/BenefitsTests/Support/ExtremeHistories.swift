import Foundation
import InsuranceDomain
import SampleCity

/// Valid-but-extreme event histories for the rendering fuzz test: dates at the ends of the
/// supported range, the largest amounts, texts at their length limits full of markup, and
/// every event type. Deterministic for a seed; every event is built as JSON and kept only
/// when the domain's intake accepts it, exactly as both doors would.
struct ExtremeHistories {
    var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    /// Text that tries to break out of HTML, JSON and SVG, cut to `length` scalars.
    static let hostile = [
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "'; DROP TABLE events; --", "&amp;&lt;",
        "</title></svg><script>", "张三丰", "🧒🏽", "\\u0000", "{{7*7}}", "${jndi:ldap://x}",
    ]

    mutating func pick<T>(_ values: [T]) -> T { values[Int(random.next() % UInt64(values.count))] }
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
    mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }

    mutating func text(max: Int) -> String {
        var out = ""
        while out.unicodeScalars.count < max { out += pick(Self.hostile) }
        let length = chance(50) ? max : int(1...max)
        return String(String.UnicodeScalarView(out.unicodeScalars.prefix(length)))
    }

    mutating func identifier() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
        return String((0..<(chance(30) ? 64 : int(1...12))).map { _ in pick(alphabet) })
    }

    static let edgeDays = ["1900-01-01", "1900-01-31", "1900-02-28", "2000-02-29", "2199-12-31", "2200-02-28", "2200-12-31"]

    mutating func date() -> String {
        if chance(15) { return pick(Self.edgeDays) }
        let day = LocalDate(daysSinceEpoch: int(InputLimits.earliestDate.daysSinceEpoch...InputLimits.latestDate.daysSinceEpoch))
        return day.description
    }

    mutating func timestamp() -> String {
        let offset = pick(["+08:00", "Z", "-12:00", "+14:00", "+00:00"])
        return date() + "T" + pick(["00:00:00", "23:59:59", "12:30:00.999", "23:59:60"]) + offset
    }

    /// One event of `type` for `person` as structured JSON.
    mutating func event(_ type: InsuranceEventType, person: String, index: Int) -> String {
        var data: [String: Any] = ["personId": person]
        switch type {
        case .enrollmentRegistered:
            let born = date()
            if chance(40) {
                data["certType"] = "resident_id"
                data["certNo"] = Self.citizenID(born: born)
            } else {
                data["certType"] = pick(["birth_certificate", "other"])
                data["certNo"] = text(max: InputLimits.certificateNumberLength)
            }
            if chance(70) { data["name"] = text(max: InputLimits.nameLength) }
            data["birthDate"] = born
            data["hukou"] = pick(["local", "non_local"])
            data["category"] = pick(["pupil", "university_student", "child_not_in_school"])
            data["appliedOn"] = chance(50) ? born : max(born, date())
            if chance(50) { data["guardianCityInsuredMonths"] = pick([0, 12, 1200]) }
            if chance(50) { data["channel"] = text(max: InputLimits.codeLength) }
        case .enrollmentStopped:
            data["effectiveOn"] = chance(30) ? "2200-12-31" : date()
            data["reason"] = text(max: InputLimits.freeTextLength)
        case .contributionPaid:
            data["paymentId"] = chance(20) ? "PAY-SAME" : identifier()
            data["policyYear"] = chance(30) ? pick([2000, 2100, 2023, 2024, 2025]) : int(2000...2100)
            data["amountFen"] = pick([0, 1, 43632, 100_000_000, int(0...100_000_000)])
            data["dueFen"] = pick([1, 43632, int(1...43632)])
            data["paidAt"] = timestamp()
            data["fromBirth"] = chance(30)
            if chance(50) { data["channel"] = text(max: InputLimits.codeLength) }
        case .contributionReversed:
            data["paymentId"] = chance(50) ? "PAY-SAME" : identifier()
            data["reversedAt"] = timestamp()
            data["reason"] = text(max: InputLimits.freeTextLength)
        case .facilityBinding:
            data["facilityCode"] = text(max: InputLimits.codeLength)
            let kind = pick(["community_health_centre", "primary_clinic", "hospital"])
            data["facilityKind"] = kind
            if kind == "hospital" { data["hospitalLevel"] = int(1...3) }
            data["boundOn"] = date()
        case .familyAccountBinding:
            data["authoriserId"] = identifier()
            data["relationship"] = pick(["parent", "spouse", "child"])
            data["authoriserTier"] = int(1...2)
            data["boundOn"] = date()
        case .familyAccountRevocation:
            data["authoriserId"] = identifier()
            data["revokedOn"] = date()
        case .enrollmentConflictDetected:
            data["conflictId"] = chance(50) ? "DUP-SAME" : identifier()
            data["otherRegion"] = identifier()
            data["detectedOn"] = chance(20) ? "1900-01-01" : date()
        case .enrollmentConflictResolved:
            data["conflictId"] = chance(50) ? "DUP-SAME" : identifier()
            data["resolvedOn"] = chance(20) ? "2200-12-31" : date()
        }
        let envelope: [String: Any] = [
            "specversion": "1.0", "id": "e\(index)-" + identifier(), "source": "/fuzz/\(index % 7)",
            "type": type.rawValue, "subject": person, "time": timestamp(), "data": data,
        ]
        let bytes = (try? JSONSerialization.data(withJSONObject: envelope, options: [.sortedKeys])) ?? Data()
        return String(decoding: bytes, as: UTF8.self)
    }

    static func citizenID(born: String) -> String {
        let first17 = "440305" + born.replacingOccurrences(of: "-", with: "") + "123"
        return first17 + (CitizenID.checkCharacter(forFirst17: first17).map(String.init) ?? "0")
    }

    /// A person's history: 1–12 events of every type (a few 100), only the valid ones.
    mutating func history(person: String) -> (events: [ValidatedEvent], generated: Int) {
        let count = chance(1) ? 100 : int(1...12)
        let lines = (0..<count).map { index in event(pick(InsuranceEventType.allCases), person: person, index: index) }
        let events = lines.compactMap { try? EventIntake.validate(json: Array($0.utf8), policy: .bundledDefaults).get() }
        return (events, count)
    }
}
