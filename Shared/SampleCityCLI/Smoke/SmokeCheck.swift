/// One line of the smoke report: what was checked, whether it held, and in a few words why not.
struct SmokeCheck: Sendable {
    enum Outcome: String, Sendable {
        case pass = "PASS"
        case fail = "FAIL"
        /// Not run because an earlier step failed; counts as a failure.
        case notRun = "NOT RUN"
    }

    let name: String
    let outcome: Outcome
    let detail: String

    static func pass(_ name: String, _ detail: String) -> SmokeCheck { SmokeCheck(name: name, outcome: .pass, detail: detail) }
    static func fail(_ name: String, _ detail: String) -> SmokeCheck { SmokeCheck(name: name, outcome: .fail, detail: detail) }
    static func notRun(_ name: String, _ detail: String) -> SmokeCheck { SmokeCheck(name: name, outcome: .notRun, detail: detail) }

    var passed: Bool { outcome == .pass }
}
