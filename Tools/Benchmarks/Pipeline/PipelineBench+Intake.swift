import HummingbirdTesting
import NIOCore
import SampleCity

/// The enrollment service's intake figure: HTTP batches posted in lanes.
extension PipelineBench {
    /// Posts in `concurrency` lanes; returns accepted events per second.
    static func post(_ events: [SampleEvent], port: Int, batch: Int, concurrency: Int) async throws -> Double {
        let bodies = stride(from: 0, to: events.count, by: batch).map {
            "[" + events[$0..<min($0 + batch, events.count)].map(\.json).joined(separator: ",") + "]"
        }
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in 0..<concurrency {
                group.addTask {
                    let client = TestClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(60)))
                    client.connect()
                    defer { Task { try? await client.shutdown() } }
                    for index in stride(from: lane, to: bodies.count, by: concurrency) {
                        let response = try await client.post(
                            "/v1/events",
                            headers: [.contentType: "application/cloudevents-batch+json", .authorization: "Bearer dev-token"],
                            body: ByteBuffer(string: bodies[index])
                        )
                        guard response.status.code == 202 else {
                            throw BenchError(
                                "the enrollment service answered \(response.status.code): \(response.body.map { String(buffer: $0) }?.prefix(300) ?? "")"
                            )
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        return Double(events.count) / (ContinuousClock.now - started).inSeconds
    }
}
