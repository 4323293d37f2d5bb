import Foundation
import InsuranceDomain
import Settings

/// Everything the smoke suite needs to know, from environment variables, so the same
/// program runs inside compose and against the local stack.
struct SmokeSettings: Sendable {
    var enrollmentURL: String
    var benefitsURL: String
    /// Sent as `Authorization: Bearer …` on every request to the enrollment service.
    var enrollmentToken: String
    /// Sent as `Authorization: Bearer …` on every request to the benefits service.
    var benefitsToken: String
    var persons: Int
    var seed: UInt64
    var waitSeconds: Int
    /// The day `covered_on` and the API's `status` are checked for.
    var reportOn: LocalDate
    var postgres: SmokePostgres
    /// The role the analyst queries run as (`SET ROLE`).
    var analystRole: String

    static func fromEnvironment(_ environment: ServiceEnvironment) throws(ConfigurationError) -> SmokeSettings {
        func text(_ name: String, _ fallback: String) -> String { environment.string(name, default: fallback) }
        let seed: UInt64
        if let raw = environment.optionalString("SMOKE_SEED") {
            guard let value = UInt64(raw) else {
                throw ConfigurationError(variable: "SMOKE_SEED", rule: "must be a whole number >= 0, got '\(raw)'")
            }
            seed = value
        } else {
            // A new seed each run gives new person numbers, so a database that already holds
            // an earlier run (compose's volume) cannot make the comparison pass or fail by itself.
            seed = UInt64.random(in: 1_000_000...UInt64(Int32.max))
        }
        guard let reportOn = LocalDate(text("SMOKE_ON", "2025-03-01")) else {
            throw ConfigurationError(variable: "SMOKE_ON", rule: "must be a date YYYY-MM-DD")
        }
        let role = text("SMOKE_ANALYST_ROLE", "insurance_analyst")
        guard role.range(of: "^[a-z_][a-z0-9_]{0,62}$", options: .regularExpression) != nil else {
            throw ConfigurationError(variable: "SMOKE_ANALYST_ROLE", rule: "must be a plain lower-case role name")
        }
        let enrollmentToken = text("SMOKE_ENROLLMENT_TOKEN", "dev-token")
        return SmokeSettings(
            enrollmentURL: try Self.baseURL("SMOKE_ENROLLMENT_URL", text("SMOKE_ENROLLMENT_URL", "http://127.0.0.1:8080")),
            benefitsURL: try Self.baseURL("SMOKE_BENEFITS_URL", text("SMOKE_BENEFITS_URL", "http://127.0.0.1:8081")),
            enrollmentToken: enrollmentToken,
            benefitsToken: text("SMOKE_BENEFITS_TOKEN", enrollmentToken),
            persons: try environment.int("SMOKE_PERSONS", default: 300, in: 1...100_000),
            seed: seed,
            waitSeconds: try environment.int("SMOKE_WAIT_SECONDS", default: 120, in: 1...3_600),
            reportOn: reportOn,
            postgres: SmokePostgres(
                host: text("PG_HOST", "127.0.0.1"),
                port: try environment.int("PG_PORT", default: StackDefaults.postgresPort, in: 1...65_535),
                user: text("PG_USER", "insurance"),
                password: try environment.optionalSecret("PG_PASSWORD") ?? "insurance",
                database: text("PG_DATABASE", "insurance")
            ),
            analystRole: role
        )
    }

    private static func baseURL(_ variable: String, _ value: String) throws(ConfigurationError) -> String {
        guard let url = URL(string: value), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
            throw ConfigurationError(variable: variable, rule: "must be an http(s) URL such as http://127.0.0.1:8080")
        }
        return value.hasSuffix("/") ? String(value.dropLast()) : value
    }
}
