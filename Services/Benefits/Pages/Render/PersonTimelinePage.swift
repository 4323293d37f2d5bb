import InsuranceDomain
import Mustache

/// The coverage timeline of one person as a self-contained HTML page (inline SVG, no scripts),
/// rendered from `personTimeline.mustache` and its partials.
///
/// Only the person number is shown: the timeline never holds citizen ID numbers or names.
public enum PersonTimelinePage {
    /// The page for a person's timeline.
    public static func render(_ timeline: PersonTimeline, with templates: PageTemplates) -> String {
        templates.personTimeline.render(PersonTimelineView(timeline), library: templates.library)
    }

    /// The page for a person number the service has never heard of.
    public static func renderNotFound(personId: String, with templates: PageTemplates) -> String {
        struct NotFound { let personId: String }
        return templates.personNotFound.render(NotFound(personId: personId), library: templates.library)
    }
}
