/// Checks JSON syntax and finds the elements of a top-level array without building
/// any values.
///
/// The domain library decodes each event on its own; this pass only answers the two
/// questions the HTTP layer must settle first and cheaply: is the body well-formed
/// (400 otherwise), and where does each event of a batch begin and end, so that a batch
/// is never decoded twice and an oversized batch is refused before any decoding.
public enum JSONStructure {
    /// Deepest nesting accepted; deeper input is refused rather than risking the stack.
    public static let maximumDepth = 64

    /// Byte ranges of the elements of the top-level array in `bytes`.
    ///
    /// - Parameter limit: more elements than this stops the scan with ``BatchTooLarge``.
    public static func arrayElements(in bytes: [UInt8], limit: Int) throws -> [Range<Int>] {
        try bytes.withUnsafeBufferPointer { buffer in
            var scanner = Scanner(buffer)
            scanner.skipWhitespace()
            guard scanner.peek() == UInt8(ascii: "[") else {
                throw MalformedJSON(offset: scanner.index, reason: "expected a JSON array of CloudEvents")
            }
            scanner.index += 1
            var elements: [Range<Int>] = []
            scanner.skipWhitespace()
            if scanner.peek() == UInt8(ascii: "]") {
                scanner.index += 1
            } else {
                while true {
                    scanner.skipWhitespace()
                    let start = scanner.index
                    guard scanner.peek() == UInt8(ascii: "{") else {
                        throw MalformedJSON(offset: start, reason: "each element of the batch must be a JSON object")
                    }
                    try scanner.value(depth: 1)
                    elements.append(start..<scanner.index)
                    if elements.count > limit { throw BatchTooLarge(limit: limit) }
                    scanner.skipWhitespace()
                    switch scanner.next() {
                    case UInt8(ascii: ","): continue
                    case UInt8(ascii: "]"): break
                    default: throw MalformedJSON(offset: scanner.index - 1, reason: "expected ',' or ']' in the array")
                    }
                    break
                }
            }
            try scanner.expectEnd()
            return elements
        }
    }

    /// Checks that `bytes` is exactly one well-formed JSON object.
    public static func checkObject(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBufferPointer { buffer in
            var scanner = Scanner(buffer)
            scanner.skipWhitespace()
            guard scanner.peek() != nil else {
                throw MalformedJSON(offset: scanner.index, reason: "the body is empty; expected one CloudEvent as a JSON object")
            }
            guard scanner.peek() == UInt8(ascii: "{") else {
                throw MalformedJSON(
                    offset: scanner.index,
                    reason: "expected one CloudEvent as a JSON object (send arrays as application/cloudevents-batch+json)"
                )
            }
            try scanner.value(depth: 0)
            try scanner.expectEnd()
        }
    }
}

extension JSONStructure {
    /// A recursive-descent syntax checker over RFC 8259 JSON.
    struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        func peek() -> UInt8? { self.index < self.bytes.count ? self.bytes[self.index] : nil }

        mutating func next() -> UInt8? {
            guard self.index < self.bytes.count else {
                self.index += 1
                return nil
            }
            defer { self.index += 1 }
            return self.bytes[self.index]
        }

        mutating func skipWhitespace() {
            while let byte = self.peek(),
                byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\t")
            {
                self.index += 1
            }
        }

        mutating func expectEnd() throws {
            self.skipWhitespace()
            if self.index < self.bytes.count {
                throw MalformedJSON(offset: self.index, reason: "unexpected content after the JSON value")
            }
        }

        func fail(_ reason: String) -> MalformedJSON {
            MalformedJSON(offset: min(self.index, self.bytes.count), reason: self.index >= self.bytes.count ? "unexpected end of input" : reason)
        }

        mutating func value(depth: Int) throws {
            guard depth < JSONStructure.maximumDepth else { throw self.fail("nesting deeper than \(JSONStructure.maximumDepth) levels") }
            self.skipWhitespace()
            switch self.peek() {
            case UInt8(ascii: "{"): try self.object(depth: depth + 1)
            case UInt8(ascii: "["): try self.array(depth: depth + 1)
            case UInt8(ascii: "\""): try self.string()
            case UInt8(ascii: "t"): try self.literal("true")
            case UInt8(ascii: "f"): try self.literal("false")
            case UInt8(ascii: "n"): try self.literal("null")
            case UInt8(ascii: "-"): try self.number()
            case let byte? where byte.isDigit: try self.number()
            default: throw self.fail("expected a JSON value")
            }
        }

