/// One person's events sorted by kind, each with its identity, after set semantics
/// (`EventSet`): what the rules read.
struct PersonEvents {
    var registrations: [(identity: EventIdentity, registration: EnrollmentRegistered)] = []
    /// Effective dates, ascending.
    var stops: [LocalDate] = []
    var payments: [(identity: EventIdentity, payment: ContributionPaid)] = []
    var reversals: [(identity: EventIdentity, reversal: ContributionReversed)] = []
    var facilities: [(identity: EventIdentity, binding: FacilityBinding)] = []
    var familyBindings: [(identity: EventIdentity, binding: FamilyAccountBinding)] = []
    var familyRevocations: [(identity: EventIdentity, revocation: FamilyAccountRevocation)] = []
    var conflictsDetected: [(identity: EventIdentity, detection: EnrollmentConflictDetected)] = []
    var conflictsResolved: [(identity: EventIdentity, resolution: EnrollmentConflictResolved)] = []

    init(personId: String, events: [ValidatedEvent]) {
        for e in EventSet(events).events where e.personId == personId {
            switch e.event {
            case .enrollmentRegistered(let r): registrations.append((e.identity, r))
            case .enrollmentStopped(let s): stops.append(s.effectiveOn)
            case .enrollmentConflictDetected(let c): conflictsDetected.append((e.identity, c))
            case .enrollmentConflictResolved(let c): conflictsResolved.append((e.identity, c))
            case .contributionPaid(let p): payments.append((e.identity, p))
            case .contributionReversed(let r): reversals.append((e.identity, r))
            case .facilityBinding(let b): facilities.append((e.identity, b))
            case .familyAccountBinding(let b): familyBindings.append((e.identity, b))
            case .familyAccountRevocation(let r): familyRevocations.append((e.identity, r))
            }
        }
        stops.sort()
    }
}
