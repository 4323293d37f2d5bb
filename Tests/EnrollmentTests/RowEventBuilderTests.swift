import Foundation
import InsuranceDomain
import Testing

@testable import Enrollment

@Suite("CSV rows to CloudEvents")
struct RowEventBuilderTests {
    static let paymentHeader = ["paymentId", "personId", "policyYear", "amountFen", "dueFen", "paidAt"]

    @Test("a payment row becomes a valid contribution.paid event keyed by personId")
    func paymentRow() throws {
        let builder = try RowEventBuilder(kind: .payments, source: "/tax-bureau", header: Self.paymentHeader)
        let record = CSVRecord(line: 2, fields: ["T1", "P1", "2024", "43632", "43632", "2024-09-10T09:30:00+08:00"])
        let json = try builder.event(for: record, headerWidth: 6).get()
        let event = try EventIntake.validate(json: json, policy: .bundledDefaults).get()
        #expect(event.personId == "P1")
        #expect(event.type == "insurance.contribution.paid.v1")
        #expect(event.source == "/tax-bureau")
        #expect(event.id.hasPrefix("csv-"))
    }

    @Test("ids depend on source and content, not on column order")
    func deterministicIds() throws {
        let first = try RowEventBuilder(kind: .payments, source: "/tax-bureau", header: Self.paymentHeader)
        let reordered = try RowEventBuilder(kind: .payments, source: "/tax-bureau", header: Self.paymentHeader.reversed())
        let otherSource = try RowEventBuilder(kind: .payments, source: "/tax-bureau-2", header: Self.paymentHeader)
        let cells = ["T1", "P1", "2024", "43632", "43632", "2024-09-10T09:30:00+08:00"]
        func id(_ builder: RowEventBuilder, _ fields: [String]) throws -> String {
            let json = try builder.event(for: CSVRecord(line: 2, fields: fields), headerWidth: 6).get()
            return try #require(try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any])["id"] as? String ?? ""
        }
        let original = try id(first, cells)
        #expect(try id(first, cells) == original)
        #expect(try id(reordered, cells.reversed()) == original)
        #expect(try id(otherSource, cells) != original)
        var changed = cells
        changed[3] = "100"
        #expect(try id(first, changed) != original)
    }

    @Test("a non-numeric amount is left to the domain, which names the field")
    func typeErrorsReachValidation() throws {
        let builder = try RowEventBuilder(kind: .payments, source: "/tax-bureau", header: Self.paymentHeader)
        let record = CSVRecord(line: 7, fields: ["T1", "P1", "2024", "lots", "43632", "2024-09-10T09:30:00+08:00"])
        let json = try builder.event(for: record, headerWidth: 6).get()
        guard case .failure(let error) = EventIntake.validate(json: json, policy: .bundledDefaults) else {
            Issue.record("a non-numeric amount must be refused")
            return
        }
        #expect(error.problems.map(\.field) == ["data.amountFen"])
    }

    @Test("header problems name the column")
    func headerErrors() {
        #expect(throws: ImportError.header("missing required column(s): dueFen,paidAt")) {
            try RowEventBuilder(kind: .payments, source: "/t", header: ["paymentId", "personId", "policyYear", "amountFen"])
        }
        #expect(throws: ImportError.self) {
            try RowEventBuilder(kind: .pupils, source: "/t", header: ["personId", "shoeSize"])
        }
    }

    @Test("a row with the wrong number of cells is rejected with its line")
    func wrongWidth() throws {
        let builder = try RowEventBuilder(kind: .payments, source: "/t", header: Self.paymentHeader)
        let result = builder.event(for: CSVRecord(line: 9, fields: ["T1", "P1"]), headerWidth: 6)
        #expect(throws: RowProblem(line: 9, field: "row", rule: "has 2 cells, the header has 6")) { try result.get() }
    }
}
