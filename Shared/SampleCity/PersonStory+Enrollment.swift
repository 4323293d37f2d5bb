/// What the enrollment part of a story decided, for bindings and faults.
struct SamplePerson {
    let birth: SampleDate
    let registeredOn: SampleDate
    let certNo: String
    let local: Bool
}

extension PersonStory {
    private static let familyNames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"]
    private static let givenNames = ["子涵", "一诺", "欣怡", "梓轩", "浩然", "雨桐", "宇航", "思彤", "俊熙", "可馨"]

    mutating func writeEnrollmentAndPayments(_ kind: PersonKind) -> SamplePerson {
        switch kind {
        case .schoolPupil, .stopped, .reversedPayment:
            let person = register(
                birth: birthday(age: int(6...17)),
                category: "pupil",
                source: "/schools/\(int(1...400))",
                on: day(in: year, month: 9, to: 20)
            )
            let september = payAnnual(person)
            if kind == .reversedPayment { reverseAndMaybeRepay(person, paymentId: september) }
            if kind == .stopped { stop(after: person) }
            return person
        case .universityStudent:
            let person = register(
                birth: birthday(age: int(18...22)),
                category: "university_student",
                source: "/universities/\(int(1...12))",
                on: day(in: year, month: 9, to: 20)
            )
            _ = payAnnual(person)
            return person
        case .childNotInSchool:
            let applied = day(in: year, month: 10).addingMonths(int(0...8))
            let person = register(
                birth: birthday(age: int(1...5)),
                category: "child_not_in_school",
                source: channel(),
                on: applied
            )
            pay(person, policyYear: year, amount: nil, on: applied.addingDays(int(0...5)))
            return person
        case .instalments:
            let applied = day(in: year, month: 10).addingMonths(int(0...6))
            let person = register(
                birth: birthday(age: int(1...12)),
                category: "child_not_in_school",
                source: channel(),
                on: applied
            )
            let due = due(policyYear: year, fromMonthOf: applied)
            let first = due / 2
            pay(person, policyYear: year, amount: first, due: due, on: applied.addingDays(int(0...3)))
            pay(person, policyYear: year, amount: due - first, due: due, on: applied.addingMonths(1))
            return person
        case .newbornInTime, .newbornLate, .newbornNonLocal:
            let birth = SampleDate(year, 1, 1).addingDays(int(0...500))
            let lateness = kind == .newbornLate ? int(184...300) : (chance(0.1) ? 180 : int(5...170))
            let applied = birth.addingDays(lateness)
            let person = register(
                birth: birth,
                category: "child_not_in_school",
                source: channel(),
                on: applied,
                local: kind != .newbornNonLocal,
                certType: "birth_certificate"
            )
            let fromBirth = kind != .newbornLate
            let policyYear = fromBirth ? PersonStory.policyYear(of: birth) : PersonStory.policyYear(of: applied)
            let dueFrom = fromBirth ? birth : applied
            pay(
                person,
                policyYear: policyYear,
                amount: nil,
                due: due(policyYear: policyYear, fromMonthOf: dueFrom),
                on: applied.addingDays(int(0...10)),
                fromBirth: fromBirth
            )
            return person
        case .defaultRenewal, .restored, .duplicateEnrolment, .newbornAcrossYears, .ineligiblePupil:
            return writeLaterRuleStory(kind)
        }
    }

    mutating func birthday(age: Int) -> SampleDate {
        SampleDate(year - age, int(1...12), int(1...28))
    }

    mutating func channel() -> String {
        ["/channels/wechat", "/channels/web", "/channels/counter"][int(0...2)]
    }

    mutating func register(
        birth: SampleDate,
        category: String,
        source: String,
        on applied: SampleDate,
        local: Bool? = nil,
        certType: String = "resident_id",
        guardianMonths: Int? = nil
    ) -> SamplePerson {
        let isLocal = local ?? (category != "pupil" || chance(0.85))
        let region = CitizenIDMaker.regions[int(0...CitizenIDMaker.regions.count - 1)]
        let certNo =
            certType == "resident_id"
            ? CitizenIDMaker.make(region: region, birth: birth, sequence: index)
            : "BC\(birth.compact)\(String(index).leftPadded(to: 7))"
        var data = JSONObjectBuilder()
        data.add("personId", personId)
        data.add("certType", certType)
        data.add("certNo", certNo)
        data.add("name", PersonStory.familyNames[int(0...9)] + PersonStory.givenNames[int(0...9)])
        data.add("birthDate", birth.description)
        data.add("hukou", isLocal ? "local" : "non_local")
        data.add("category", category)
        data.add("appliedOn", applied.description)
        if !isLocal { data.add("guardianCityInsuredMonths", guardianMonths ?? int(12...96)) }
        data.add("channel", source.hasPrefix("/channels/") ? String(source.dropFirst(10)) : "school")
        emit(
            "insurance.enrollment.registered.v1",
            source: source,
            time: applied.at(hour: 9, minute: int(0...59)),
            stream: .enrollments,
            data: data
        )
        return SamplePerson(birth: birth, registeredOn: applied, certNo: certNo, local: isLocal)
    }

