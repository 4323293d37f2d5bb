import Foundation
import InsuranceDomain

/// Builders for test events; every person id is unique per test by construction of the caller.
package enum Fixtures {
    package static let policy = PolicyBook.bundledDefaults

    package static func date(_ text: String) -> LocalDate {
        guard let d = LocalDate(text) else { fatalError("bad test date \(text)") }
        return d
    }

    package static func instant(_ text: String) -> Timestamp {
        guard let t = Timestamp(rfc3339: text) else { fatalError("bad test timestamp \(text)") }
        return t
    }

    /// A valid resident ID for a birth date (Shenzhen Nanshan region 440305).
    package static func citizenID(born: String, sequence: String = "123") -> String {
        let first17 = "440305" + born.replacingOccurrences(of: "-", with: "") + sequence
        return first17 + String(CitizenID.checkCharacter(forFirst17: first17)!)
    }

    package static func wrap(
        _ id: String,
        _ event: InsuranceEvent,
        source: String = "test",
        time: String = "2024-09-01T10:00:00+08:00"
    ) -> ValidatedEvent {
        ValidatedEvent(id: id, source: source, time: instant(time), event: event)
    }

    package static func registered(
        _ person: String,
        born: String,
        applied: String,
        hukou: Hukou = .local,
        category: InsuredCategory = .childNotInSchool,
        guardianMonths: Int? = nil,
        id: String? = nil
    ) -> ValidatedEvent {
        wrap(
            id ?? "reg-\(person)-\(applied)",
            .enrollmentRegistered(
                EnrollmentRegistered(
                    personId: person,
                    certType: .residentId,
                    certNo: citizenID(born: born),
                    birthDate: date(born),
                    hukou: hukou,
                    category: category,
                    appliedOn: date(applied),
                    guardianCityInsuredMonths: guardianMonths
                )
            )
        )
    }

    package static func paid(
        _ person: String,
        year: Int,
        amount: Int = 43632,
        due: Int = 43632,
        at: String,
        fromBirth: Bool = false,
        paymentId: String? = nil,
        id: String? = nil
    ) -> ValidatedEvent {
        let pid = paymentId ?? "pay-\(person)-\(year)-\(at)"
        return wrap(
            id ?? "evt-\(pid)",
            .contributionPaid(
                ContributionPaid(
                    paymentId: pid,
                    personId: person,
                    policyYear: year,
                    amountFen: amount,
                    dueFen: due,
                    paidAt: instant(at),
                    fromBirth: fromBirth
                )
            )
        )
    }

    package static func reversed(_ person: String, paymentId: String, at: String = "2024-12-01T10:00:00+08:00") -> ValidatedEvent {
        wrap(
            "rev-\(paymentId)",
            .contributionReversed(
                ContributionReversed(
                    paymentId: paymentId,
                    personId: person,
                    reversedAt: instant(at),
                    reason: "refund"
                )
            )
        )
    }

    package static func stopped(_ person: String, on: String) -> ValidatedEvent {
        wrap("stop-\(person)-\(on)", .enrollmentStopped(EnrollmentStopped(personId: person, effectiveOn: date(on), reason: "left the city")))
    }

    package static func facility(_ person: String, code: String, kind: FacilityKind, level: Int? = nil, on: String) -> ValidatedEvent {
        wrap(
            "fac-\(person)-\(code)-\(on)",
            .facilityBinding(
                FacilityBinding(
                    personId: person,
                    facilityCode: code,
                    facilityKind: kind,
                    hospitalLevel: level,
                    boundOn: date(on)
                )
            )
        )
    }

    package static func family(_ person: String, authoriser: String, tier: Int = 1, on: String) -> ValidatedEvent {
        wrap(
            "fam-\(person)-\(authoriser)-\(on)",
            .familyAccountBinding(
                FamilyAccountBinding(
                    personId: person,
                    authoriserId: authoriser,
                    relationship: .parent,
                    authoriserTier: tier,
                    boundOn: date(on)
                )
            )
        )
    }

    package static func revoked(_ person: String, authoriser: String, on: String) -> ValidatedEvent {
        wrap(
            "famrev-\(person)-\(authoriser)-\(on)",
            .familyAccountRevocation(
                FamilyAccountRevocation(
                    personId: person,
                    authoriserId: authoriser,
                    revokedOn: date(on)
                )
            )
        )
    }

    package static func evaluate(_ person: String, _ events: [ValidatedEvent]) -> PersonCoverage {
        CoverageEngine.evaluate(personId: person, events: events, policy: policy)
    }

    /// `[(startsOn, endsOn, basis)]` as text, for compact table expectations.
    package static func periods(_ c: PersonCoverage) -> [String] {
        c.periods.map { "\($0.policyYear) \($0.startsOn)..\($0.endsOn) \($0.basis.rawValue)" }
    }

    /// A structured-mode JSON event with the given data members (raw JSON text).
    package static func json(type: String, subject: String = "P1", id: String = "e1", data: String) -> [UInt8] {
        Array(
            #"{"specversion":"1.0","id":"\#(id)","source":"school/42","type":"\#(type)","subject":"\#(subject)","time":"2024-09-10T09:00:00+08:00","datacontenttype":"application/json","data":\#(data)}"#
                .utf8
        )
    }

    package static let validData: [InsuranceEventType: String] = [
        .enrollmentRegistered:
            #"{"personId":"P1","certType":"resident_id","certNo":"\#(citizenID(born: "2015-03-07"))","name":"小明","birthDate":"2015-03-07","hukou":"local","category":"pupil","appliedOn":"2024-09-02","channel":"school"}"#,
        .enrollmentStopped: #"{"personId":"P1","effectiveOn":"2025-01-01","reason":"enrolled elsewhere"}"#,
        .contributionPaid:
            #"{"paymentId":"T-1","personId":"P1","policyYear":2024,"amountFen":43632,"dueFen":43632,"paidAt":"2024-09-10T09:00:00+08:00","fromBirth":false,"channel":"bank"}"#,
        .contributionReversed: #"{"paymentId":"T-1","personId":"P1","reversedAt":"2024-09-20T09:00:00+08:00","reason":"refund"}"#,
        .facilityBinding:
            #"{"personId":"P1","facilityCode":"SK-001","facilityKind":"hospital","hospitalLevel":2,"boundOn":"2024-10-02","channel":"wechat"}"#,
        .familyAccountBinding: #"{"personId":"P1","authoriserId":"E-77","relationship":"parent","authoriserTier":1,"boundOn":"2024-10-02"}"#,
        .familyAccountRevocation: #"{"personId":"P1","authoriserId":"E-77","revokedOn":"2025-10-02"}"#,
        .enrollmentConflictDetected: #"{"personId":"P1","conflictId":"C-1","otherRegion":"440300","detectedOn":"2025-01-10"}"#,
        .enrollmentConflictResolved: #"{"personId":"P1","conflictId":"C-1","resolvedOn":"2025-02-20"}"#,
    ]
}

extension Fixtures {
    package static func conflict(_ person: String, id conflictId: String = "C-1", region: String = "440300", on: String) -> ValidatedEvent {
        wrap(
            "conflict-\(person)-\(conflictId)-\(on)",
            .enrollmentConflictDetected(
                EnrollmentConflictDetected(
                    personId: person,
                    conflictId: conflictId,
                    otherRegion: region,
                    detectedOn: date(on)
                )
            )
        )
    }

    package static func resolved(_ person: String, id conflictId: String = "C-1", on: String) -> ValidatedEvent {
        wrap(
            "resolved-\(person)-\(conflictId)-\(on)",
            .enrollmentConflictResolved(
                EnrollmentConflictResolved(
                    personId: person,
                    conflictId: conflictId,
                    resolvedOn: date(on)
                )
            )
        )
    }
}
