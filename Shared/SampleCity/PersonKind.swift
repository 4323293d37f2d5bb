/// The kinds of story a sample person lives, with their share of the city.
enum PersonKind: CaseIterable {
    case schoolPupil, universityStudent, childNotInSchool, newbornInTime, newbornLate,
         newbornNonLocal, instalments, reversedPayment, stopped

    var weight: Int {
        switch self {
        case .schoolPupil: 50
        case .universityStudent: 10
        case .childNotInSchool: 12
        case .newbornInTime: 8
        case .newbornLate: 3
        case .newbornNonLocal: 2
        case .instalments: 6
        case .reversedPayment: 4
        case .stopped: 5
        }
    }

    static func pick(_ rng: inout SplitMix64) -> PersonKind {
        let total = allCases.reduce(0) { $0 + $1.weight }
        var roll = Int.random(in: 0..<total, using: &rng)
        for kind in allCases {
            if roll < kind.weight { return kind }
            roll -= kind.weight
        }
        return .schoolPupil
    }
}
