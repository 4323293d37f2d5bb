/// Checks JSON syntax and finds the elements of a top-level array without building any
/// values: the one grammar (``JSONReader``) in its checking mode.
///
/// What the enrollment intake settles first and cheaply: is a body well-formed, and where
/// does each event of a batch begin and end, so that a batch is never decoded twice and an
/// oversized batch is refused before any decoding. Strings are not decoded, so invalid
/// UTF-8 and unpaired surrogates pass here and are refused by ``JSONParser``.
public enum JSONScan {
    /// The elements of a top-level array of objects.
    public enum Elements: Sendable, Hashable {
        /// The byte range of each element, in order.
        case ranges([Range<Int>])
        /// The array holds more than the limit; the scan stopped there.
        case moreThan(Int)
    }

    /// Byte ranges of the objects of the top-level array in `bytes`, or `.moreThan(limit)`.
    public static func objectElements(in bytes: [UInt8], limit: Int) throws(JSONSyntaxError) -> Elements {
        try bytes.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in
            var reader = JSONReader<CheckSyntax>(buffer)
            reader.skipWhitespace()
            guard reader.peek() == UInt8(ascii: "[") else { throw reader.fail(.notAnArray) }
            reader.index += 1
            var elements: [Range<Int>] = []
            reader.skipWhitespace()
            if reader.peek() == UInt8(ascii: "]") {
                reader.index += 1
            } else {
                while true {
                    reader.skipWhitespace()
                    let start = reader.index
                    guard reader.peek() == UInt8(ascii: "{") else { throw reader.fail(.elementNotObject) }
                    _ = try reader.value(depth: 1)
                    elements.append(start..<reader.index)
                    if elements.count > limit { return .moreThan(limit) }
                    reader.skipWhitespace()
                    guard let separator = reader.peek() else { throw reader.fail(.expectedElementSeparator) }
                    reader.index += 1
                    if separator == UInt8(ascii: ",") { continue }
                    guard separator == UInt8(ascii: "]") else {
                        reader.index -= 1
                        throw reader.fail(.expectedElementSeparator)
                    }
                    break
                }
            }
            try reader.expectEnd()
            return .ranges(elements)
        }
    }

    /// Checks that `bytes` is exactly one well-formed JSON object.
    public static func object(_ bytes: [UInt8]) throws(JSONSyntaxError) {
        try bytes.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in
            var reader = JSONReader<CheckSyntax>(buffer)
            reader.skipWhitespace()
            guard let first = reader.peek() else { throw reader.fail(.emptyDocument) }
            guard first == UInt8(ascii: "{") else { throw reader.fail(.notAnObject) }
            _ = try reader.value(depth: 0)
            try reader.expectEnd()
        }
    }
}
