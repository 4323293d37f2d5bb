import Crypto

/// The SHA-256 of a bearer token: what the services keep and compare instead of the token.
public enum TokenHash {
    /// SHA-256 of the token's UTF-8 bytes.
    public static func sha256(_ token: String) -> [UInt8] {
        Array(SHA256.hash(data: Array(token.utf8)))
    }

    /// The 32 bytes of a 64-character hexadecimal SHA-256 (as `sha256sum` prints it), or nil.
    public static func decodeHex(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for pair in stride(from: 0, to: digits.count, by: 2) {
            guard let high = HexDigit.value(digits[pair]), let low = HexDigit.value(digits[pair + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }
}
