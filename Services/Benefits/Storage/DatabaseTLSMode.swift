import PostgresNIO
import Settings

/// `PG_SSLMODE`: whether and how the connection to PostgreSQL is encrypted, named as libpq
/// names them so operators recognise the values.
public enum DatabaseTLSMode: String, Sendable, Hashable, CaseIterable {
    /// Plain TCP (the local default: the database is on the same host).
    case disable
    /// TLS required, the server's certificate not checked (encryption against eavesdropping only).
    case require
    /// TLS required, the certificate checked against `PG_SSLROOTCERT` and the host name.
    case verifyFull = "verify-full"

    /// The TLS settings (nil: plain TCP); `rootCertificate` is the CA file for `verify-full`.
    func tlsConfiguration(rootCertificate: String?) throws(ConfigurationError) -> TLSConfiguration? {
        switch self {
        case .disable:
            return nil
        case .require:
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.certificateVerification = .none
            return tls
        case .verifyFull:
            guard let rootCertificate else {
                throw ConfigurationError(variable: "PG_SSLROOTCERT", rule: "is required when PG_SSLMODE is verify-full")
            }
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.certificateVerification = .fullVerification
            do {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(rootCertificate))
            } catch {
                throw ConfigurationError(
                    variable: "PG_SSLROOTCERT",
                    rule: "must name a readable PEM file of CA certificates, got '\(rootCertificate)'"
                )
            }
            return tls
        }
    }
}
