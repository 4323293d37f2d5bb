import ChildProcess
import Foundation
import Hummingbird
import HummingbirdTesting
import InsuranceDomain
import PostgresNIO
import ServiceSupport
import Synchronization
import TestSupport
import Testing

@testable import Benefits

/// The HTTP side when the database cannot serve it: before the migrations, and while it is away.
@Suite("Database gate: 503 before the migrations and while the database is away")
struct DatabaseGateTests {
    static let bearer: HTTPFields = [.authorization: "Bearer reader-token"]
    static let basic: HTTPFields = [.authorization: "Basic \(Data("x:reader-token".utf8).base64EncodedString())"]

    static func app(_ client: PostgresClient, readLimit: Duration?, schemaReady: @escaping @Sendable () -> Bool) -> some ApplicationProtocol {
        let router = BenefitsRouter.make(
            coverage: CoverageAPI(store: BenefitsStore(client: client, readLimit: readLimit), policy: .bundledDefaults),
            pages: BenefitsPages(
                loader: BenefitsPagesLoader(client: client, policy: .bundledDefaults, readLimit: readLimit),
                templates: PagesFixtures.templates
            ),
            readers: ReaderTokens(tokens: [(name: "gate-test", token: "reader-token")]),
            schemaReady: schemaReady,
            checks: [],
            registry: MetricsBootstrap.prometheus()
        )
        return Application(router: router)
    }

    @Test("before the migrations no request reaches the database (503, Retry-After); after them the same one-connection pool answers")
    func beforeMigrations() async throws {
        try await TestDatabase.withFresh(migrated: false) { client, settings in
            let migrated = Atomic<Bool>(false)
            // One connection: had a request prepared a statement before the tables existed, this
            // connection would fail that statement for good (PostgresNIO keeps the failure).
            try await TestDatabase.withClient(settings.with(poolSize: 1, statementTimeout: nil)) { apiClient in
                let app = Self.app(apiClient, readLimit: .seconds(30)) { migrated.load(ordering: .relaxed) }
                try await app.test(.router) { http in
                    let early = try await http.execute(uri: "/v1/persons/GATE1/coverage", method: .get, headers: Self.bearer) { $0 }
                    #expect(early.status == .serviceUnavailable)
                    #expect(early.headers[.retryAfter] == "5")
                    #expect(early.headers[.contentType] == "application/problem+json")
                    let page = try await http.execute(uri: "/persons/GATE1", method: .get, headers: Self.basic) { $0 }
                    #expect(page.status == .serviceUnavailable)
                    #expect(page.headers[.contentType] == "text/html; charset=utf-8")
                    #expect(page.headers[.retryAfter] == "5")
                    let unauthenticated = try await http.execute(uri: "/v1/persons/GATE1/coverage", method: .get) { $0 }
                    #expect(unauthenticated.status == .unauthorized, "sign-in comes first: the gate tells strangers nothing")

                    try await TestDatabase.migrate(client)
                    try await CoverageAPITests.store([TestEvents.registration(person: "GATE1", id: "r1")], into: client)
                    migrated.store(true, ordering: .relaxed)
                    for _ in 0..<3 {
                        let later = try await http.execute(uri: "/v1/persons/GATE1/coverage", method: .get, headers: Self.bearer) { $0 }
                        #expect(later.status == .ok)
                        #expect(String(buffer: later.body).contains(#""personId":"GATE1""#))
                        let page = try await http.execute(uri: "/persons/GATE1", method: .get, headers: Self.basic) { $0 }
                        #expect(page.status == .ok)
                    }
                }
            }
        }
    }

    @Test("past the gate too, a statement refused before the migrations does not break its pooled connection")
    func refusedStatementDoesNotStick() async throws {
        try await TestDatabase.withFresh(migrated: false) { client, settings in
            try await TestDatabase.withClient(settings.with(poolSize: 1, statementTimeout: nil)) { apiClient in
                try await Self.app(apiClient, readLimit: .seconds(30)) { true }.test(.router) { http in
                    let early = try await http.execute(uri: "/v1/persons/GATE3/coverage", method: .get, headers: Self.bearer) { $0 }
                    #expect(early.status == .serviceUnavailable, "a missing table is the deployment's fault: wait, do not fail")
                    try await TestDatabase.migrate(client)
                    try await CoverageAPITests.store([TestEvents.registration(person: "GATE3", id: "r1")], into: client)
                    try await eventually("the pool serves the API with a fresh connection", within: .seconds(60), polling: .stop) {
                        let later = try await http.execute(uri: "/v1/persons/GATE3/coverage", method: .get, headers: Self.bearer) { $0 }
                        return later.status == .ok
                    }
                }
            }
        }
    }

    @Test("with nothing listening where the database should be, the API and the pages answer 503 within the wait limit")
    func databaseAway() async throws {
        var settings = try TestDatabase.settings()
        settings.port = try LoopbackPort.free()
        try await TestDatabase.withClient(settings) { client in
            let app = Self.app(client, readLimit: .seconds(1)) { true }
            try await app.test(.router) { http in
                for (uri, headers) in [("/v1/persons/GATE2/coverage", Self.bearer), ("/persons/GATE2", Self.basic), ("/city", Self.basic)] {
                    let started = ContinuousClock.now
                    let response = try await http.execute(uri: uri, method: .get, headers: headers) { $0 }
                    let waited = ContinuousClock.now - started
                    #expect(response.status == .serviceUnavailable, "\(uri)")
                    #expect(response.headers[.retryAfter] == "5", "\(uri)")
                    // Loose: a loaded machine's timers run late (the cause is checked below, without a clock).
                    #expect(waited < .seconds(40), "\(uri) answered after \(waited); PostgresNIO alone waits about a minute")
                    #expect(!String(buffer: response.body).contains("GATE2"))
                }
                let renewals = try await http.execute(uri: "/v1/renewals?policyYear=2025", method: .get, headers: Self.bearer) { $0 }
                #expect(renewals.status == .serviceUnavailable)
                #expect(renewals.headers[.contentType] == "application/problem+json")
            }
            // The 503 comes from the read's own limit, not from PostgresNIO giving up at last.
            await #expect(throws: DatabaseUnreachable.self) {
                _ = try await BenefitsStore(client: client, readLimit: .seconds(1)).coverage(personId: "GATE2")
            }
        }
    }
}