    /// The September payment of the first year, then the renewal: on time
    /// (August deduction or the window), late (a gap), or none.
    /// Returns the September payment's id.
    mutating func payAnnual(_ person: SamplePerson) -> String {
        let septemberDay = chance(0.05) ? SampleDate(year, 9, 30) : day(in: year, month: 9, to: 30)
        let minute = septemberDay.day == 30 ? 59 : int(0...59)
        let september = pay(
            person,
            policyYear: year,
            amount: nil,
            due: options.premium(for: year),
            at: septemberDay.at(hour: septemberDay.day == 30 ? 23 : 10, minute: minute),
            on: septemberDay
        )
        let renewal = int(0...99)
        if renewal < 80 {
            pay(
                person,
                policyYear: year + 1,
                amount: nil,
                due: options.premium(for: year + 1),
                on: renewal < 40 ? day(in: year + 1, month: 8, from: 15) : day(in: year + 1, month: 9, to: 30)
            )
        } else if renewal < 90 {
            pay(
                person,
                policyYear: year + 1,
                amount: nil,
                due: options.premium(for: year + 1),
                on: day(in: year + 1, month: 11).addingMonths(int(0...2))
            )
        }
        return september
    }

    @discardableResult
    mutating func pay(
        _ person: SamplePerson,
        policyYear: Int,
        amount: Int?,
        due: Int? = nil,
        at time: String? = nil,
        on date: SampleDate,
        fromBirth: Bool? = nil
    ) -> String {
        let dueFen = due ?? self.due(policyYear: policyYear, fromMonthOf: date)
        let paymentId = "TAX-\(personId)-\(policyYear)-\(events.count)"
        var data = JSONObjectBuilder()
        data.add("paymentId", paymentId)
        data.add("personId", personId)
        data.add("policyYear", policyYear)
        data.add("amountFen", amount ?? dueFen)
        data.add("dueFen", dueFen)
        data.add("paidAt", time ?? date.at(hour: int(8...21), minute: int(0...59)))
        data.add("fromBirth", fromBirth)
        data.add("channel", "bank_deduction")
        emit(
            "insurance.contribution.paid.v1",
            source: "/tax-bureau/payments",
            time: time ?? date.at(hour: 12, minute: 0),
            stream: .contributions,
            data: data
        )
        return paymentId
    }

    mutating func reverseAndMaybeRepay(_ person: SamplePerson, paymentId: String) {
        let reversedOn = day(in: year, month: 10, to: 20)
        var data = JSONObjectBuilder()
        data.add("paymentId", paymentId)
        data.add("personId", personId)
        data.add("reversedAt", reversedOn.at(hour: 15, minute: 0))
        data.add("reason", "refund requested by guardian")
        emit(
            "insurance.contribution.reversed.v1",
            source: "/tax-bureau/payments",
            time: reversedOn.at(hour: 15, minute: 0),
            stream: .contributions,
            data: data
        )
        if chance(0.5) { pay(person, policyYear: year, amount: nil, on: day(in: year, month: 11)) }
    }

    mutating func stop(after person: SamplePerson) {
        stop(
            on: SampleDate(year + 1, int(1...8), 1).addingDays(int(0...20)),
            reason: ["enrolled elsewhere", "left the city", "age limit"][int(0...2)]
        )
    }

    mutating func stop(on effective: SampleDate, reason: String) {
        var data = JSONObjectBuilder()
        data.add("personId", personId)
        data.add("effectiveOn", effective.description)
        data.add("reason", reason)
        emit(
            "insurance.enrollment.stopped.v1",
            source: "/channels/counter",
            time: effective.at(hour: 9, minute: 0),
            stream: .enrollments,
            data: data
        )
    }
}
