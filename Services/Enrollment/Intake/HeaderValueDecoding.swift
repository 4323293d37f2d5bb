import ServiceSupport

/// Reads one CloudEvents attribute from an HTTP header value, as the CloudEvents HTTP
/// protocol binding 1.0 asks (§3.1.3.2): a double-quoted value is unquoted first
/// (backslash escapes undone), then a single round of percent-decoding turns `%xy`
/// sequences back into UTF-8 bytes.
///
/// Senders percent-encode space, `"`, `%` and everything outside printable ASCII, so
/// the decoded value may hold any Unicode text; byte sequences that are not valid UTF-8
/// (overlong forms such as `%C0%A0` included) are refused rather than repaired.
enum HeaderValueDecoding {
    /// Why a header value could not be read, phrased as the rule it breaks.
    enum Failure: Error, Sendable, Equatable {
        case unterminatedQuote
        case badPercentSequence
        case notUTF8

        var rule: String {
            switch self {
            case .unterminatedQuote: "header value starts a double-quoted string that does not end where the value ends"
            case .badPercentSequence: "header value has a '%' not followed by two hexadecimal digits (percent-encode '%' as %25)"
            case .notUTF8: "header value decodes to bytes that are not valid UTF-8"
            }
        }
    }

    /// The attribute value carried by `raw`, or why it cannot be read.
    static func decode(_ raw: String) -> Result<String, Failure> {
        let unquoted: [UInt8]
        switch unquote(Array(raw.utf8)) {
        case .success(let bytes): unquoted = bytes
        case .failure(let failure): return .failure(failure)
        }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(unquoted.count)
        var index = 0
        while index < unquoted.count {
            let byte = unquoted[index]
            guard byte == UInt8(ascii: "%") else {
                decoded.append(byte)
                index += 1
                continue
            }
            guard index + 2 < unquoted.count,
                let high = HexDigit.value(unquoted[index + 1]), let low = HexDigit.value(unquoted[index + 2])
            else { return .failure(.badPercentSequence) }
            decoded.append(high << 4 | low)
            index += 3
        }
        guard let text = String(validating: decoded, as: UTF8.self) else { return .failure(.notUTF8) }
        return .success(text)
    }

    /// RFC 9110 quoted-string in reverse: `"a\"b"` → `a"b`; other values pass unchanged.
    private static func unquote(_ bytes: [UInt8]) -> Result<[UInt8], Failure> {
        let quote = UInt8(ascii: "\"")
        guard bytes.first == quote else { return .success(bytes) }
        var result: [UInt8] = []
        var index = 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == quote {
                // Only the closing quote may end the value.
                return index == bytes.count - 1 ? .success(result) : .failure(.unterminatedQuote)
            }
            if byte == UInt8(ascii: "\\") {
                index += 1
                guard index < bytes.count else { break }
            }
            result.append(bytes[index])
            index += 1
        }
        return .failure(.unterminatedQuote)
    }
}
