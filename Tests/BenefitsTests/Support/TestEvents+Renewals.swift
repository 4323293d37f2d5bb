/// Events for the renewal and estimate tests.
extension TestEvents {
    static func stop(person: String, id: String, effectiveOn: String) -> String {
        envelope(
            id: id,
            type: "insurance.enrollment.stopped.v1",
            person: person,
            data: #"{"personId":"\#(person)","effectiveOn":"\#(effectiveOn)","reason":"left the city"}"#
        )
    }

    static func hospital(person: String, id: String, code: String, level: Int, boundOn: String) -> String {
        envelope(
            id: id,
            type: "insurance.binding.facility.v1",
            person: person,
            data: #"{"personId":"\#(person)","facilityCode":"\#(code)","facilityKind":"hospital","hospitalLevel":\#(level),"boundOn":"\#(boundOn)"}"#
        )
    }

    static func registration(person: String, id: String, born: String, applied: String, hukou: String, guardianMonths: Int) -> String {
        envelope(
            id: id,
            type: "insurance.enrollment.registered.v1",
            person: person,
            data:
                #"{"personId":"\#(person)","certType":"resident_id","certNo":"\#(citizenID(born: born))","birthDate":"\#(born)","hukou":"\#(hukou)","category":"pupil","appliedOn":"\#(applied)","guardianCityInsuredMonths":\#(guardianMonths)}"#
        )
    }
}
