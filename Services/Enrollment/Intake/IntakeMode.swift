import Foundation

/// How a request body carries its events, decided by its content type.
enum IntakeMode: Sendable, Hashable {
    /// One structured-mode CloudEvent (`application/cloudevents+json` or `application/json`).
    case single
    /// A JSON array of CloudEvents (`application/cloudevents-batch+json`).
    case batch

    /// The mode for a `Content-Type` value; parameters such as `charset` are ignored.
    init?(contentType: String?) {
        guard let contentType else { return nil }
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        switch mediaType {
        case "application/cloudevents+json", "application/json": self = .single
        case "application/cloudevents-batch+json": self = .batch
        default: return nil
        }
    }
}
