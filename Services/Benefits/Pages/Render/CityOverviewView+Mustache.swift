import Mustache

// Field lookups for the templates without reflection (see `TimelineChartView+Mustache.swift`).

extension CityOverviewView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "stats": stats
        case "monthChart": monthChart
        case "legend": legend
        case "refusals": refusals
        case "hasRefusals": hasRefusals
        case "renewals": renewals
        case "samplePersons": samplePersons
        case "hasSamplePersons": hasSamplePersons
        default: nil
        }
    }
}

extension CityOverviewView.Stat: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "value": value
        case "label": label
        case "isRefused": isRefused
        default: nil
        }
    }
}

extension CityOverviewView.Chart: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "width": width
        case "height": height
        case "grid": grid
        case "months": months
        default: nil
        }
    }
}

extension CityOverviewView.GridLine: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "x1": x1
        case "x2": x2
        case "y": y
        case "stroke": stroke
        case "labelX": labelX
        case "labelY": labelY
        case "value": value
        default: nil
        }
    }
}

extension CityOverviewView.Month: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "bars": bars
        case "monthLabel": monthLabel
        default: nil
        }
    }
}

extension CityOverviewView.MonthBar: MustacheParent {
    func child(named name: String) -> Any? {
        name == "fill" ? fill : box.child(named: name)
    }
}

extension CityOverviewView.Refusal: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "reason": reason
        case "type": type
        case "count": count
        default: nil
        }
    }
}

extension CityOverviewView.Renewals: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "statuses": statuses
        case "tallies": tallies
        default: nil
        }
    }
}

extension CityOverviewView.Tally: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "policyYear": policyYear
        case "cells": cells
        case "total": total
        default: nil
        }
    }
}

extension CityOverviewView.Cell: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "status": status
        case "count": count
        default: nil
        }
    }
}
