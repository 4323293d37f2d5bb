/// The kind of identity document behind `certNo`.
public enum CertificateType: String, Sendable, Hashable, CaseIterable, Codable {
    case residentId = "resident_id"
    case birthCertificate = "birth_certificate"
    case other
}
