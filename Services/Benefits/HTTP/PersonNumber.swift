/// The contract's person number: 1–64 characters of `[A-Za-z0-9_-]`.
enum PersonNumber {
    static let rule = "must be 1–64 characters of A–Z, a–z, 0–9, '_' or '-'"

    static func isValid(_ text: String) -> Bool {
        let bytes = text.utf8
        guard (1...64).contains(bytes.count) else { return false }
        return bytes.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
    }
}
