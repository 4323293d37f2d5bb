import AsyncHTTPClient
import InsuranceDomain
import NIOCore
import NIOHTTP1

/// The HTTP client of `insurance-sample` (the smoke suite, `post`): every request carries the
/// service's bearer token, and a transport error becomes a `SmokeFailure` naming the service
/// and its URL.
struct SmokeHTTP: Sendable {
    let client: HTTPClient

    func send(
        _ method: HTTPMethod,
        _ url: String,
        service: String,
        token: String,
        headers: [(name: String, value: String)] = [],
        body: [UInt8]? = nil
    ) async throws(SmokeFailure) -> HTTPAnswer {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        for header in headers { request.headers.add(name: header.name, value: header.value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        do {
            let response = try await client.execute(request, timeout: .seconds(60))
            let bytes = try await response.body.collect(upTo: 4 << 20)
            return HTTPAnswer(status: Int(response.status.code), body: String(buffer: bytes))
        } catch {
            throw SmokeFailure("cannot reach the \(service) at \(url): \(SmokeFailure.brief(error))")
        }
    }
}

/// An HTTP status and body as text.
struct HTTPAnswer: Sendable {
    let status: Int
    let body: String
}

/// Posts events to the enrollment service's `POST /v1/events` in the three HTTP modes,
/// retrying what it answers 503 to (the broker was slow), as a real client would.
struct EnrollmentSender: Sendable {
    let http: SmokeHTTP
    let settings: SmokeSettings
    private static let attempts = 10

    private var url: String { settings.enrollmentURL + "/v1/events" }

    /// Structured mode: one CloudEvent as `application/cloudevents+json`.
    func structured(_ json: String) async throws(SmokeFailure) -> HTTPAnswer {
        try await post(headers: [(name: "Content-Type", value: "application/cloudevents+json")], body: Array(json.utf8))
    }

    /// Batched mode: a JSON array as `application/cloudevents-batch+json`.
    func batch(_ events: [String]) async throws(SmokeFailure) -> HTTPAnswer {
        let body = "[" + events.joined(separator: ",") + "]"
        return try await post(headers: [(name: "Content-Type", value: "application/cloudevents-batch+json")], body: Array(body.utf8))
    }

    /// Binary mode: attributes in `ce-` headers, the data as the body.
    func binary(_ message: BinaryModeMessage) async throws(SmokeFailure) -> HTTPAnswer {
        try await post(headers: message.headers, body: message.body)
    }

    private func post(headers: [(name: String, value: String)], body: [UInt8]) async throws(SmokeFailure) -> HTTPAnswer {
        var answer = HTTPAnswer(status: 0, body: "")
        for attempt in 1...Self.attempts {
            answer = try await http.send(
                .POST,
                url,
                service: "enrollment service",
                token: settings.enrollmentToken,
                headers: headers,
                body: body
            )
            guard answer.status == 503, attempt < Self.attempts else { return answer }
            try? await Task.sleep(for: .seconds(1))
        }
        return answer
    }
}

/// A structured CloudEvent turned into the HTTP binding's binary mode (CloudEvents HTTP
/// Protocol Binding 1.0, section 3.1): every context attribute in a `ce-` header, except
/// `datacontenttype`, which becomes `Content-Type`; the body is the event's data alone.
struct BinaryModeMessage: Sendable, Equatable {
    let headers: [(name: String, value: String)]
    let body: [UInt8]

    static func == (lhs: BinaryModeMessage, rhs: BinaryModeMessage) -> Bool {
        lhs.body == rhs.body && lhs.headers.map { "\($0.name): \($0.value)" } == rhs.headers.map { "\($0.name): \($0.value)" }
    }

    init(structured json: String) throws(BinaryModeError) {
        let envelope: JSONValue
        do { envelope = try JSONParser.parse(Array(json.utf8)) } catch { throw BinaryModeError(reason: "\(error)") }
        guard case .object(let members) = envelope else { throw BinaryModeError(reason: "the event is not a JSON object") }
        var headers: [(name: String, value: String)] = []
        var body: [UInt8] = []
        var contentType: String?
        for member in members {
            switch member.name {
            case "data":
                body = JSONWriter.bytes(member.value)
            case "data_base64":
                throw BinaryModeError(reason: "data_base64 is not sent by the smoke suite")
            case "datacontenttype":
                contentType = member.value.stringValue
            default:
                guard let value = Self.attributeText(member.value) else { continue }
                headers.append((name: "ce-" + member.name.lowercased(), value: Self.percentEncoded(value)))
            }
        }
        // Data in JSON with no declared type is JSON (the format's default).
        headers.append((name: "Content-Type", value: contentType ?? "application/json"))
        self.headers = headers
        self.body = body
    }

    /// The attribute's canonical string: strings as they are, integers and booleans as JSON writes them.
    private static func attributeText(_ value: JSONValue) -> String? {
        switch value {
        case .null: return nil
        case .string(let text): return text
        case .number(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .array, .object: return String(decoding: JSONWriter.bytes(value), as: UTF8.self)
        }
    }

    /// Section 3.1.3.2: space, double quote, percent and every byte outside printable
    /// ASCII (U+0021–U+007E) are percent-encoded, multi-byte characters byte by byte in UTF-8.
    static func percentEncoded(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if byte > 0x20, byte < 0x7F, byte != 0x22, byte != 0x25 {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%\(hexDigits[Int(byte >> 4)])\(hexDigits[Int(byte & 0x0F)])"
            }
        }
        return out
    }
}

private let hexDigits = Array("0123456789ABCDEF")

/// Why an event could not be put into binary mode.
struct BinaryModeError: Error, CustomStringConvertible {
    let reason: String
    var description: String { "binary mode: \(reason)" }
}
