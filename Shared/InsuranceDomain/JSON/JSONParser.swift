/// A strict RFC 8259 parser over UTF-8 bytes (the grammar is ``JSONReader``'s). Bounded
/// nesting depth and no recursion past it, so hostile input ends in a `JSONSyntaxError`,
/// never a crash or a stack overflow.
public enum JSONParser {
    /// Deeper documents are refused; events nest two or three levels.
    public static let maximumDepth = 64

    /// Parses one JSON document (surrounding whitespace allowed).
    public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in
            var reader = JSONReader<BuildValues>(buffer)
            let value = try reader.value(depth: 0)
            try reader.expectEnd()
            return value
        }
    }
}
