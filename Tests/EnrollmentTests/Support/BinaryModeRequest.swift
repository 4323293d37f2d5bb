import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting

/// A structured-mode sample event turned into a CloudEvents HTTP binary-mode request:
/// every attribute but `data` in a percent-encoded `ce-` header, `data` as the body.
struct BinaryModeRequest {
    var headers: [(String, String)]
    var body: String

    /// - Parameters:
    ///   - structured: one event as `SampleEvents` writes it.
    ///   - dropping: attributes to leave out; `replacing`: attributes to send with another value.
    init(_ structured: String, dropping: Set<String> = [], replacing: [String: String] = [:]) throws {
        let event = try JSONSerialization.jsonObject(with: Data(structured.utf8)) as? [String: Any] ?? [:]
        var headers: [(String, String)] = []
        for (name, value) in event.sorted(by: { $0.key < $1.key }) where name != "data" && name != "datacontenttype" {
            guard !dropping.contains(name) else { continue }
            headers.append(("ce-\(name)", Self.percentEncoded(replacing[name] ?? "\(value)")))
        }
        for (name, value) in replacing where event[name] == nil {
            headers.append(("ce-\(name)", Self.percentEncoded(value)))
        }
        let data = try JSONSerialization.data(withJSONObject: event["data"] ?? [:], options: [.sortedKeys, .withoutEscapingSlashes])
        self.headers = headers
        self.body = String(decoding: data, as: UTF8.self)
    }

    /// CloudEvents HTTP binding §3.1.3.2: space, `"`, `%` and everything outside printable
    /// ASCII become `%XY` per UTF-8 byte.
    static func percentEncoded(_ value: String) -> String {
        var result = ""
        for byte in value.utf8 {
            if byte > 0x20, byte < 0x7F, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "%") {
                result.append(Character(UnicodeScalar(byte)))
            } else {
                result += String(format: "%%%02X", byte)
            }
        }
        return result
    }
}

extension TestClientProtocol {
    /// `POST /v1/events` in binary mode with raw `ce-` headers (already encoded).
    func postBinary(
        _ request: BinaryModeRequest,
        token: String = "all-token",
        contentType: String? = "application/json"
    ) async throws -> TestResponse {
        var headers: HTTPFields = [.authorization: "Bearer \(token)"]
        if let contentType { headers[.contentType] = contentType }
        for (name, value) in request.headers {
            guard let fieldName = HTTPField.Name(name) else { throw BadHeaderName(name: name) }
            headers.append(HTTPField(name: fieldName, value: value))
        }
        return try await self.execute(uri: "/v1/events", method: .post, headers: headers, body: ByteBuffer(string: request.body)) { $0 }
    }
}

struct BadHeaderName: Error { let name: String }
