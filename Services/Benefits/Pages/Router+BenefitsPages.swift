import Hummingbird
import InsuranceDomain
import PostgresNIO

extension RouterMethods {
    /// Mounts the human pages: `GET /persons/{personId}` (a person's coverage timeline, 404 page
    /// for an unknown person) and `GET /city` (the city overview).
    /// `/city`'s figures are reused for `cityCacheLifetime` (see `CityOverviewCache`).
    /// Throws when the bundled templates do not load (see `PageTemplates`).
    func addBenefitsPages(client: PostgresClient, policy: PolicyBook, cityCacheLifetime: Duration = .seconds(5)) throws {
        addBenefitsPages(
            BenefitsPages(loader: BenefitsPagesLoader(client: client, policy: policy), templates: try PageTemplates.bundled()),
            cityCacheLifetime: cityCacheLifetime
        )
    }

    /// The same, with a loader of the caller's (a fixed `today`, another logger) and templates loaded once.
    func addBenefitsPages(_ pages: BenefitsPages, cityCacheLifetime: Duration = .zero) {
        let loader = pages.loader
        let templates = pages.templates
        let city = CityOverviewCache(lifetime: cityCacheLifetime) { try await loader.overview() }
        get("persons/:personId") { _, context -> HTMLPage in
            let personId = context.parameters.get("personId") ?? ""
            guard ContractIdentifier.isValid(personId), let timeline = try await loader.timeline(personId: personId) else {
                return HTMLPage(status: .notFound, html: PersonTimelinePage.renderNotFound(personId: personId, with: templates))
            }
            return HTMLPage(html: PersonTimelinePage.render(timeline, with: templates))
        }
        get("city") { _, _ -> HTMLPage in
            HTMLPage(html: CityOverviewPage.render(try await city.overview(), with: templates))
        }
    }
}
