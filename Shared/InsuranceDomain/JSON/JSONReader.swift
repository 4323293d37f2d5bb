/// What a read makes of the bytes: values (``JSONParser``), or nothing but the check of the
/// grammar (``JSONScan``). A type, not a flag, so each use is compiled on its own and the
/// scan carries no cost of building values.
protocol JSONReadMode {
    /// Build values: strings decoded, checked for valid UTF-8 and paired surrogates.
    static var buildsValues: Bool { get }
}

enum BuildValues: JSONReadMode { static var buildsValues: Bool { true } }
enum CheckSyntax: JSONReadMode { static var buildsValues: Bool { false } }

/// The one RFC 8259 grammar of the code base: recursive descent over UTF-8 bytes, nesting
/// bounded by ``JSONParser/maximumDepth`` so hostile input ends in a ``JSONSyntaxError``,
/// never a crash or a stack overflow. In ``CheckSyntax`` mode it returns `.null` for
/// every value and allocates nothing.
struct JSONReader<Mode: JSONReadMode> {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var atEnd: Bool { index >= bytes.count }
    func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    func fail(_ reason: JSONSyntaxError.Reason, offset: Int? = nil) -> JSONSyntaxError {
        JSONSyntaxError(reason, position: min(index, bytes.count), offset: offset)
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// The end of the document: nothing but whitespace may follow.
    mutating func expectEnd() throws(JSONSyntaxError) {
        skipWhitespace()
        guard atEnd else { throw fail(.trailingContent) }
    }

    /// One value, after optional whitespace. `depth`: the containers around it.
    mutating func value(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        let before = index
        skipWhitespace()
        guard depth < JSONParser.maximumDepth else {
            throw JSONSyntaxError(.tooDeep, position: before, offset: index)
        }
        guard let byte = peek() else { throw fail(.endOfInput) }
        switch byte {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return try string()
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw fail(.unexpectedCharacter)
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else {
            throw JSONSyntaxError(.truncatedLiteral, position: bytes.count, offset: index)
        }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
            throw fail(.invalidLiteral)
        }
        index += count
    }

    private mutating func object(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        var members: [JSONMember] = []
        if opensEmpty(closing: UInt8(ascii: "}")) { return .object(members) }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw fail(.expectedMemberName) }
            let name = try string()
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else { throw fail(.expectedColon) }
            index += 1
            let value = try value(depth: depth + 1)
            if Mode.buildsValues, case .string(let name) = name { members.append(JSONMember(name, value)) }
            if try closes(UInt8(ascii: "}"), otherwise: .expectedObjectSeparator) {
                return Mode.buildsValues ? .object(members) : .null
            }
        }
    }

    private mutating func array(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        var elements: [JSONValue] = []
        if opensEmpty(closing: UInt8(ascii: "]")) { return .array(elements) }
        while true {
            let element = try value(depth: depth + 1)
            if Mode.buildsValues { elements.append(element) }
            if try closes(UInt8(ascii: "]"), otherwise: .expectedArraySeparator) {
                return Mode.buildsValues ? .array(elements) : .null
            }
        }
    }

    /// At `{` or `[`: steps past it, and past `close` too when that follows at once (an empty
    /// object or array, then true).
    private mutating func opensEmpty(closing close: UInt8) -> Bool {
        index += 1
        skipWhitespace()
        guard peek() == close else { return false }
        index += 1
        return true
    }

    /// After a member or element: true past `close` (the object or array ends), false past a
    /// `,` (another follows); anything else is `problem` at its offset.
    private mutating func closes(_ close: UInt8, otherwise problem: JSONSyntaxError.Reason) throws(JSONSyntaxError) -> Bool {
        skipWhitespace()
        guard let separator = peek() else { throw fail(.endOfInput) }
        index += 1
        if separator == UInt8(ascii: ",") { return false }
        if separator == close { return true }
        index -= 1
        throw fail(problem)
    }

    private mutating func number() throws(JSONSyntaxError) -> JSONValue {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard let first = peek(), first.isJSONDigit else { throw fail(.digitAfterMinus) }
        index += 1
        if first != UInt8(ascii: "0") { digits() }
        if peek() == UInt8(ascii: ".") {
            index += 1
            guard peek()?.isJSONDigit == true else { throw fail(.digitAfterPoint) }
            digits()
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            guard peek()?.isJSONDigit == true else { throw fail(.digitInExponent) }
            digits()
        }
        guard Mode.buildsValues else { return .null }
        return .number(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
    }

    private mutating func digits() {
        while index < bytes.count, bytes[index].isJSONDigit { index += 1 }
    }
}

extension UInt8 {
    /// An ASCII digit, 0–9.
    var isJSONDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }
}
