/// The syntax of a W3C `traceparent` value (Trace Context level 1, §3.2):
/// `version-traceid-parentid-flags`, lowercase hex, `00-` + 32 + `-` + 16 + `-` + 2 for
/// version 00; later versions may append `-…` fields; version `ff` and all-zero ids are invalid.
///
/// Checked before a value reaches the tracer, so that a malformed header from outside starts
/// a new trace quietly instead of being logged with every other header of the request.
public enum TraceParent {
    /// The header names, on HTTP (case-insensitive there) and as Kafka header keys.
    public static let header = "traceparent"
    public static let stateHeader = "tracestate"
    /// W3C's bound on `tracestate` (32 members of at most 256 characters would be more; vendors cut at 512).
    public static let maxStateBytes = 512

    /// Whether `value` is a `traceparent` a tracer may continue.
    public static func isValid(_ value: String) -> Bool {
        traceID(of: value) != nil
    }

    /// The trace id (32 lowercase hex digits) of a valid `traceparent`, else `nil`.
    public static func traceID(of value: String) -> String? {
        let bytes = Array(value.utf8)
        guard bytes.count >= 55, bytes[2] == dash, bytes[35] == dash, bytes[52] == dash else { return nil }
        let version = bytes[0..<2]
        let traceID = bytes[3..<35]
        let parentID = bytes[36..<52]
        let flags = bytes[53..<55]
        guard [version, traceID, parentID, flags].allSatisfy({ $0.allSatisfy(isLowerHex) }) else { return nil }
        guard !version.elementsEqual("ff".utf8) else { return nil }
        // Version 00 is exactly 55 characters; a later version may carry more, after a dash.
        if version.elementsEqual("00".utf8) {
            guard bytes.count == 55 else { return nil }
        } else if bytes.count > 55, bytes[55] != dash {
            return nil
        }
        guard traceID.contains(where: { $0 != zero }), parentID.contains(where: { $0 != zero }) else { return nil }
        return String(decoding: traceID, as: UTF8.self)
    }

    private static let dash = UInt8(ascii: "-")
    private static let zero = UInt8(ascii: "0")

    private static func isLowerHex(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }
}
