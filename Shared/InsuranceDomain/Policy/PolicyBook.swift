import Foundation

/// Policy parameters per policy year (declaration window, premium, subsidy in fen),
/// loaded from JSON; `PolicyBook.bundledDefaults` holds the repo's defaults.
///
/// The JSON is `{"years": [{"policyYear": 2024, "windowOpensOn": "2024-09-01",
/// "windowClosesOn": "2024-09-30", "individualPremiumFen": 43632, "subsidyFen": 87264,
/// "assumed": false}, ...], "rules": {...}}` (`rules` optional, see `PolicyRules`); a service reads an override file (POLICY_FILE) itself and
/// passes its bytes to `init(json:)`.
public struct PolicyBook: Sendable, Hashable {
    public let years: [Int: PolicyYear]
    public let rules: PolicyRules
    /// Sources the operator declares to be one upstream, for reversals (`PAYMENT_SOURCE_GROUPS`,
    /// not part of the policy file: it describes the city's systems, not the policy).
    public private(set) var sourceGroups: SourceGroups = .none

    public init(years: [PolicyYear], rules: PolicyRules = PolicyRules()) throws(PolicyBookError) {
        var byYear: [Int: PolicyYear] = [:]
        for year in years {
            guard byYear[year.policyYear] == nil else { throw PolicyBookError("policy year \(year.policyYear) is listed twice") }
            guard year.windowOpensOn <= year.windowClosesOn else {
                throw PolicyBookError("policy year \(year.policyYear): windowOpensOn must not be after windowClosesOn")
            }
            guard year.individualPremiumFen > 0, year.subsidyFen >= 0 else {
                throw PolicyBookError("policy year \(year.policyYear): individualPremiumFen must be positive and subsidyFen not negative")
            }
            if let benefits = year.benefits, let problem = benefits.problem {
                throw PolicyBookError("policy year \(year.policyYear): benefits: \(problem)")
            }
            byYear[year.policyYear] = year
        }
        guard !byYear.isEmpty else { throw PolicyBookError("no policy years") }
        self.years = byYear
        self.rules = rules
    }

    public init(json: [UInt8]) throws {
        let file: PolicyFile
        do {
            file = try JSONDecoder().decode(PolicyFile.self, from: Data(json))
        } catch {
            throw PolicyBookError("policy JSON could not be read: \(error)")
        }
        try self.init(years: file.years, rules: file.rules ?? PolicyRules())
    }

    /// The parameters of `policyYear`: the listed ones, or, for a year the file does not list
    /// (yet), the nearest listed year's carried over and marked `assumed` (docs/rules.md,
    /// rule 10): the latest listed year before it, else the earliest listed year. A payment
    /// is never refused because its year is not listed.
    public func year(_ policyYear: Int) -> PolicyYear {
        if let listed = years[policyYear] { return listed }
        let sorted = years.keys.sorted()
        // `years` is never empty (checked in `init`); the fallback keeps this total anyway.
        guard let from = sorted.last(where: { $0 < policyYear }) ?? sorted.first, let source = years[from] else {
            return PolicyYear.placeholder(policyYear)
        }
        return source.carried(to: policyYear)
    }

    /// True when coverage of `policyYear` rests on assumed parameters: carried over from
    /// another year, or listed but marked `assumed` (not yet announced).
    public func isAssumed(_ policyYear: Int) -> Bool { year(policyYear).assumed }

    /// This book with the operator's source groups (see `SourceGroups`).
    public func with(sourceGroups: SourceGroups) -> PolicyBook {
        var book = self
        book.sourceGroups = sourceGroups
        return book
    }

    /// The parameters the file lists for `policyYear`, nil when it lists none.
    public func listedYear(_ policyYear: Int) -> PolicyYear? { years[policyYear] }

    /// The parameters of `policyYear` when they are published: listed and not marked
    /// `assumed`. Only these may refuse a payment (docs/rules.md, rule 10).
    public func publishedYear(_ policyYear: Int) -> PolicyYear? {
        guard let year = years[policyYear], !year.assumed else { return nil }
        return year
    }

    /// `2023–2026`, or a list when years are missing in between.
    public var knownYearsText: String {
        let sorted = years.keys.sorted()
        guard let first = sorted.first, let last = sorted.last else { return "none" }
        if last - first + 1 == sorted.count { return first == last ? "\(first)" : "\(first)–\(last)" }
        return sorted.map(String.init).joined(separator: ", ")
    }

    /// The repository's defaults, `Resources/policy-years.json`, bundled with the library.
    public static var bundledDefaults: PolicyBook { bundled }

    private static let bundled: PolicyBook = {
        guard let url = Bundle.module.url(forResource: "policy-years", withExtension: "json", subdirectory: "Resources"),
            let data = try? Data(contentsOf: url)
        else { fatalError("InsuranceDomain resource Resources/policy-years.json is missing from the bundle") }
        do {
            return try PolicyBook(json: Array(data))
        } catch {
            fatalError("bundled Resources/policy-years.json is invalid: \(error)")
        }
    }()
}

extension PolicyBook {
    /// What benefits pay in `policyYear`: the year's own figures when the file lists them,
    /// else the latest listed year's before it (else the earliest listed), carried forward
    /// like the premium and marked assumed; `BenefitRates.published2024` when no year has any.
    public func benefits(for policyYear: Int) -> (rates: BenefitRates, assumed: Bool) {
        if let own = years[policyYear]?.benefits { return (own, year(policyYear).assumed) }
        let withFigures = years.values.filter { $0.benefits != nil }.map(\.policyYear).sorted()
        guard let from = withFigures.last(where: { $0 < policyYear }) ?? withFigures.first,
            let rates = years[from]?.benefits
        else { return (BenefitRates.published2024, true) }
        return (rates, true)
    }
}

/// Why policy parameters were refused.
public struct PolicyBookError: Error, Sendable, Hashable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}

private struct PolicyFile: Decodable {
    let years: [PolicyYear]
    let rules: PolicyRules?
}
