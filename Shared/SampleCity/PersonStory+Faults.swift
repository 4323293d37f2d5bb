extension PersonStory {
    /// One event broken the way upstream systems break them: cut-off JSON, a
    /// wrong check character, a negative amount, an unknown type, a missing
    /// field. Each must be refused with a reason and never lost.
    mutating func writeFaultyEvent(for person: SamplePerson) {
        let source = "/schools/\(int(1...400))"
        let time = person.registeredOn.at(hour: 11, minute: 11)
        switch int(0...4) {
        case 0:
            var data = JSONObjectBuilder()
            data.add("personId", personId)
            data.add("certType", "resident_id")
            data.add("certNo", String(person.certNo.dropLast()) + (person.certNo.last == "0" ? "1" : "0"))
            data.add("birthDate", person.birth.description)
            data.add("hukou", "local")
            data.add("category", "pupil")
            data.add("appliedOn", person.registeredOn.description)
            emit(
                "insurance.enrollment.registered.v1",
                source: source,
                time: time,
                stream: .enrollments,
                data: data,
                faulty: true
            )
        case 1:
            var data = JSONObjectBuilder()
            data.add("paymentId", "BAD-\(personId)")
            data.add("personId", personId)
            data.add("policyYear", year)
            data.add("amountFen", -int(1...50_000))
            data.add("dueFen", options.premium(for: year))
            data.add("paidAt", time)
            emit(
                "insurance.contribution.paid.v1",
                source: "/tax-bureau/payments",
                time: time,
                stream: .contributions,
                data: data,
                faulty: true
            )
        case 2:
            var data = JSONObjectBuilder()
            data.add("personId", personId)
            emit(
                "insurance.enrollment.teleported.v1",
                source: source,
                time: time,
                stream: .enrollments,
                data: data,
                faulty: true
            )
        case 3:
            var data = JSONObjectBuilder()
            data.add("personId", personId)
            data.add("facilityKind", "hospital")
            data.add("boundOn", person.registeredOn.description)
            emit(
                "insurance.binding.facility.v1",
                source: "/channels/web",
                time: time,
                stream: .bindings,
                data: data,
                faulty: true
            )
        default:
            emit(
                "insurance.enrollment.stopped.v1",
                source: source,
                time: time,
                stream: .enrollments,
                data: JSONObjectBuilder(),
                faulty: true
            )
            let whole = events.removeLast()
            let cut = whole.json.prefix(whole.json.count / 2)
            events.append(SampleEvent(stream: whole.stream, key: personId, json: String(cut), isFaulty: true))
        }
    }
}
