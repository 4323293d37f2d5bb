import Foundation

/// Valid and invalid CloudEvents for the router tests (synthetic people).
enum SampleEvents {
    /// A valid contribution.paid event of `personId`.
    static func payment(personId: String, source: String = "/tax-bureau/payments", id: String? = nil, amountFen: Int = 43632) -> String {
        let eventID = id ?? "pay-\(UUID().uuidString.prefix(12))"
        return #"""
            {"specversion":"1.0","id":"\#(eventID)","source":"\#(source)","type":"insurance.contribution.paid.v1","subject":"\#(personId)","time":"2024-09-15T10:00:00+08:00","datacontenttype":"application/json","data":{"paymentId":"\#(eventID)","personId":"\#(personId)","policyYear":2024,"amountFen":\#(amountFen),"dueFen":43632,"paidAt":"2024-09-15T10:00:00+08:00"}}
            """#
    }

    /// A valid enrollment.registered event (the citizen ID's check character is right).
    static func registration(personId: String, source: String = "/schools/42") -> String {
        #"""
        {"specversion":"1.0","id":"reg-\#(personId)","source":"\#(source)","type":"insurance.enrollment.registered.v1","subject":"\#(personId)","time":"2024-09-05T00:00:00+08:00","data":{"personId":"\#(personId)","certType":"resident_id","certNo":"440305201307021035","birthDate":"2013-07-02","hukou":"local","category":"pupil","appliedOn":"2024-09-05"}}
        """#
    }

    /// A valid facility binding.
    static func facilityBinding(personId: String, source: String = "/wechat/bindings") -> String {
        #"""
        {"specversion":"1.0","id":"bind-\#(personId)","source":"\#(source)","type":"insurance.binding.facility.v1","subject":"\#(personId)","time":"2024-10-02T08:00:00+08:00","data":{"personId":"\#(personId)","facilityCode":"CHC-0042","facilityKind":"community_health_centre","boundOn":"2024-10-02"}}
        """#
    }

    /// A valid contribution.reversed event: what only the tax bureau's token may send.
    static func reversal(personId: String, source: String = "/schools/42", paymentId: String = "pay-1") -> String {
        #"""
        {"specversion":"1.0","id":"rev-\#(personId)","source":"\#(source)","type":"insurance.contribution.reversed.v1","subject":"\#(personId)","time":"2024-09-20T10:00:00+08:00","data":{"paymentId":"\#(paymentId)","personId":"\#(personId)","reversedAt":"2024-09-20T10:00:00+08:00","reason":"refund"}}
        """#
    }

    static func batch(_ events: [String]) -> String { "[" + events.joined(separator: ",") + "]" }
}
