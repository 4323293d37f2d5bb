import InsuranceDomain

/// The request body is not well-formed JSON, or not the shape its content type promises.
///
/// `offset` is the byte offset where reading stopped, so a client can find the spot.
struct MalformedJSON: Error, Sendable, Hashable, CustomStringConvertible {
    let offset: Int
    let reason: String

    init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    var description: String { "byte \(self.offset): \(self.reason)" }
}

extension MalformedJSON {
    /// A syntax error of the domain's grammar in the API's words (the 400 answers' `detail`):
    /// running out of input is "unexpected end of input" wherever it happens, except where
    /// the body's shape is at stake.
    init(_ error: JSONSyntaxError, length: Int) {
        let shape: String? =
            switch error.reason {
            case .emptyDocument: "the body is empty; expected one CloudEvent as a JSON object"
            case .notAnObject: "expected one CloudEvent as a JSON object (send arrays as application/cloudevents-batch+json)"
            case .notAnArray: "expected a JSON array of CloudEvents"
            case .elementNotObject: "each element of the batch must be a JSON object"
            case .expectedElementSeparator: "expected ',' or ']' in the array"
            case .trailingContent: "unexpected content after the JSON value"
            default: nil
            }
        if let shape {
            self.init(offset: error.position, reason: shape)
        } else if error.position >= length {
            self.init(offset: length, reason: "unexpected end of input")
        } else {
            self.init(offset: error.position, reason: Self.reason(error.reason))
        }
    }

    private static func reason(_ reason: JSONSyntaxError.Reason) -> String {
        switch reason {
        case .tooDeep: "nesting deeper than \(JSONParser.maximumDepth) levels"
        case .unexpectedCharacter, .invalidLiteral: "expected a JSON value"
        case .expectedMemberName: "expected a member name in double quotes"
        case .expectedColon: "expected ':' after the member name"
        case .expectedObjectSeparator: "expected ',' or '}' in the object"
        case .expectedArraySeparator: "expected ',' or ']' in the array"
        case .digitAfterMinus: "expected a digit"
        case .digitAfterPoint: "expected a digit after '.'"
        case .digitInExponent: "expected a digit in the exponent"
        case .controlCharacter: "control characters must be escaped in strings"
        case .invalidEscape: "invalid escape sequence in a string"
        case .invalidHexEscape: "\\u must be followed by four hexadecimal digits"
        // Not met before the end of input in a scan (or not checked by one at all).
        case .endOfInput, .truncatedLiteral, .unterminatedString, .unpairedSurrogate, .invalidUTF8,
            .emptyDocument, .notAnObject, .notAnArray, .elementNotObject, .expectedElementSeparator, .trailingContent:
            "invalid JSON"
        }
    }
}
