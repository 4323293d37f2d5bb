import MessageTracing
import Testing

@Suite("W3C traceparent syntax")
struct TraceParentTests {
    static let traceID = "4bf92f3577b34da6a3ce929d0e0e4736"

    /// (value, the trace id a tracer may continue, or nil when the value starts a new trace)
    static let cases: [(String, String?)] = [
        ("00-\(traceID)-00f067aa0ba902b7-01", traceID),
        ("00-\(traceID)-00f067aa0ba902b7-00", traceID),  // not sampled is still a context
        ("01-\(traceID)-00f067aa0ba902b7-01-future", traceID),  // a later version may add fields
        ("01-\(traceID)-00f067aa0ba902b7-01", traceID),
        ("00-\(traceID)-00f067aa0ba902b7-01-extra", nil),  // version 00 is exactly 55 characters
        ("01-\(traceID)-00f067aa0ba902b7-01x", nil),
        ("ff-\(traceID)-00f067aa0ba902b7-01", nil),  // version ff is forbidden
        ("00-00000000000000000000000000000000-00f067aa0ba902b7-01", nil),
        ("00-\(traceID)-0000000000000000-01", nil),
        ("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", nil),  // uppercase
        ("00-\(traceID)-00f067aa0ba902b7", nil),
        ("00_\(traceID)_00f067aa0ba902b7_01", nil),
        ("", nil),
        ("00-\(traceID)-00f067aa0ba902bg-01", nil),
    ]

    @Test("valid values give their trace id, others none", arguments: cases)
    func traceIDs(value: String, expected: String?) {
        #expect(TraceParent.traceID(of: value) == expected)
        #expect(TraceParent.isValid(value) == (expected != nil))
    }
}
