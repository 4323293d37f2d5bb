/// The kind of care a visit is estimated for.
public enum CareKind: String, Sendable, Hashable, CaseIterable {
    /// Ordinary outpatient care (普通门诊统筹).
    case outpatient
    /// The general consultation fee (一般诊疗费), paid at its own rate, not also as outpatient cost.
    case consultation
    /// Inpatient care (住院).
    case inpatient

    /// Outpatient care and consultation fees share the outpatient fund and its annual cap.
    var usesOutpatientFund: Bool { self != .inpatient }
}
