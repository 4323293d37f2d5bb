/// A failure of the harness or of the system under test, with a message a person can act on.
struct SystemTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
