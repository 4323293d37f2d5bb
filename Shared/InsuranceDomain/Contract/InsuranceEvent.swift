/// The typed `data` of an event, one case per event type.
public enum InsuranceEvent: Sendable, Hashable {
    case enrollmentRegistered(EnrollmentRegistered)
    case enrollmentStopped(EnrollmentStopped)
    case enrollmentConflictDetected(EnrollmentConflictDetected)
    case enrollmentConflictResolved(EnrollmentConflictResolved)
    case contributionPaid(ContributionPaid)
    case contributionReversed(ContributionReversed)
    case facilityBinding(FacilityBinding)
    case familyAccountBinding(FamilyAccountBinding)
    case familyAccountRevocation(FamilyAccountRevocation)

    public var type: InsuranceEventType {
        switch self {
        case .enrollmentRegistered: return .enrollmentRegistered
        case .enrollmentStopped: return .enrollmentStopped
        case .enrollmentConflictDetected: return .enrollmentConflictDetected
        case .enrollmentConflictResolved: return .enrollmentConflictResolved
        case .contributionPaid: return .contributionPaid
        case .contributionReversed: return .contributionReversed
        case .facilityBinding: return .facilityBinding
        case .familyAccountBinding: return .familyAccountBinding
        case .familyAccountRevocation: return .familyAccountRevocation
        }
    }

    /// The insured person the event is about (the beneficiary for family accounts).
    public var personId: String {
        switch self {
        case .enrollmentRegistered(let e): return e.personId
        case .enrollmentStopped(let e): return e.personId
        case .enrollmentConflictDetected(let e): return e.personId
        case .enrollmentConflictResolved(let e): return e.personId
        case .contributionPaid(let e): return e.personId
        case .contributionReversed(let e): return e.personId
        case .facilityBinding(let e): return e.personId
        case .familyAccountBinding(let e): return e.personId
        case .familyAccountRevocation(let e): return e.personId
        }
    }

    /// The `data` object as JSON.
    public var data: JSONValue {
        switch self {
        case .enrollmentRegistered(let e): return e.data
        case .enrollmentStopped(let e): return e.data
        case .enrollmentConflictDetected(let e): return e.data
        case .enrollmentConflictResolved(let e): return e.data
        case .contributionPaid(let e): return e.data
        case .contributionReversed(let e): return e.data
        case .facilityBinding(let e): return e.data
        case .familyAccountBinding(let e): return e.data
        case .familyAccountRevocation(let e): return e.data
        }
    }

    /// Decodes `data` of `type`: every field problem first, then the rules across fields.
    static func decode(type: InsuranceEventType, data: JSONValue, policy: PolicyBook) -> Result<InsuranceEvent, EventValidationError> {
        guard case .object = data else {
            return .failure(EventValidationError(problems: [FieldProblem(field: "data", rule: "must be a JSON object, got \(data.kindName)")]))
        }
        var problems: [FieldProblem] = []
        for field in type.fields {
            guard let value = data[field.name], value != .null else {
                if field.required { problems.append(FieldProblem(field: "data." + field.name, rule: "is required")) }
                continue
            }
            if let rule = field.problem(with: value) {
                problems.append(FieldProblem(field: "data." + field.name, rule: rule))
            }
        }
        guard problems.isEmpty else { return .failure(EventValidationError(problems: problems)) }
        let d = DataObject(value: data)
        let event: InsuranceEvent?
        switch type {
        case .enrollmentRegistered:
            let e = EnrollmentRegistered(data: d)
            problems = e?.problems() ?? []
            event = e.map(InsuranceEvent.enrollmentRegistered)
        case .enrollmentStopped:
            event = EnrollmentStopped(data: d).map(InsuranceEvent.enrollmentStopped)
        case .enrollmentConflictDetected:
            event = EnrollmentConflictDetected(data: d).map(InsuranceEvent.enrollmentConflictDetected)
        case .enrollmentConflictResolved:
            event = EnrollmentConflictResolved(data: d).map(InsuranceEvent.enrollmentConflictResolved)
        case .contributionPaid:
            let e = ContributionPaid(data: d)
            problems = e?.problems(policy: policy) ?? []
            event = e.map(InsuranceEvent.contributionPaid)
        case .contributionReversed:
            event = ContributionReversed(data: d).map(InsuranceEvent.contributionReversed)
        case .facilityBinding:
            let e = FacilityBinding(data: d)
            problems = e?.problems() ?? []
            event = e.map(InsuranceEvent.facilityBinding)
        case .familyAccountBinding:
            let e = FamilyAccountBinding(data: d)
            problems = e?.problems() ?? []
            event = e.map(InsuranceEvent.familyAccountBinding)
        case .familyAccountRevocation:
            event = FamilyAccountRevocation(data: d).map(InsuranceEvent.familyAccountRevocation)
        }
        guard let event else {
            // Unreachable when the field list and the initialisers agree; reported, not trapped.
            return .failure(EventValidationError(problems: [FieldProblem(field: "data", rule: "could not be read as \(type.rawValue)")]))
        }
        return problems.isEmpty ? .success(event) : .failure(EventValidationError(problems: problems))
    }
}

/// Typed reads from an event's `data` object whose fields were already checked against the
/// type's `EventField` list; a read of an absent or null field gives nil.
struct DataObject {
    let value: JSONValue

    private func present(_ name: String) -> JSONValue? {
        guard let v = value[name], v != .null else { return nil }
        return v
    }

    func string(_ name: String) -> String? { present(name)?.stringValue }
    func int(_ name: String) -> Int? { present(name)?.intValue }
    func bool(_ name: String) -> Bool? { present(name)?.boolValue }
    func date(_ name: String) -> LocalDate? { string(name).flatMap { LocalDate($0) } }
    func timestamp(_ name: String) -> Timestamp? { string(name).flatMap { Timestamp(rfc3339: $0) } }
    func enumeration<E: RawRepresentable>(_ name: String, _: E.Type) -> E? where E.RawValue == String {
        string(name).flatMap(E.init(rawValue:))
    }
}
