/// Everything derived from one person's history; replaces what was stored for the person.
public struct PersonResult: Sendable, Hashable {
    public var periods: [CoveragePeriodRow]
    public var facilityBindings: [FacilityBindingRow]
    public var familyBindings: [FamilyAccountBindingRow]
    /// The `person_facts` row (birth date, age limit, last stop); empty when nothing is known.
    public var facts: PersonFactsRow

    public init(
        periods: [CoveragePeriodRow] = [],
        facilityBindings: [FacilityBindingRow] = [],
        familyBindings: [FamilyAccountBindingRow] = [],
        facts: PersonFactsRow = PersonFactsRow()
    ) {
        self.periods = periods
        self.facilityBindings = facilityBindings
        self.familyBindings = familyBindings
        self.facts = facts
    }
}
