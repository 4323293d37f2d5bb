import Foundation

/// The OpenAPI document of the HTTP API: `openapi/enrollment.json`, copied to
/// `Resources/openapi.json` because SwiftPM bundles only files inside the target (a test
/// fails when the two differ).
public enum OpenAPIDocument {
    /// The document's bytes; a missing resource is a packaging bug, so it fails loudly.
    public static let bytes: [UInt8] = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
            let data = try? Data(contentsOf: url)
        else {
            fatalError("openapi.json is missing from the Enrollment bundle; check Package.swift resources")
        }
        return Array(data)
    }()
}
