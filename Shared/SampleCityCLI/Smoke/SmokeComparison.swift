/// Differences between what a run added to the analyst views and the direct answer,
/// as short lines for the report.
enum SmokeComparison {
    /// `after - before` per key, keys whose difference is zero left out.
    static func added<Key: Hashable>(_ before: [Key: Int], _ after: [Key: Int]) -> [Key: Int] {
        var result: [Key: Int] = [:]
        for key in Set(before.keys).union(after.keys) {
            let delta = (after[key] ?? 0) - (before[key] ?? 0)
            if delta != 0 { result[key] = delta }
        }
        return result
    }

    /// Keys whose counts differ, as `key: got N, expected M`, sorted.
    static func differences<Key: Hashable & CustomStringConvertible>(got: [Key: Int], expected: [Key: Int]) -> [String] {
        Set(got.keys).union(expected.keys).compactMap { key -> String? in
            let have = got[key] ?? 0
            let want = expected[key] ?? 0
            return have == want ? nil : "\(key): got \(have), expected \(want)"
        }.sorted()
    }

    /// Lines only one side has, as multisets.
    static func differences(got: [String], expected: [String]) -> [String] {
        var counts: [String: Int] = [:]
        for line in got { counts[line, default: 0] += 1 }
        for line in expected { counts[line, default: 0] -= 1 }
        return counts.compactMap { line, count -> String? in
            switch count {
            case 0: return nil
            case let n where n > 0: return "unexpected \(line)"
            default: return "missing \(line)"
            }
        }.sorted()
    }

    /// The first few differences and how many there are, for one report line.
    static func summary(_ differences: [String], limit: Int = 3) -> String {
        let shown = differences.prefix(limit).joined(separator: "; ")
        return differences.count > limit ? "\(differences.count) differences, e.g. \(shown)" : shown
    }
}
