import Hummingbird
import InsuranceDomain
import PostgresNIO

extension RouterMethods {
    /// Mounts the human pages: `GET /persons/{personId}` (a person's coverage timeline, 404 page
    /// for an unknown person) and `GET /city` (the city overview).
    /// `/city`'s figures are reused for `cityCacheLifetime` (see `CityOverviewCache`).
    public func addBenefitsPages(client: PostgresClient, policy: PolicyBook, cityCacheLifetime: Duration = .seconds(5)) {
        addBenefitsPages(loader: BenefitsPagesLoader(client: client, policy: policy), cityCacheLifetime: cityCacheLifetime)
    }

    /// The same, with a loader of the caller's (a fixed `today`, another logger).
    public func addBenefitsPages(loader: BenefitsPagesLoader, cityCacheLifetime: Duration = .zero) {
        let city = CityOverviewCache(lifetime: cityCacheLifetime) { try await loader.overview() }
        get("persons/:personId") { _, context -> HTMLPage in
            let personId = context.parameters.get("personId") ?? ""
            guard ContractIdentifier.isValid(personId), let timeline = try await loader.timeline(personId: personId) else {
                return HTMLPage(status: .notFound, html: PersonTimelinePage.renderNotFound(personId: personId))
            }
            return HTMLPage(html: PersonTimelinePage.render(timeline))
        }
        get("city") { _, _ -> HTMLPage in
            HTMLPage(html: CityOverviewPage.render(try await city.overview()))
        }
    }
}
