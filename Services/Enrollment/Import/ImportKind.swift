import Foundation

/// The CSV layouts the file intake reads, and how a row becomes a CloudEvent.
public enum ImportKind: String, Sendable, Hashable, CaseIterable {
    /// A school's pupils: one `insurance.enrollment.registered.v1` per row.
    case pupils
    /// The tax bureau's payment records: one `insurance.contribution.paid.v1` per row.
    case payments

    /// The columns, in the documented order; files may order them freely.
    public var columns: [CSVColumn] {
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
        }
    }

    public var eventType: String {
        switch self {
        case .pupils: "insurance.enrollment.registered.v1"
        case .payments: "insurance.contribution.paid.v1"
        }
    }

    /// The event's business time: the application day (midnight, China Standard Time)
    /// for pupils, the payment instant for payments.
    func time(_ cells: [String: String]) -> String? {
        switch self {
        case .pupils: cells["appliedOn"].flatMap { $0.isEmpty ? nil : "\($0)T00:00:00+08:00" }
        case .payments: cells["paidAt"].flatMap { $0.isEmpty ? nil : $0 }
        }
    }
}
