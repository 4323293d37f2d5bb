import Testing

@testable import Enrollment

@Suite("CSV parsing with line numbers")
struct CSVParserTests {
    @Test("quoted fields keep commas, quotes and newlines; records keep their first line")
    func quoting() throws {
        let text = "a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\n\n\"multi\nline\",z\nlast,row"
        let records = try CSVParser.records(in: Array(text.utf8))
        #expect(
            records == [
                CSVRecord(line: 1, fields: ["a", "b"]),
                CSVRecord(line: 2, fields: ["x, y", "say \"hi\""]),
                CSVRecord(line: 4, fields: ["multi\nline", "z"]),
                CSVRecord(line: 6, fields: ["last", "row"]),
            ]
        )
    }

    @Test("a byte order mark is skipped")
    func byteOrderMark() throws {
        let records = try CSVParser.records(in: [0xEF, 0xBB, 0xBF] + Array("personId\nP1\n".utf8))
        #expect(records.first?.fields == ["personId"])
    }

    @Test("an unterminated quote names the line it began on")
    func unterminated() {
        #expect(throws: CSVParser.UnterminatedQuote(line: 2)) {
            try CSVParser.records(in: Array("a\n\"open\n".utf8))
        }
    }
}
