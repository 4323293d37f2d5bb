/// What the HTML pages need: where their data comes from and their parsed templates.
public struct BenefitsPages: Sendable {
    public let loader: BenefitsPagesLoader
    public let templates: PageTemplates

    public init(loader: BenefitsPagesLoader, templates: PageTemplates) {
        self.loader = loader
        self.templates = templates
    }
}
