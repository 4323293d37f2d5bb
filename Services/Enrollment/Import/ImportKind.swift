import Foundation

/// The CSV layouts the file intake reads, and how a row becomes a CloudEvent.
package enum ImportKind: String, Sendable, Hashable, CaseIterable {
    /// A school's pupils: one `insurance.enrollment.registered.v1` per row.
    case pupils
    /// The tax bureau's payment records: one `insurance.contribution.paid.v1` per row.
    case payments
    /// The province's duplicate-enrolment check (重复参保): one
    /// `insurance.enrollment.conflict_detected.v1` per row.
    case conflicts
    /// Duplicate enrolments resolved: one `insurance.enrollment.conflict_resolved.v1` per row.
    case resolutions

    /// The columns, in the documented order; files may order them freely.
    var columns: [CSVColumn] {
        switch self {
        case .pupils:
            [
                CSVColumn("personId"), CSVColumn("certType"), CSVColumn("certNo"),
                CSVColumn("name", required: false), CSVColumn("birthDate"), CSVColumn("hukou"),
                CSVColumn("category"), CSVColumn("appliedOn"),
                CSVColumn("guardianCityInsuredMonths", .integer, required: false),
                CSVColumn("channel", required: false),
            ]
        case .payments:
            [
                CSVColumn("paymentId"), CSVColumn("personId"), CSVColumn("policyYear", .integer),
                CSVColumn("amountFen", .integer), CSVColumn("dueFen", .integer), CSVColumn("paidAt"),
                CSVColumn("fromBirth", .boolean, required: false), CSVColumn("channel", required: false),
            ]
        case .conflicts:
            [CSVColumn("personId"), CSVColumn("conflictId"), CSVColumn("otherRegion"), CSVColumn("detectedOn")]
        case .resolutions:
            [CSVColumn("personId"), CSVColumn("conflictId"), CSVColumn("resolvedOn")]
        }
    }

    var eventType: String {
        switch self {
        case .pupils: "insurance.enrollment.registered.v1"
        case .payments: "insurance.contribution.paid.v1"
        case .conflicts: "insurance.enrollment.conflict_detected.v1"
        case .resolutions: "insurance.enrollment.conflict_resolved.v1"
        }
    }

    /// The event's business time: the application, detection or resolution day (midnight,
    /// China Standard Time), the payment instant for payments.
    func time(_ cells: [String: String]) -> String? {
        switch self {
        case .pupils: cells["appliedOn"].flatMap { $0.isEmpty ? nil : "\($0)T00:00:00+08:00" }
        case .payments: cells["paidAt"].flatMap { $0.isEmpty ? nil : $0 }
        case .conflicts: cells["detectedOn"].flatMap { $0.isEmpty ? nil : "\($0)T00:00:00+08:00" }
        case .resolutions: cells["resolvedOn"].flatMap { $0.isEmpty ? nil : "\($0)T00:00:00+08:00" }
        }
    }
}
