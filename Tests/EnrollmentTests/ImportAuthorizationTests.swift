import Foundation
import Logging
import Settings
import Testing

@testable import Enrollment

/// `enrollment-service import` needs the same credential as `POST /v1/events`.
@Suite("CSV import: token and scope")
struct ImportAuthorizationTests {
    static let tokens =
        "school-42:school-token:/schools/42:insurance.enrollment.registered.v1;tax:tax-token:/tax-bureau:insurance.contribution.paid.v1|insurance.contribution.reversed.v1"
    static let credentials = CredentialStore((try? CredentialStore.parseEnvironment(tokens)) ?? [])

    enum Verdict: Sendable, Equatable {
        case allowed, unauthenticated
        case forbidden(String)
    }

    static let cases: [(String?, String, ImportKind, Verdict)] = [
        ("school-token", "/schools/42", .pupils, .allowed),
        ("tax-token", "/tax-bureau/payments", .payments, .allowed),
        (nil, "/schools/42", .pupils, .unauthenticated),
        ("", "/schools/42", .pupils, .unauthenticated),
        ("guessed", "/schools/42", .pupils, .unauthenticated),
        ("school-token", "/schools/43", .pupils, .forbidden("--source")),
        ("school-token", "/schools/42", .payments, .forbidden("--kind")),
        ("tax-token", "/schools/42", .pupils, .forbidden("--source")),
    ]

    @Test("the token must be known and cover the file's source and event type", arguments: cases)
    func verdict(_ token: String?, _ source: String, _ kind: ImportKind, _ expected: Verdict) {
        let verdict: Verdict
        do {
            _ = try ImportAuthorization.authorize(token: token, credentials: Self.credentials, source: source, kind: kind)
            verdict = .allowed
        } catch ImportError.unauthenticated {
            verdict = .unauthenticated
        } catch ImportError.forbidden(let field, _) {
            verdict = .forbidden(field)
        } catch {
            Issue.record("unexpected error \(error)")
            return
        }
        #expect(verdict == expected)
    }

    /// The broker address is a closed port: a refusal must come before any connection is needed.
    static func environment(_ extra: [String: String]) throws -> ServiceEnvironment {
        ServiceEnvironment(["KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:\(try TestStack.closedPort())"].merging(extra) { _, new in new })
    }

    static let payments = FileImporterTests.samples.appendingPathComponent("payments.csv").path

    @Test("an import with a wrong token is refused before anything is read or published")
    func wrongToken() async throws {
        let environment = try Self.environment(["ENROLLMENT_TOKENS": Self.tokens])
        await #expect(throws: ImportError.unauthenticated("unknown token: it is not in ENROLLMENT_TOKENS_FILE or ENROLLMENT_TOKENS")) {
            try await EnrollmentService.importFile(
                path: Self.payments,
                kind: .payments,
                source: "/tax-bureau/payments",
                token: "tax-token-guess",
                environment: environment,
                logger: TestStack.logger
            )
        }
    }

    @Test("a school's token cannot import the tax bureau's payments")
    func outOfScope() async throws {
        let environment = try Self.environment(["ENROLLMENT_TOKENS": Self.tokens])
        await #expect {
            try await EnrollmentService.importFile(
                path: Self.payments,
                kind: .payments,
                source: "/schools/42",
                token: "school-token",
                environment: environment,
                logger: TestStack.logger
            )
        } throws: { error in
            guard case ImportError.forbidden(let field, let rule) = error else { return false }
            return field == "--kind" && rule.contains("insurance.contribution.paid.v1") && "\(error)".contains("nothing was published")
        }
    }

    @Test("without configured tokens and without development mode the import does not run")
    func noTokensConfigured() async throws {
        let environment = try Self.environment([:])
        await #expect(throws: ConfigurationError.self) {
            try await EnrollmentService.importFile(
                path: Self.payments,
                kind: .payments,
                source: "/tax-bureau/payments",
                token: "dev-token",
                environment: environment,
                logger: TestStack.logger
            )
        }
    }
}
