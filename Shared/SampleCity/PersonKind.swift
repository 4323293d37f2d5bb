/// The kinds of story a sample person lives, with their share of the city.
enum PersonKind: CaseIterable {
    case schoolPupil, universityStudent, childNotInSchool, newbornInTime, newbornLate,
        newbornNonLocal, instalments, reversedPayment, stopped
    /// Registered years ago: only the tax bureau's payments are in the stream.
    case defaultRenewal
    /// Stopped, then paid again (恢复): a second period in the same year.
    case restored
    /// Enrolled in another city too (重复参保): blocked days, mostly resolved.
    case duplicateEnrolment
    /// Born in July–August, enrolled from birth after 30 September: two newborn periods.
    case newbornAcrossYears
    /// A non-local pupil whose guardian has under 12 months of city insurance: not eligible.
    case ineligiblePupil

    var weight: Int {
        switch self {
        case .schoolPupil: 40
        case .defaultRenewal: 35
        case .restored: 3
        case .duplicateEnrolment: 2
        case .newbornAcrossYears: 2
        case .ineligiblePupil: 2
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
