import InsuranceDomain
import SampleCity
import Testing

/// `JSONScan` and `JSONParser` read one grammar: they accept and refuse the same documents,
/// stopping at the same place for the same reason; only text the parser decodes (UTF-8,
/// surrogate escapes) is left to the parser.
@Suite("JSON scan and parser: one grammar")
struct JSONScanTests {
    static let seeds = [
        #"{"id":"a-1","n":[1,-2.5e+3,true,false,null],"s":"\u00e9\n\"q\" \ud83d\ude00","o":{}}"#,
        #"{"a" : [ [ [ ] ] ] , "b" : { "c" : "\\/" } }"#,
    ]

    @Test("mutated objects: the scan refuses exactly what the parser refuses, at the same byte")
    func sameVerdicts() {
        var random = SplitMix64(seed: 15)
        let alphabet = Array(#"{}[]":,-0123456789.eE+tfnul\ "#.utf8) + [0x00, 0x0A]
        for round in 0..<20_000 {
            var bytes = Array(Self.seeds[round % Self.seeds.count].utf8)
            for _ in 0..<Int.random(in: 1...3, using: &random) where !bytes.isEmpty {
                let at = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes[at] = alphabet[Int.random(in: 0..<alphabet.count, using: &random)]
                case 1: bytes.remove(at: at)
                default: bytes = Array(bytes[..<at])
                }
            }
            guard bytes.first(where: { ![0x20, 0x0A].contains($0) }) == UInt8(ascii: "{") else { continue }
            let parsed = Result { () throws(JSONSyntaxError) in try JSONParser.parse(bytes) }
            let scanned = Result { () throws(JSONSyntaxError) in try JSONScan.object(bytes) }
            switch (parsed, scanned) {
            case (.success, .success): continue
            case (.failure(let p), _) where p.reason == .unpairedSurrogate || p.reason == .invalidUTF8: continue
            case (.failure(let p), .failure(let s)):
                #expect(p.reason == s.reason && p.position == s.position, "\(String(decoding: bytes, as: UTF8.self))")
            default:
                Issue.record("parser and scan disagree on \(String(decoding: bytes, as: UTF8.self))")
            }
        }
    }

    @Test(
        "text the parser decodes is left to it",
        arguments: [
            [0x22, 0xC3, 0x28, 0x22], Array(#""\ud800""#.utf8), Array(#""\udc00x""#.utf8),
        ] as [[UInt8]]
    )
    func decodingLeftToParser(string: [UInt8]) throws {
        let document = Array(#"{"a":"#.utf8) + string + [UInt8(ascii: "}")]
        try JSONScan.object(document)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(document) }
    }

    @Test("a batch is split into the byte ranges of its objects, or stops past the limit")
    func elements() throws {
        let bytes = Array(#" [ {"a":"]"} , {"b":[{}]},{} ] "#.utf8)
        guard case .ranges(let ranges) = try JSONScan.objectElements(in: bytes, limit: 3) else {
            Issue.record("no ranges")
            return
        }
        #expect(ranges.map { String(decoding: bytes[$0], as: UTF8.self) } == [#"{"a":"]"}"#, #"{"b":[{}]}"#, "{}"])
        #expect(try JSONScan.objectElements(in: bytes, limit: 2) == .moreThan(2))
    }
}
