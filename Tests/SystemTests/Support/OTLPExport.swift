import Foundation

/// The JSON encoding of an OTLP `ExportTraceServiceRequest`, as much of it as the tests read.
/// Ids are hex per the OTLP spec; protobuf's JSON mapping (base64) is accepted too.
struct OTLPExport: Decodable {
    var resourceSpans: [ResourceSpans]?

    struct ResourceSpans: Decodable {
        var resource: Resource?
        var scopeSpans: [ScopeSpans]?
    }

    struct Resource: Decodable {
        var attributes: [KeyValue]?
    }

    struct ScopeSpans: Decodable {
        var spans: [Span]?
    }

    struct Span: Decodable {
        var traceId: String
        var spanId: String
        var parentSpanId: String?
        var name: String
        var kind: Int?
        var attributes: [KeyValue]?
        var links: [Link]?
    }

    struct Link: Decodable {
        var traceId: String
        var spanId: String
    }

    struct KeyValue: Decodable {
        var key: String
        var value: AnyValue?
    }

    struct AnyValue: Decodable {
        var stringValue: String?
        var intValue: String?
        var boolValue: Bool?

        var text: String? { stringValue ?? intValue ?? boolValue.map { String($0) } }
    }

    var spans: [ReceivedSpan] {
        (resourceSpans ?? []).flatMap { resource -> [ReceivedSpan] in
            let service = resource.resource?.attributes?.first { $0.key == "service.name" }?.value?.text ?? ""
            return (resource.scopeSpans ?? []).flatMap { $0.spans ?? [] }.map { span in
                ReceivedSpan(
                    service: service,
                    name: span.name,
                    kind: span.kind ?? 0,
                    traceID: Self.hex(span.traceId),
                    spanID: Self.hex(span.spanId),
                    parentSpanID: span.parentSpanId.flatMap { $0.isEmpty ? nil : Self.hex($0) },
                    links: (span.links ?? []).map { SpanReference(traceID: Self.hex($0.traceId), spanID: Self.hex($0.spanId)) },
                    attributes: Dictionary(
                        (span.attributes ?? []).compactMap { pair in pair.value?.text.map { (pair.key, $0) } }
                    ) { $1 }
                )
            }
        }
    }

    static func hex(_ id: String) -> String {
        let isHex = (id.count == 32 || id.count == 16) && id.allSatisfy(\.isHexDigit)
        guard !isHex, let bytes = Data(base64Encoded: id) else { return id.lowercased() }
        return bytes.map { String(format: "%02x", $0) }.joined()
    }
}
