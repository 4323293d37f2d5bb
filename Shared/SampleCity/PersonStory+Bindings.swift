extension PersonStory {
    /// Facility choices (some refused: a hospital at 14 or older, level 3, a
    /// change within a month) and family-account authorisers (some tier 2).
    mutating func writeBindings(for person: SamplePerson) {
        if chance(0.5) {
            var boundOn = person.registeredOn.addingDays(int(3...60))
            bindFacility(on: boundOn, age: person.birth.year <= boundOn.year - 14 ? 14 : 0)
            if chance(0.15) {
                boundOn = boundOn.addingDays(int(10...45))
                bindFacility(on: boundOn, age: person.birth.year <= boundOn.year - 14 ? 14 : 0)
            }
        }
        if chance(0.2) {
            let boundOn = person.registeredOn.addingDays(int(1...90))
            // Neighbouring people share a parent, so some authorisers help
            // several children; the pool does not depend on the city's size.
            let authoriser = "E\(String(options.seed, radix: 36))-\(index / 3)"
            var data = JSONObjectBuilder()
            data.add("personId", personId)
            data.add("authoriserId", authoriser)
            data.add("relationship", "parent")
            data.add("authoriserTier", chance(0.9) ? 1 : 2)
            data.add("boundOn", boundOn.description)
            emit(
                "insurance.binding.family_account.v1",
                source: channel(),
                time: boundOn.at(hour: 20, minute: 0),
                stream: .bindings,
                data: data
            )
            if chance(0.1) {
                let revokedOn = boundOn.addingDays(int(30...200))
                var revoke = JSONObjectBuilder()
                revoke.add("personId", personId)
                revoke.add("authoriserId", authoriser)
                revoke.add("revokedOn", revokedOn.description)
                emit(
                    "insurance.binding.family_account_revoked.v1",
                    source: channel(),
                    time: revokedOn.at(hour: 20, minute: 30),
                    stream: .bindings,
                    data: revoke
                )
            }
        }
    }

    private mutating func bindFacility(on boundOn: SampleDate, age: Int) {
        var data = JSONObjectBuilder()
        data.add("personId", personId)
        let roll = int(0...99)
        let kind = roll < 55 ? "community_health_centre" : (roll < 80 || age >= 14 && roll < 95 ? "primary_clinic" : "hospital")
        data.add("facilityCode", kind == "hospital" ? "H\(int(100...160))" : "C\(int(1000...1600))")
        data.add("facilityKind", kind)
        if kind == "hospital" { data.add("hospitalLevel", int(1...3)) }
        data.add("boundOn", boundOn.description)
        data.add("channel", "wechat")
        emit(
            "insurance.binding.facility.v1",
            source: "/channels/wechat",
            time: boundOn.at(hour: 19, minute: 0),
            stream: .bindings,
            data: data
        )
    }
}
