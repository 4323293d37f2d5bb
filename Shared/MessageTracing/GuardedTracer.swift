import Tracing

/// A tracer that hands the wrapped one only the trace headers of a carrier, and only a
/// `traceparent` of valid syntax (``TraceParent``).
///
/// Why: swift-otel 1.6's tracer logs the whole carrier when it cannot parse the context, and
/// for an HTTP request the carrier holds `Authorization` and every other header of an upstream.
/// Handing it a two-entry dictionary keeps tokens and anything personal out of its diagnostics;
/// a missing or malformed `traceparent` simply starts a new trace, as W3C Trace Context says.
public struct GuardedTracer<Wrapped: Tracer>: Tracer {
    public typealias Span = Wrapped.Span
    public let wrapped: Wrapped

    public init(_ wrapped: Wrapped) {
        self.wrapped = wrapped
    }

    public func startSpan<Instant: TracerInstant>(
        _ operationName: String,
        context: @autoclosure () -> ServiceContext,
        ofKind kind: SpanKind,
        at instant: @autoclosure () -> Instant,
        function: String,
        file fileID: String,
        line: UInt
    ) -> Wrapped.Span {
        wrapped.startSpan(
            operationName,
            context: context(),
            ofKind: kind,
            at: instant(),
            function: function,
            file: fileID,
            line: line
        )
    }

    public func activeSpan(identifiedBy context: ServiceContext) -> Wrapped.Span? {
        wrapped.activeSpan(identifiedBy: context)
    }

    public func forceFlush() {
        wrapped.forceFlush()
    }

    public func inject<Carrier, Inject: Injector>(
        _ context: ServiceContext,
        into carrier: inout Carrier,
        using injector: Inject
    ) where Inject.Carrier == Carrier {
        wrapped.inject(context, into: &carrier, using: injector)
    }

    public func extract<Carrier, Extract: Extractor>(
        _ carrier: Carrier,
        into context: inout ServiceContext,
        using extractor: Extract
    ) where Extract.Carrier == Carrier {
        guard let parent = extractor.extract(key: TraceParent.header, from: carrier), TraceParent.isValid(parent) else {
            return
        }
        var headers = [TraceParent.header: parent]
        if let state = extractor.extract(key: TraceParent.stateHeader, from: carrier), state.utf8.count <= TraceParent.maxStateBytes {
            headers[TraceParent.stateHeader] = state
        }
        wrapped.extract(headers, into: &context, using: DictionaryExtractor())
    }
}

/// Reads a `[String: String]` carrier.
struct DictionaryExtractor: Extractor {
    func extract(key: String, from carrier: [String: String]) -> String? { carrier[key] }
}