        mutating func object(depth: Int) throws {
            self.index += 1  // {
            self.skipWhitespace()
            if self.peek() == UInt8(ascii: "}") {
                self.index += 1
                return
            }
            while true {
                self.skipWhitespace()
                guard self.peek() == UInt8(ascii: "\"") else { throw self.fail("expected a member name in double quotes") }
                try self.string()
                self.skipWhitespace()
                guard self.next() == UInt8(ascii: ":") else {
                    self.index -= 1
                    throw self.fail("expected ':' after the member name")
                }
                try self.value(depth: depth)
                self.skipWhitespace()
                switch self.next() {
                case UInt8(ascii: ","): continue
                case UInt8(ascii: "}"): return
                default:
                    self.index -= 1
                    throw self.fail("expected ',' or '}' in the object")
                }
            }
        }

        mutating func array(depth: Int) throws {
            self.index += 1  // [
            self.skipWhitespace()
            if self.peek() == UInt8(ascii: "]") {
                self.index += 1
                return
            }
            while true {
                try self.value(depth: depth)
                self.skipWhitespace()
                switch self.next() {
                case UInt8(ascii: ","): continue
                case UInt8(ascii: "]"): return
                default:
                    self.index -= 1
                    throw self.fail("expected ',' or ']' in the array")
                }
            }
        }

        mutating func string() throws {
            self.index += 1  // opening quote
            while true {
                guard let byte = self.next() else {
                    self.index -= 1
                    throw self.fail("unterminated string")
                }
                switch byte {
                case UInt8(ascii: "\""):
                    return
                case UInt8(ascii: "\\"):
                    guard let escaped = self.next() else {
                        self.index -= 1
                        throw self.fail("unterminated string")
                    }
                    switch escaped {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                        UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        continue
                    case UInt8(ascii: "u"):
                        for _ in 0..<4 {
                            guard let hex = self.next(), hex.isHexDigit else {
                                self.index -= 1
                                throw self.fail("\\u must be followed by four hexadecimal digits")
                            }
                        }
                    default:
                        self.index -= 1
                        throw self.fail("invalid escape sequence in a string")
                    }
                case 0x00..<0x20:
                    self.index -= 1
                    throw self.fail("control characters must be escaped in strings")
                default:
                    continue
                }
            }
        }

        mutating func literal(_ word: StaticString) throws {
            let count = word.utf8CodeUnitCount
            guard self.index + count <= self.bytes.count else {
                self.index = self.bytes.count
                throw self.fail("unexpected end of input")
            }
            for offset in 0..<count where self.bytes[self.index + offset] != word.utf8Start[offset] {
                throw self.fail("expected a JSON value")
            }
            self.index += count
        }

        mutating func number() throws {
            if self.peek() == UInt8(ascii: "-") { self.index += 1 }
            guard let first = self.peek(), first.isDigit else { throw self.fail("expected a digit") }
            self.index += 1
            if first != UInt8(ascii: "0") { self.digits() }
            if self.peek() == UInt8(ascii: ".") {
                self.index += 1
                guard self.peek()?.isDigit == true else { throw self.fail("expected a digit after '.'") }
                self.digits()
            }
            if self.peek() == UInt8(ascii: "e") || self.peek() == UInt8(ascii: "E") {
                self.index += 1
                if self.peek() == UInt8(ascii: "+") || self.peek() == UInt8(ascii: "-") { self.index += 1 }
                guard self.peek()?.isDigit == true else { throw self.fail("expected a digit in the exponent") }
                self.digits()
            }
        }

        mutating func digits() {
            while self.peek()?.isDigit == true { self.index += 1 }
        }
    }
}

extension UInt8 {
    fileprivate var isDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }
    fileprivate var isHexDigit: Bool {
        self.isDigit || (self >= UInt8(ascii: "a") && self <= UInt8(ascii: "f")) || (self >= UInt8(ascii: "A") && self <= UInt8(ascii: "F"))
    }
}
