import Foundation
import Hummingbird
import HummingbirdTesting
import InsuranceDomain
import PostgresNIO
import ServiceSupport
import Settings
import Testing

@testable import Benefits

/// Who may read the benefits service (issue 13): a reader's token for `/v1` and the pages,
/// nothing for the probes; and no start at all without a configured token.
@Suite("Benefits access: tokens, pages sign-in, open probes")
struct BenefitsAccessTests {
    static func app(_ client: PostgresClient) -> some ApplicationProtocol {
        let router = BenefitsRouter.make(
            coverage: CoverageAPI(store: BenefitsStore(client: client), policy: .bundledDefaults),
            pages: BenefitsPages(
                loader: BenefitsPagesLoader(client: client, policy: .bundledDefaults),
                templates: PagesFixtures.templates
            ),
            readers: ReaderTokens(tokens: [(name: "call-centre", token: "reader-token")]),
            schemaReady: { true },
            checks: [ReadinessCheck(name: "database") { true }],
            registry: MetricsBootstrap.prometheus()
        )
        return Application(router: router)
    }

    static func basic(_ user: String, _ password: String) -> HTTPFields {
        [.authorization: "Basic \(Data("\(user):\(password)".utf8).base64EncodedString())"]
    }

    @Test("GET /v1/... : 401 with a Bearer challenge without or with a wrong token, 200 with a reader's token")
    func api() async throws {
        try await TestDatabase.withFresh { client, _ in
            try await CoverageAPITests.store([TestEvents.registration(person: "ACC1", id: "r1")], into: client)
            try await Self.app(client).test(.router) { http in
                for headers: HTTPFields in [[:], [.authorization: "Bearer guessed"], Self.basic("x", "reader-token")] {
                    let response = try await http.execute(uri: "/v1/persons/ACC1/coverage", method: .get, headers: headers) { $0 }
                    #expect(response.status == .unauthorized)
                    #expect(response.headers[.wwwAuthenticate] == #"Bearer realm="benefits""#)
                    #expect(response.headers[.contentType] == "application/problem+json")
                    #expect(!String(buffer: response.body).contains("ACC1"))
                }
                let response = try await http.execute(
                    uri: "/v1/persons/ACC1/coverage",
                    method: .get,
                    headers: [.authorization: "Bearer reader-token"]
                ) { $0 }
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""personId":"ACC1""#))
            }
        }
    }

    @Test("pages: 401 with a Basic challenge (a browser prompts), 200 with the token as the Basic password")
    func pages() async throws {
        try await TestDatabase.withFresh { client, _ in
            try await CoverageAPITests.store([TestEvents.registration(person: "ACC2", id: "r1")], into: client)
            try await Self.app(client).test(.router) { http in
                for uri in ["/city", "/persons/ACC2"] {
                    for headers: HTTPFields in [[:], Self.basic("anyone", "wrong-token"), [.authorization: "Bearer wrong"]] {
                        let response = try await http.execute(uri: uri, method: .get, headers: headers) { $0 }
                        #expect(response.status == .unauthorized, "\(uri)")
                        #expect(response.headers[.wwwAuthenticate]?.hasPrefix(#"Basic realm="insurance benefits""#) == true)
                        #expect(!String(buffer: response.body).contains("ACC2"))
                    }
                    let signedIn = try await http.execute(uri: uri, method: .get, headers: Self.basic("anyone", "reader-token")) { $0 }
                    #expect(signedIn.status == .ok, "\(uri)")
                    #expect(signedIn.headers[.contentType] == "text/html; charset=utf-8")
                    let bearer = try await http.execute(uri: uri, method: .get, headers: [.authorization: "Bearer reader-token"]) { $0 }
                    #expect(bearer.status == .ok, "\(uri)")
                }
            }
        }
    }

    @Test("/health, /ready and /metrics answer anonymous callers")
    func openProbes() async throws {
        try await TestDatabase.withFresh { client, _ in
            try await Self.app(client).test(.router) { http in
                for uri in ["/health", "/ready", "/metrics"] {
                    let response = try await http.execute(uri: uri, method: .get) { $0 }
                    #expect(response.status == .ok, "\(uri)")
                }
            }
        }
    }

    @Test("without tokens and without development mode the service refuses to start, naming the variables; offline commands need none")
    func refusesWithoutTokens() throws {
        #expect(try BenefitsConfiguration.fromEnvironment([:]).readers.isEmpty)
        #expect {
            try BenefitsConfiguration.forServing([:])
        } throws: { error in
            let text = "\(error)"
            return text.contains("BENEFITS_TOKENS_FILE") && text.contains("BENEFITS_TOKENS") && text.contains("INSURANCE_DEV_MODE")
        }
    }

    @Test("development mode accepts dev-token, on loopback only; configured tokens replace it")
    func developmentMode() throws {
        let development = try BenefitsConfiguration.forServing(["INSURANCE_DEV_MODE": "1"])
        #expect(development.readers.isDevelopmentDefault)
        #expect(development.readers.reader(forToken: "dev-token")?.mayRead == true)
        #expect(throws: ConfigurationError.self) {
            try BenefitsConfiguration.forServing(["INSURANCE_DEV_MODE": "1", "BENEFITS_HOST": "0.0.0.0"])
        }
        let configured = try BenefitsConfiguration.forServing(["INSURANCE_DEV_MODE": "1", "BENEFITS_TOKENS": "desk:s3cret"])
        #expect(configured.readers.reader(forToken: "dev-token") == nil)
        #expect(configured.readers.reader(forToken: "s3cret")?.name == "desk")
    }

    @Test("BENEFITS_TOKENS and the token file: names, hashes and the read scope")
    func tokenFormats() throws {
        let fromEnvironment = ReaderTokens(try ReaderTokens.parseEnvironment("desk:s3cret;audit:a2:read"))
        #expect(fromEnvironment.reader(forToken: "a2")?.scopes == [.read])
        #expect(fromEnvironment.reader(forToken: "s3cret")?.name == "desk")
        #expect(throws: ConfigurationError.self) { try ReaderTokens.parseEnvironment("desk:s3cret:write") }
        #expect(throws: ConfigurationError.self) { try ReaderTokens.parseEnvironment("desk") }

        let hash = TokenHash.sha256("file-token").map { String(format: "%02x", $0) }.joined()
        let file = ReaderTokens(try ReaderTokens.parseFile(contents: Data(#"{"tokens":[{"name":"desk","sha256":"\#(hash)"}]}"#.utf8)))
        #expect(file.reader(forToken: "file-token")?.mayRead == true)
        #expect(file.reader(forToken: hash) == nil)
        #expect(throws: ConfigurationError(variable: "tokens[0].sha256", rule: "must be 64 hexadecimal characters (SHA-256 of the token)")) {
            try ReaderTokens.parseFile(contents: Data(#"{"tokens":[{"name":"desk","sha256":"abc"}]}"#.utf8))
        }
    }
}
