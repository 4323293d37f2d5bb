/// Every event type of the contract (docs/contract.md), with its stream and `data` fields.
public enum InsuranceEventType: String, Sendable, Hashable, CaseIterable {
    case enrollmentRegistered = "insurance.enrollment.registered.v1"
    case enrollmentStopped = "insurance.enrollment.stopped.v1"
    case enrollmentConflictDetected = "insurance.enrollment.conflict_detected.v1"
    case enrollmentConflictResolved = "insurance.enrollment.conflict_resolved.v1"
    case contributionPaid = "insurance.contribution.paid.v1"
    case contributionReversed = "insurance.contribution.reversed.v1"
    case facilityBinding = "insurance.binding.facility.v1"
    case familyAccountBinding = "insurance.binding.family_account.v1"
    case familyAccountRevocation = "insurance.binding.family_account_revoked.v1"

    public var stream: EventStream {
        switch self {
        case .enrollmentRegistered, .enrollmentStopped, .enrollmentConflictDetected, .enrollmentConflictResolved:
            return .enrollments
        case .contributionPaid, .contributionReversed: return .contributions
        case .facilityBinding, .familyAccountBinding, .familyAccountRevocation: return .bindings
        }
    }

    /// The `data` fields, in contract order. The JSON Schema `schemas/<type>.json` agrees.
    public var fields: [EventField] {
        switch self {
        case .enrollmentRegistered: return EnrollmentRegistered.fields
        case .enrollmentStopped: return EnrollmentStopped.fields
        case .enrollmentConflictDetected: return EnrollmentConflictDetected.fields
        case .enrollmentConflictResolved: return EnrollmentConflictResolved.fields
        case .contributionPaid: return ContributionPaid.fields
        case .contributionReversed: return ContributionReversed.fields
        case .facilityBinding: return FacilityBinding.fields
        case .familyAccountBinding: return FamilyAccountBinding.fields
        case .familyAccountRevocation: return FamilyAccountRevocation.fields
        }
    }
}

/// Which Kafka topic family an event belongs to (topic names are configuration).
public enum EventStream: String, Sendable, Hashable, CaseIterable {
    case enrollments, contributions, bindings
}

extension InsuranceEventType {
    /// The names of `fields`, as a set built once per type: the intake skips these members in
    /// its control-character scan of `data` (their own rules check them), and building the
    /// set for every event cost the intake a hash of every name.
    var fieldNames: Set<String> { Self.fieldNamesByType[self] ?? [] }

    private static let fieldNamesByType: [InsuranceEventType: Set<String>] = Dictionary(
        uniqueKeysWithValues: allCases.map { ($0, Set($0.fields.map(\.name))) }
    )
}
