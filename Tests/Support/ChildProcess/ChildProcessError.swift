/// A helper program that could not start or did not finish in time.
public struct ChildProcessError: Error, CustomStringConvertible {
    public let executable: String
    public let problem: String

    public var description: String { "\(executable): \(problem)" }
}
