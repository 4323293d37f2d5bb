import Foundation
import Testing

@testable import Benefits

/// The estimate form on the timeline and the renewal counts on the city page.
@Suite("Pages: estimate form and renewal counts")
struct PagesEstimateAndRenewalsTests {
    @Test("the timeline has a GET form to the person's estimate endpoint, the person number escaped")
    func estimateForm() {
        let html = PersonTimelinePage.render(PagesFixtures.timeline(personId: "P-1001"), with: PagesFixtures.templates)
        #expect(html.contains(#"<form method="get" action="/v1/persons/P-1001/estimate">"#))
        for field in ["on", "care", "costFen", "facilityCode", "facilityLevel", "where", "route", "inProvince", "usedFen"] {
            #expect(html.contains(#"name="\#(field)""#), "field \(field)")
        }
        let hostile = PersonTimelinePage.render(PagesFixtures.timeline(personId: "a\"><script>x</script>"), with: PagesFixtures.templates)
        #expect(!hostile.contains("<script>"))
        #expect(hostile.contains("/v1/persons/a&quot;&gt;&lt;script&gt;"))
    }

    @Test("the city page counts each renewal status and links to its list")
    func renewalCounts() {
        var overview = PagesFixtures.overview()
        overview.renewals = [RenewalTally(policyYear: 2025, counts: ["renewed_on_time": 1200, "not_renewed": 34, "aged_out": 5])]
        let html = CityOverviewPage.render(overview, with: PagesFixtures.templates)
        #expect(html.contains("<h2>Default renewals</h2>"))
        #expect(html.contains(#"<a href="/v1/renewals?policyYear=2025&amp;status=not_renewed">34</a>"#))
        #expect(html.contains(#"status=stopped">0</a>"#))
        #expect(html.contains("1,239") || html.contains("1239") || html.contains("1 239"), "the cohort total")
        overview.renewals = []
        #expect(CityOverviewPage.render(overview, with: PagesFixtures.templates).contains("No renewal cohort yet"))
    }
}
