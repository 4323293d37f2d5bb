/// The contract's identifier: person numbers (`personId`, `subject`, Kafka keys, the
/// benefits service's URLs) and the other ids of events (`paymentId`, `authoriserId`, …)
/// are 1–64 characters of `[A-Za-z0-9_-]`. The one place that rule is written.
public enum ContractIdentifier {
    /// The rule as a regular expression, as the JSON Schemas in `schemas/` state it.
    public static let pattern = "^[A-Za-z0-9_-]{1,64}$"
    /// The characters allowed, as problems name them.
    public static let shape = "1–64 characters of A–Z, a–z, 0–9, '_' or '-'"
    /// The rule broken, as a problem's `rule`.
    public static let rule = "must be \(shape)"

    /// Whether `text` is an identifier of the contract.
    public static func isValid(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard (1...64).contains(utf8.count) else { return false }
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
                continue
            default:
                return false
            }
        }
        return true
    }
}
