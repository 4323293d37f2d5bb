/// What the HTML pages need: where their data comes from and their parsed templates.
struct BenefitsPages: Sendable {
    let loader: BenefitsPagesLoader
    let templates: PageTemplates

    init(loader: BenefitsPagesLoader, templates: PageTemplates) {
        self.loader = loader
        self.templates = templates
    }
}
