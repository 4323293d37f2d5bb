import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization

/// An OpenTelemetry collector in the test process: an OTLP/HTTP endpoint (JSON encoding) that
/// keeps every span the services export, so a test can follow a trace across them.
final class OTLPReceiver: Sendable {
    let port: Int
    private let received = Mutex<[ReceivedSpan]>([])

    private init(port: Int) {
        self.port = port
    }

    /// What a service needs to export here, quickly (spans are batched for 100 ms at most).
    var environment: [String: String] {
        [
            "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:\(port)",
            "OTEL_EXPORTER_OTLP_PROTOCOL": "http/json",
            "OTEL_BSP_SCHEDULE_DELAY": "100",
        ]
    }

    var spans: [ReceivedSpan] { received.withLock { $0 } }

    /// Runs a receiver on a free loopback port while `body` runs.
    static func with<T: Sendable>(_ body: @Sendable (OTLPReceiver) async throws -> T) async throws -> T {
        let receiver = OTLPReceiver(port: try SystemStack.freePort())
        let router = Router()
        router.post("/v1/traces") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 64 << 20)
            let export = try JSONDecoder().decode(OTLPExport.self, from: Data(body.readableBytesView))
            receiver.received.withLock { $0 += export.spans }
            return Response(
                status: .ok,
                headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: "{}"))
            )
        }
        let ready = AsyncStream<Void>.makeStream()
        var logger = Logger(label: "otlp-receiver")
        logger.logLevel = .warning
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: receiver.port)),
            onServerRunning: { _ in ready.continuation.yield() },
            logger: logger
        )
        let services = ServiceGroup(configuration: .init(services: [app], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self, returning: T.self) { group in
            group.addTask { try await services.run() }
            for await _ in ready.stream { break }
            do {
                let result = try await body(receiver)
                await services.triggerGracefulShutdown()
                try await group.waitForAll()
                return result
            } catch {
                await services.triggerGracefulShutdown()
                try? await group.waitForAll()
                throw error
            }
        }
    }
}

/// One exported span, ids as lowercase hex.
struct ReceivedSpan: Sendable, Hashable {
    var service: String
    var name: String
    /// OTLP's numbering: 2 server, 3 client, 4 producer, 5 consumer.
    var kind: Int
    var traceID: String
    var spanID: String
    var parentSpanID: String?
    var links: [SpanReference]
    var attributes: [String: String]
}

struct SpanReference: Sendable, Hashable {
    var traceID: String
    var spanID: String
}
