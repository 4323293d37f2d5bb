import Hummingbird
import HummingbirdAuth
import Prometheus
import ServiceSupport

/// The request context of the benefits service: after authentication it carries the reader
/// (HummingbirdAuth's context, with our identity type).
typealias BenefitsRequestContext = BasicAuthRequestContext<BenefitsReader>

/// Every route of the benefits service and who may reach it:
/// - `/health`, `/ready`, `/metrics`: anyone (probes and Prometheus; no personal data);
/// - `/v1/...`: a reader's token as `Authorization: Bearer`, else 401 problem+json with a
///   `Bearer` challenge;
/// - the HTML pages: the token as the HTTP Basic password (a browser asks for it) or as a
///   bearer token, else 401 with a `Basic` challenge and a short page saying so.
///
/// Behind the sign-in, `DatabaseGate` answers 503 until `schemaReady` (the migrations are
/// applied) and whenever the database cannot serve a request in time.
enum BenefitsRouter {
    static func make(
        coverage: CoverageAPI,
        pages: BenefitsPages?,
        cityCacheLifetime: Duration = .zero,
        readers: ReaderTokens,
        schemaReady: @escaping @Sendable () -> Bool,
        checks: [ReadinessCheck],
        registry: PrometheusCollectorRegistry
    ) -> Router<BenefitsRequestContext> {
        let router = Router(context: BenefitsRequestContext.self)
        router.addOperationalRoutes(checks: checks, registry: registry)
        // After the probes, so that only the API and pages are traced (docs/tracing.md).
        router.add(middleware: TracingMiddleware())
        let lookup: @Sendable (String) -> BenefitsReader? = { token in
            readers.reader(forToken: token).flatMap { $0.mayRead ? $0 : nil }
        }

        let api = router.group()
            .add(middleware: TokenAuthenticator(context: BenefitsRequestContext.self, scheme: .bearer, lookup: lookup))
            .add(
                middleware: RequireIdentityMiddleware(context: BenefitsRequestContext.self) { _ in
                    ProblemDetails.response(
                        status: .unauthorized,
                        title: "Missing or unknown bearer token",
                        detail: "send Authorization: Bearer <token> with a token issued for the benefits service",
                        headers: [.wwwAuthenticate: #"Bearer realm="benefits""#]
                    )
                }
            )
            .add(middleware: DatabaseGate(schemaReady: schemaReady, answer: .problem))
        coverage.addRoutes(to: api)

        if let pages {
            let browser = router.group()
                .add(middleware: TokenAuthenticator(context: BenefitsRequestContext.self, scheme: .basicPassword, lookup: lookup))
                .add(middleware: TokenAuthenticator(context: BenefitsRequestContext.self, scheme: .bearer, lookup: lookup))
                .add(
                    middleware: RequireIdentityMiddleware(context: BenefitsRequestContext.self) { _ in
                        SignInRequiredPage.response()
                    }
                )
                .add(middleware: DatabaseGate(schemaReady: schemaReady, answer: .page))
            browser.addBenefitsPages(pages, cityCacheLifetime: cityCacheLifetime)
        }
        return router
    }
}
