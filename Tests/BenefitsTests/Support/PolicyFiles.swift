import Foundation
import InsuranceDomain
import ServiceSupport

/// Policy files written for a test: the bundled years with 2024's individual premium changed.
enum PolicyFiles {
    static func write(premium2024: Int) throws -> String {
        let years = (2023...2026).map { year in
            #"{"policyYear":\#(year),"windowOpensOn":"\#(year)-09-01","windowClosesOn":"\#(year)-09-30","individualPremiumFen":\#(year == 2024 ? premium2024 : 43632),"subsidyFen":87264,"assumed":\#(year != 2024)}"#
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("policy-\(UUID().uuidString).json").path
        try #"{"years":[\#(years.joined(separator: ","))]}"#.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The book as the services load it.
    static func book(premium2024: Int) throws -> (path: String, book: PolicyBook) {
        let path = try write(premium2024: premium2024)
        return (path, try PolicyFile.load(path: path))
    }
}
