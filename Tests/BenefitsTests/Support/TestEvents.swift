import InsuranceDomain

/// Hand-written structured-mode CloudEvents for pipeline, API and evaluation tests.
enum TestEvents {
    /// A valid resident ID for a birth date (region 440305).
    static func citizenID(born: String) -> String {
        let first17 = "440305" + born.replacingOccurrences(of: "-", with: "") + "123"
        return first17 + String(CitizenID.checkCharacter(forFirst17: first17)!)
    }

    static func envelope(id: String, type: String, person: String, time: String = "2024-09-10T09:00:00+08:00", data: String) -> String {
        #"{"specversion":"1.0","id":"\#(id)","source":"test/school","type":"\#(type)","subject":"\#(person)","time":"\#(time)","datacontenttype":"application/json","data":\#(data)}"#
    }

    static func registration(person: String, id: String, born: String = "2015-03-07", applied: String = "2024-09-02") -> String {
        envelope(
            id: id,
            type: "insurance.enrollment.registered.v1",
            person: person,
            data:
                #"{"personId":"\#(person)","certType":"resident_id","certNo":"\#(citizenID(born: born))","birthDate":"\#(born)","hukou":"local","category":"pupil","appliedOn":"\#(applied)"}"#
        )
    }

    static func payment(
        person: String,
        id: String,
        amountFen: Int,
        paidAt: String = "2024-09-10T09:00:00+08:00",
        paymentId: String? = nil
    ) -> String {
        envelope(
            id: id,
            type: "insurance.contribution.paid.v1",
            person: person,
            time: paidAt,
            data:
                #"{"paymentId":"\#(paymentId ?? "T-\(id)")","personId":"\#(person)","policyYear":2024,"amountFen":\#(amountFen),"dueFen":43632,"paidAt":"\#(paidAt)"}"#
        )
    }

    static func facility(person: String, id: String, code: String, boundOn: String) -> String {
        envelope(
            id: id,
            type: "insurance.binding.facility.v1",
            person: person,
            data: #"{"personId":"\#(person)","facilityCode":"\#(code)","facilityKind":"community_health_centre","boundOn":"\#(boundOn)"}"#
        )
    }

    static func family(person: String, id: String, authoriser: String, boundOn: String) -> String {
        envelope(
            id: id,
            type: "insurance.binding.family_account.v1",
            person: person,
            data: #"{"personId":"\#(person)","authoriserId":"\#(authoriser)","relationship":"parent","authoriserTier":1,"boundOn":"\#(boundOn)"}"#
        )
    }
}

extension TestEvents {
    static func payment(person: String, id: String, policyYear: Int, paidAt: String) -> String {
        envelope(
            id: id,
            type: "insurance.contribution.paid.v1",
            person: person,
            time: paidAt,
            data:
                #"{"paymentId":"T-\#(id)","personId":"\#(person)","policyYear":\#(policyYear),"amountFen":43632,"dueFen":43632,"paidAt":"\#(paidAt)"}"#
        )
    }

    static func conflict(person: String, id: String, detectedOn: String) -> String {
        envelope(
            id: id,
            type: "insurance.enrollment.conflict_detected.v1",
            person: person,
            data: #"{"personId":"\#(person)","conflictId":"C-\#(id)","otherRegion":"440600","detectedOn":"\#(detectedOn)"}"#
        )
    }

    static func hospital(person: String, id: String, code: String, boundOn: String) -> String {
        envelope(
            id: id,
            type: "insurance.binding.facility.v1",
            person: person,
            data: #"{"personId":"\#(person)","facilityCode":"\#(code)","facilityKind":"hospital","hospitalLevel":2,"boundOn":"\#(boundOn)"}"#
        )
    }
}
