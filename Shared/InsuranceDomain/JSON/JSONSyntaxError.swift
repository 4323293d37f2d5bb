/// Why bytes are not JSON, with the byte offset where reading stopped.
///
/// One grammar (``JSONReader``) serves the parser and the syntax scans; `reason` and
/// `position` let a caller word the error for its own audience (the enrollment API's 400
/// answers do), while `offset` and `message` keep the domain library's own wording.
public struct JSONSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What broke the grammar.
    public enum Reason: Sendable, Hashable {
        case endOfInput, trailingContent, tooDeep
        case unexpectedCharacter, invalidLiteral, truncatedLiteral
        case expectedMemberName, expectedColon, expectedObjectSeparator, expectedArraySeparator
        case digitAfterMinus, digitAfterPoint, digitInExponent
        case controlCharacter, invalidEscape, invalidHexEscape, unterminatedString
        /// Checked only where strings are decoded (``JSONParser``), not by the syntax scans.
        case unpairedSurrogate, invalidUTF8
        /// The shapes ``JSONScan`` asks for: an empty document, not an object, not an array,
        /// an element that is not an object, no `,` or `]` after an element.
        case emptyDocument, notAnObject, notAnArray, elementNotObject, expectedElementSeparator
    }

    /// The byte offset the message points at.
    public let offset: Int
    public let message: String
    public let reason: Reason
    /// Where the reader stood; the input's length when it ran out.
    public let position: Int

    init(_ reason: Reason, position: Int, offset: Int? = nil) {
        self.reason = reason
        self.position = position
        self.offset = offset ?? position
        self.message = Self.message(reason)
    }

    public var description: String { "invalid JSON at byte \(offset): \(message)" }

    private static func message(_ reason: Reason) -> String {
        switch reason {
        case .endOfInput, .truncatedLiteral: return "unexpected end of input"
        case .trailingContent: return "unexpected text after the JSON value"
        case .tooDeep: return "nesting deeper than \(JSONParser.maximumDepth)"
        case .unexpectedCharacter: return "unexpected character"
        case .invalidLiteral: return "invalid literal"
        case .expectedMemberName: return "expected a member name"
        case .expectedColon: return "expected ':'"
        case .expectedObjectSeparator: return "expected ',' or '}'"
        case .expectedArraySeparator, .expectedElementSeparator: return "expected ',' or ']'"
        case .digitAfterMinus, .digitAfterPoint, .digitInExponent: return "invalid number"
        case .controlCharacter: return "control character in string"
        case .invalidEscape: return "invalid escape"
        case .invalidHexEscape: return "invalid \\u escape"
        case .unterminatedString: return "unterminated string"
        case .unpairedSurrogate: return "unpaired surrogate"
        case .invalidUTF8: return "invalid UTF-8 in string"
        case .emptyDocument: return "empty document"
        case .notAnObject: return "expected a JSON object"
        case .notAnArray: return "expected a JSON array"
        case .elementNotObject: return "each element must be a JSON object"
        }
    }
}
