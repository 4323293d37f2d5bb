import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Enrollment

/// The OpenAPI document and the router describe the same API.
@Suite("OpenAPI document against the router")
struct OpenAPIConformanceTests {
    /// `(path, METHOD)` of every operation in the document.
    static func documentedOperations() throws -> Set<String> {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.bytes)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let methods: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options"]
        return Set(paths.flatMap { path, item in item.keys.filter(methods.contains).map { "\($0.uppercased()) \(path)" } })
    }

    @Test("the served document is the one kept in the repository")
    func servedDocumentMatchesRepository() async throws {
        let repositoryCopy = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("openapi/enrollment.json")
        let kept = try Data(contentsOf: repositoryCopy)
        #expect(Array(kept) == OpenAPIDocument.bytes)
        try await TestStack.withPublisher { publisher in
            try await RouterHarness(publisher: publisher).test { client in
                let anonymous = try await client.execute(uri: "/openapi.json", method: .get) { $0 }
                #expect(anonymous.status == .unauthorized)
                let response = try await client.execute(
                    uri: "/openapi.json",
                    method: .get,
                    headers: [.authorization: "Bearer school-token"]
                ) { $0 }
                #expect(response.status == .ok)
                #expect(Array(response.body.readableBytesView) == OpenAPIDocument.bytes)
            }
        }
    }

    @Test("every route is in the document and every documented operation is routed")
    func routesMatchDocument() throws {
        let router = RouterHarness.routerOnly()
        let routed = Set(router.routes.map { "\($0.method.rawValue) \($0.path)" })
        #expect(routed == (try Self.documentedOperations()))
    }

    @Test("every documented operation answers something other than 404 or 405")
    func documentedOperationsAnswer() async throws {
        let operations = try Self.documentedOperations()
        try await TestStack.withPublisher { publisher in
            try await RouterHarness(publisher: publisher).test { client in
                for operation in operations {
                    let parts = operation.split(separator: " ")
                    let method = try #require(HTTPRequest.Method(String(parts[0])))
                    let response = try await client.execute(uri: String(parts[1]), method: method) { $0 }
                    #expect(response.status != .notFound && response.status != .methodNotAllowed, "\(operation) answered \(response.status)")
                }
            }
        }
    }
}
