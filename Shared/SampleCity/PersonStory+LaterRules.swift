/// Stories for the rules that need no registration or span stops, conflicts and policy years.
extension PersonStory {
    mutating func writeLaterRuleStory(_ kind: PersonKind) -> SamplePerson {
        switch kind {
        case .restored:
            let person = register(
                birth: birthday(age: int(6...17)),
                category: "pupil",
                source: "/schools/\(int(1...400))",
                on: day(in: year, month: 9, to: 20)
            )
            pay(person, policyYear: year, amount: nil, due: options.premium(for: year), on: day(in: year, month: 9, to: 25))
            let stoppedOn = SampleDate(year + 1, int(1...4), 1)
            stop(on: stoppedOn, reason: "left the city")
            let back = stoppedOn.addingDays(int(5...60))
            pay(person, policyYear: year, amount: nil, on: back)
            return person
        case .duplicateEnrolment:
            let person = payOnly()
            let detected = SampleDate(year + 1, int(1...5), int(1...28))
            conflict(detected: detected, resolved: chance(0.8) ? detected.addingDays(int(10...60)) : nil)
            return person
        case .newbornAcrossYears:
            let birth = SampleDate(year + 1, int(7...8), int(1...28))
            let applied = SampleDate(year + 1, 10, 1).addingDays(int(0...100))
            let person = register(
                birth: birth,
                category: "child_not_in_school",
                source: channel(),
                on: applied,
                local: true,
                certType: "birth_certificate"
            )
            pay(person, policyYear: year, amount: nil, due: due(policyYear: year, fromMonthOf: birth), on: applied, fromBirth: true)
            pay(person, policyYear: year + 1, amount: nil, due: options.premium(for: year + 1), on: applied.addingDays(int(0...20)))
            return person
        case .ineligiblePupil:
            let person = register(
                birth: birthday(age: int(6...15)),
                category: "pupil",
                source: "/schools/\(int(1...400))",
                on: day(in: year, month: 9, to: 20),
                local: false,
                guardianMonths: int(0...11)
            )
            pay(person, policyYear: year, amount: nil, due: options.premium(for: year), on: day(in: year, month: 9, to: 25))
            return person
        default:
            return payOnly()
        }
    }

    /// A default renewal (默认续保): the registration is years old and not in the stream; the
    /// tax bureau deducts the premium in August or it is paid in the window, sometimes late.
    mutating func payOnly() -> SamplePerson {
        let person = SamplePerson(
            birth: birthday(age: int(2...16)),
            registeredOn: SampleDate(year, 8, 1),
            certNo: "",
            local: true
        )
        let roll = int(0...99)
        let first = roll < 50 ? day(in: year, month: 8, from: 15) : (roll < 90 ? day(in: year, month: 9, to: 30) : day(in: year, month: 10))
        pay(person, policyYear: year, amount: nil, due: options.premium(for: year), on: first)
        if chance(0.85) {
            pay(person, policyYear: year + 1, amount: nil, due: options.premium(for: year + 1), on: day(in: year + 1, month: 8, from: 15))
        }
        return person
    }

    mutating func conflict(detected: SampleDate, resolved: SampleDate?) {
        let conflictId = "DUP-\(personId)"
        var data = JSONObjectBuilder()
        data.add("personId", personId)
        data.add("conflictId", conflictId)
        data.add("otherRegion", ["440600", "441900", "440400"][int(0...2)])
        data.add("detectedOn", detected.description)
        emit(
            "insurance.enrollment.conflict_detected.v1",
            source: "/province/duplicate-check",
            time: detected.at(hour: 6, minute: 0),
            stream: .enrollments,
            data: data
        )
        guard let resolved else { return }
        var resolution = JSONObjectBuilder()
        resolution.add("personId", personId)
        resolution.add("conflictId", conflictId)
        resolution.add("resolvedOn", resolved.description)
        emit(
            "insurance.enrollment.conflict_resolved.v1",
            source: "/province/duplicate-check",
            time: resolved.at(hour: 6, minute: 0),
            stream: .enrollments,
            data: resolution
        )
    }
}
