import Mustache

// Field lookups for the templates without reflection (see `TimelineChartView+Mustache.swift`).

extension PersonTimelineView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "personId": personId
        case "asOf": asOf
        case "coveredToday": coveredToday
        case "registeredOn": registeredOn
        case "chart": chart
        case "legend": legend
        case "notices": notices
        case "unreadableEvents": unreadableEvents
        case "coverageLines": coverageLines
        case "paymentLines": paymentLines
        case "bindingLines": bindingLines
        case "hasCoverageLines": hasCoverageLines
        case "hasPaymentLines": hasPaymentLines
        case "hasBindingLines": hasBindingLines
        default: nil
        }
    }
}

extension PersonTimelineView.Swatch: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "background": background
        case "text": text
        default: nil
        }
    }
}

extension PersonTimelineView.Notices: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "notEligibleReason": notEligibleReason
        case "blocked": blocked
        case "facilityExplanation": facilityExplanation
        case "assumedYears": assumedYears
        default: nil
        }
    }
}

extension PersonTimelineView.Notices.Blocked: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "otherRegion": otherRegion
        case "conflictId": conflictId
        case "from": from
        case "until": until
        default: nil
        }
    }
}

extension PersonTimelineView.CoverageLine: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "isPeriod": isPeriod
        case "isGap": isGap
        case "isStop": isStop
        case "colour": colour
        case "basis": basis
        case "policyYear": policyYear
        case "from": from
        case "to": to
        case "reason": reason
        default: nil
        }
    }
}

extension PersonTimelineView.PaymentLine: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "paidOn": paidOn
        case "paymentId": paymentId
        case "amount": amount
        case "due": due
        case "note": note
        case "policyYear": policyYear
        case "reversed": reversed
        default: nil
        }
    }
}

extension PersonTimelineView.BindingLine: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "kind": kind
        case "with": with
        case "from": from
        case "until": until
        case "reason": reason
        case "isAccepted": isAccepted
        default: nil
        }
    }
}
