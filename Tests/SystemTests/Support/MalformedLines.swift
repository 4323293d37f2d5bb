import SampleCity

/// Lines upstream systems get wrong in every way the contract names: not JSON, cut-off
/// JSON, the wrong shape, unknown types, missing and ill-typed fields. Deterministic per seed.
enum MalformedLines {
    static func make(count: Int, seed: UInt64, tag: String) -> [String] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { index in
            let id = "\(tag)-\(index)"
            switch index % 8 {
            case 0: return "not json at all \(id)"
            case 1: return "{\"specversion\":\"1.0\",\"id\":\"\(id)\",\"source\":\"/flood\",\"type\":\"insurance.enrollment.regis"
            case 2: return "[1,2,3]"
            case 3:
                return
                    "{\"specversion\":\"1.0\",\"id\":\"\(id)\",\"source\":\"/flood\",\"type\":\"insurance.unknown.v1\",\"subject\":\"P\(index)\",\"time\":\"2024-09-01T10:00:00+08:00\",\"data\":{}}"
            case 4:
                return
                    "{\"specversion\":\"1.0\",\"id\":\"\(id)\",\"source\":\"/flood\",\"type\":\"insurance.contribution.paid.v1\",\"subject\":\"P\(index)\",\"time\":\"2024-09-01T10:00:00+08:00\",\"data\":{\"personId\":\"P\(index)\",\"paymentId\":\"X\(index)\",\"policyYear\":\"2024\",\"amountFen\":-\(random.next() % 1000),\"dueFen\":40000,\"paidAt\":\"2024-09-01T10:00:00+08:00\"}}"
            case 5: return "{\"id\":\"\(id)\",\"source\":\"/flood\"}"
            case 6: return String(decoding: (0..<40).map { _ in UInt8.random(in: 0x20...0x7e, using: &random) }, as: UTF8.self)
            default: return ""
            }
        }
    }
}
