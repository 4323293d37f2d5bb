import ServiceSupport
import Testing

@Suite("Log text escaping")
struct LogTextTests {
    @Test(
        "control characters, line separators and backslashes are escaped; the rest is kept",
        arguments: [
            ("school/42", "school/42"),
            ("a\nlevel=error forged", "a\\nlevel=error forged"),
            ("cr\rlf\n", "cr\\rlf\\n"),
            ("tab\there", "tab\\there"),
            ("nul\u{0}byte", "nul\\u{0}byte"),
            ("\u{1b}[31mred", "\\u{1b}[31mred"),
            ("del\u{7f}c1\u{85}", "del\\u{7f}c1\\u{85}"),
            ("ls\u{2028}ps\u{2029}", "ls\\u{2028}ps\\u{2029}"),
            ("back\\slash", "back\\\\slash"),
            ("学校/上海", "学校/上海"),
        ]
    )
    func escapes(raw: String, logged: String) {
        #expect(LogText.escaped(raw) == logged)
    }

    @Test("an escaped value never holds a line break or control character, and is cut when long")
    func oneLine() {
        let hostile = String(repeating: "x\n\r\u{0}\u{1b}", count: 100)
        let escaped = LogText.escaped(hostile)
        #expect(!escaped.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        #expect(escaped.hasSuffix("…"))
        #expect(LogText.escaped(String(repeating: "a", count: 500), limit: 10) == "aaaaaaaaaa…")
    }
}
