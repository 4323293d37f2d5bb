import Foundation
import Mustache

/// The pages' Mustache templates (`Pages/Templates/*.mustache`, a resource of this target),
/// parsed once when the service starts: a broken template stops the start, never a request.
///
/// Every `{{value}}` is escaped by `PageContentType` (the rules of `HTML.escape`, control
/// characters included); each template opens with `{{% CONTENT_TYPE: PAGE}}`, which `load`
/// checks, so that no template falls back to the library's own HTML escaping.
package struct PageTemplates: Sendable {
    /// The pragma every template starts with.
    static let pragma = "{{% CONTENT_TYPE: \(PageContentType.name)}}"

    let library: MustacheLibrary
    let personTimeline: MustacheTemplate
    let personNotFound: MustacheTemplate
    let cityOverview: MustacheTemplate

    /// The templates shipped with the benefits service.
    package static func bundled() throws -> PageTemplates {
        guard let folder = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw PageTemplateError(template: "Templates", problem: "the bundle resource folder is missing")
        }
        return try load(from: folder)
    }

    /// Parses every `*.mustache` of `folder` (named by file name without the extension).
    static func load(from folder: URL) throws -> PageTemplates {
        PageContentType.register()
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mustache") }
        } catch {
            throw PageTemplateError(template: folder.path, problem: "cannot list the folder: \(error)")
        }
        var library = MustacheLibrary()
        for fileName in names.sorted() {
            let name = String(fileName.dropLast(".mustache".count))
            var text: String
            do {
                text = try String(contentsOf: folder.appendingPathComponent(fileName), encoding: .utf8)
            } catch {
                throw PageTemplateError(template: name, problem: "cannot be read: \(error)")
            }
            guard text.hasPrefix(pragma + "\n") else {
                throw PageTemplateError(template: name, problem: "must start with the line \(pragma)")
            }
            // The file's last newline is not part of the page (documents end with `</html>`).
            if text.hasSuffix("\n") { text.removeLast() }
            do {
                library.register(try MustacheTemplate(string: text), named: name)
            } catch {
                throw PageTemplateError(template: name, problem: "does not parse: \(error)")
            }
        }
        func page(_ name: String) throws -> MustacheTemplate {
            guard let template = library.getTemplate(named: name) else {
                throw PageTemplateError(template: name, problem: "is missing from \(folder.path)")
            }
            return template
        }
        return PageTemplates(
            library: library,
            personTimeline: try page("personTimeline"),
            personNotFound: try page("personNotFound"),
            cityOverview: try page("cityOverview")
        )
    }
}

/// A page template that is missing, unreadable or does not parse.
struct PageTemplateError: Error, CustomStringConvertible {
    let template: String
    let problem: String

    var description: String { "page template \(template): \(problem)" }
}

/// Escaping of every `{{value}}` in the pages: `HTML.escape`, which also replaces control
/// characters (stored before the door refused them) with U+FFFD.
struct PageContentType: MustacheContentType {
    static let name = "PAGE"

    func escapeText(_ text: String) -> String { HTML.escape(text) }

    /// Idempotent; the library's registry is global, so it is done before any template is parsed.
    static func register() {
        MustacheContentTypes.register(PageContentType(), named: name)
    }
}
