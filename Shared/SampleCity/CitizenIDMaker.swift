/// Makes GB 11643 citizen ID numbers (region, birth date, sequence, ISO 7064
/// MOD 11-2 check character) for sample people.
enum CitizenIDMaker {
    private static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    private static let checkCharacters: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]
    /// Districts of Shenzhen (440303 Luohu … 440311 Guangming).
    static let regions = ["440303", "440304", "440305", "440306", "440307", "440308", "440309", "440310", "440311"]

    static func make(region: String, birth: SampleDate, sequence: Int) -> String {
        let body = region + birth.compact + String(sequence % 1000).leftPadded(to: 3)
        return body + String(checkCharacter(for: body))
    }

    static func checkCharacter(for body: String) -> Character {
        let sum = zip(body, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        return checkCharacters[sum % 11]
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
