/// Why an event could not be put into binary mode.
struct BinaryModeError: Error, CustomStringConvertible {
    let reason: String
    var description: String { "binary mode: \(reason)" }
}
