/// The 18-character citizen ID number (公民身份号码, GB 11643): 6 region digits, the birth
/// date YYYYMMDD, 3 sequence digits and an ISO 7064 MOD 11-2 check character.
///
/// Problems name the rule, never the number: they end up in logs and dead letters.
public enum CitizenID {
    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]
    /// Province-level codes of GB/T 2260 (the first two digits of the region).
    static let provinces: Set<Int> = [
        11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
        50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
    ]

    /// The check character for the first 17 digits.
    public static func checkCharacter(forFirst17 digits: some StringProtocol) -> Character? {
        let values = digits.utf8.map { Int($0) - 48 }
        guard values.count == 17, values.allSatisfy({ (0...9).contains($0) }) else { return nil }
        let sum = zip(values, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return checkCharacters[sum % 11]
    }

    /// Every rule the number breaks; empty when valid.
    public static func problems(of number: String) -> [String] {
        let bytes = Array(number.utf8)
        guard bytes.count == 18 else { return ["must have 18 characters, has \(number.count)"] }
        guard bytes[0..<17].allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            return ["the first 17 characters must be digits"]
        }
        var problems: [String] = []
        let last = bytes[17]
        if !(last >= 48 && last <= 57) && last != UInt8(ascii: "X") {
            problems.append("the last character must be a digit or an upper-case X")
        }
        if !provinces.contains(Int(bytes[0] - 48) * 10 + Int(bytes[1] - 48)) {
            problems.append("characters 1–6 must be a region code of GB/T 2260")
        }
        if birthDate(of: number) == nil {
            problems.append("characters 7–14 must be an existing birth date YYYYMMDD")
        }
        if problems.isEmpty, let expected = checkCharacter(forFirst17: number.prefix(17)),
            Character(Unicode.Scalar(last)) != expected
        {
            problems.append("check character does not match the first 17 digits (ISO 7064 MOD 11-2)")
        }
        return problems
    }

    /// The birth date in characters 7–14, when it is a real date.
    public static func birthDate(of number: String) -> LocalDate? {
        let bytes = Array(number.utf8)
        guard bytes.count == 18, let y = LocalDate.digits(bytes, 6, 4), let m = LocalDate.digits(bytes, 10, 2),
            let d = LocalDate.digits(bytes, 12, 2)
        else { return nil }
        return LocalDate(year: y, month: m, day: d)
    }
}
