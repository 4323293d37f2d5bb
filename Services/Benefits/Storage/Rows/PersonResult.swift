/// Everything derived from one person's history; replaces what was stored for the person.
public struct PersonResult: Sendable, Hashable {
    public var periods: [CoveragePeriodRow]
    public var facilityBindings: [FacilityBindingRow]
    public var familyBindings: [FamilyAccountBindingRow]

    public init(
        periods: [CoveragePeriodRow] = [], facilityBindings: [FacilityBindingRow] = [],
        familyBindings: [FamilyAccountBindingRow] = []
    ) {
        self.periods = periods
        self.facilityBindings = facilityBindings
        self.familyBindings = familyBindings
    }
}
