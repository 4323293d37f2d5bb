import InsuranceDomain

/// One row of the coverage rule table: a person's events and the periods they must give.
package struct CoverageCase: Sendable {
    package let name: String
    package let person: String
    package let events: [ValidatedEvent]
    /// `"<policyYear> <startsOn>..<endsOn> <basis>"` in `startsOn` order.
    package let periods: [String]
    /// `(day, expected status code)`: `covered` or a `NotCoveredReason.code`.
    package let statuses: [(String, String)]
    /// The policy book the case is evaluated with (the bundled one unless a case says otherwise).
    package var policy: PolicyBook = Fixtures.policy

    /// The same case evaluated with `policy`.
    package func with(policy: PolicyBook) -> CoverageCase {
        var copy = self
        copy.policy = policy
        return copy
    }

    /// A child born 2015-03-07, local, enrolled 2024-08-01 as a pupil (unless `registered` is
    /// false: then the stream holds only `events(person)`), plus `events(person)`.
    package static func child(
        _ name: String,
        born: String = "2015-03-07",
        applied: String = "2024-08-01",
        hukou: Hukou = .local,
        category: InsuredCategory = .pupil,
        guardianMonths: Int? = nil,
        periods: [String],
        statuses: [(String, String)] = [],
        registered: Bool = true,
        _ events: (String) -> [ValidatedEvent]
    ) -> CoverageCase {
        let person = "P-" + String(name.unicodeScalars.filter { CharacterSetASCII.isAlnum($0) }.prefix(50).map(Character.init))
        var all = events(person)
        if registered {
            all.insert(
                Fixtures.registered(
                    person,
                    born: born,
                    applied: applied,
                    hukou: hukou,
                    category: category,
                    guardianMonths: guardianMonths
                ),
                at: 0
            )
        }
        return CoverageCase(name: name, person: person, events: all, periods: periods, statuses: statuses)
    }
}

package enum CharacterSetASCII {
    package static func isAlnum(_ s: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s)
    }
}
