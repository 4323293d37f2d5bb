import Foundation
import Hummingbird
import HummingbirdTesting
import Kafka
import NIOCore
import SampleCity
import Testing

extension SystemSuites {
    /// Issue 16: one trace from the upstream's HTTP request to the PostgreSQL commit, through
    /// both services as processes exporting by OTLP/HTTP to a receiver in the test.
    @Suite("System: tracing", .serialized, .timeLimit(.minutes(3)))
    struct TracingTests {
        static let traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
        static let upstreamSpanID = "00f067aa0ba902b7"
        /// An upstream producer writing to Kafka itself, instrumented with OpenTelemetry.
        static let kafkaTraceID = "0af7651916cd43dd8448eb211c80319c"
        static let kafkaSpanID = "b7ad6b7169203331"

        @Test("the upstream's traceparent reaches the span of each event's commit, parent by parent")
        func httpToCommit() async throws {
            try await OTLPReceiver.with { receiver in
                try await Pipeline.with("tracing") { pipeline in
                    try await pipeline.startBenefits(adding: receiver.environment)
                    // Debug: the intake's "published events" line is written inside the request's span.
                    try await pipeline.startEnrollment(adding: receiver.environment.merging(["LOG_LEVEL": "debug"]) { $1 })
                    let city = SampleCity(SampleCityOptions(persons: 3, seed: 7_016, faultyShare: 0, duplicateShare: 0))
                    let events = city.events(ofPerson: 0)
                    #expect(!events.isEmpty)
                    let answer = try await Self.post(events, port: pipeline.enrollmentPort)
                    #expect(answer == 202)
                    // Straight to Kafka: one record with an upstream's valid traceparent, one with a malformed one.
                    let direct = try #require(city.events(ofPerson: 1).first)
                    let malformed = try #require(city.events(ofPerson: 2).first)
                    try await Self.publish(
                        [(direct, "00-\(Self.kafkaTraceID)-\(Self.kafkaSpanID)-01"), (malformed, "00-not-a-trace-01")],
                        pipeline: pipeline
                    )

                    _ = try await Self.waitForSpans(receiver, stored: events.count, timeout: .seconds(60))
                    // Every record stored (the malformed one's too), and time for spans of late commits to arrive.
                    try await Self.waitForEvents(events.count + 2, in: pipeline, timeout: .seconds(30))
                    try await Task.sleep(for: .seconds(1))
                    let spans = receiver.spans
                    let trace = spans.filter { $0.traceID == Self.traceID }
                    // enrollment: the server span continues the upstream's span…
                    let server = try #require(trace.first { $0.service == "enrollment-service" && $0.kind == 2 }, "\(trace)")
                    #expect(server.parentSpanID == Self.upstreamSpanID)
                    #expect(server.attributes["http.response.status_code"] == "202")
                    // …its child sends the events, and its context is what the records carry…
                    let send = try #require(trace.first { $0.service == "enrollment-service" && $0.kind == 4 }, "\(trace)")
                    #expect(send.parentSpanID == server.spanID)
                    #expect(send.attributes["messaging.batch.message_count"] == String(events.count))
                    // …so each event's span in the benefits service is the send span's child, and ends at the commit.
                    let processed = trace.filter { $0.service == "benefits-service" && $0.kind == 5 }
                    #expect(processed.count == events.count, "\(trace)")
                    for span in processed {
                        #expect(span.parentSpanID == send.spanID)
                        #expect(span.attributes["insurance.outcome"] == "stored")
                        #expect(span.name.hasPrefix("process \(pipeline.runName)"))
                    }
                    #expect(Set(processed.compactMap { $0.attributes["cloudevents.event_id"] }).count == events.count)
                    // The batch spans (traces of their own) link to the request's trace, and each event's span to its batch.
                    let batches = spans.filter { $0.service == "benefits-service" && $0.name == "process batch" }
                    #expect(batches.allSatisfy { $0.traceID != Self.traceID })
                    #expect(batches.contains { $0.links.contains(SpanReference(traceID: Self.traceID, spanID: send.spanID)) })
                    let batchIDs = Set(batches.map { SpanReference(traceID: $0.traceID, spanID: $0.spanID) })
                    #expect(processed.allSatisfy { $0.links.contains(where: batchIDs.contains) })
                    // Inside a batch's trace: its lanes and its last transaction, and the coverage
                    // recomputed inside a lane, so a slow batch shows where its time went.
                    let steps = spans.filter { span in batches.contains { $0.traceID == span.traceID && $0.spanID == span.parentSpanID } }
                    #expect(Set(steps.map(\.name)) == ["store lane", "commit batch"], "\(steps.map(\.name))")
                    let lanes = steps.filter { $0.name == "store lane" }
                    #expect(lanes.allSatisfy { $0.attributes["db.system.name"] == "postgresql" && $0.attributes["insurance.lane.events"] != nil })
                    let recomputed = spans.filter { span in
                        span.name == "recompute coverage" && lanes.contains { $0.traceID == span.traceID && $0.spanID == span.parentSpanID }
                    }
                    #expect(!recomputed.isEmpty, "\(spans.map(\.name))")
                    #expect(recomputed.allSatisfy { Int($0.attributes["insurance.persons"] ?? "") ?? 0 > 0 })
                    // The upstream producer's trace is continued; the malformed record is stored without a span of its own.
                    let viaKafka = try #require(
                        spans.first { $0.traceID == Self.kafkaTraceID && $0.kind == 5 },
                        "\(spans.filter { $0.kind == 5 })"
                    )
                    #expect(viaKafka.parentSpanID == Self.kafkaSpanID)
                    #expect(viaKafka.attributes["insurance.outcome"] == "stored")
                    let processedIDs = spans.filter { $0.kind == 5 }.compactMap { $0.attributes["cloudevents.event_id"] }
                    #expect(processedIDs.count == events.count + 1, "\(processedIDs)")
                    // The log line written inside the request carries the trace id.
                    let log = try String(
                        contentsOfFile: "\(pipeline.stack.logDirectory)/\(pipeline.runName).enrollment-service.log",
                        encoding: .utf8
                    )
                    #expect(
                        log.split(separator: "\n").contains { $0.contains("published events") && $0.contains("trace_id=\(Self.traceID)") },
                        "\(log.suffix(2_000))"
                    )
                    // Nothing personal in any attribute: no citizen ID number (18 characters, 17 digits first).
                    let values = spans.flatMap(\.attributes.values)
                    #expect(!values.contains { $0.count == 18 && $0.prefix(17).allSatisfy(\.isNumber) })
                }
            }
        }

        private static func post(_ events: [SampleEvent], port: Int) async throws -> Int {
            var headers: HTTPFields = [
                .contentType: "application/cloudevents-batch+json", .authorization: "Bearer \(Pipeline.enrollmentToken)",
            ]
            headers[try #require(HTTPFields.Element.Name("traceparent"))] = "00-\(traceID)-\(upstreamSpanID)-01"
            headers[try #require(HTTPFields.Element.Name("tracestate"))] = "upstream=1"
            let body = "[" + events.map(\.json).joined(separator: ",") + "]"
            let client = TestClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(30)))
            client.connect()
            do {
                let response = try await client.execute(
                    TestClient.Request("/v1/events", method: .post, headers: headers, body: ByteBuffer(string: body))
                )
                try? await client.shutdown()
                return Int(response.status.code)
            } catch {
                try? await client.shutdown()
                throw error
            }
        }

        /// Records on their topics as an upstream producer would write them, each with its `traceparent` header.
        private static func publish(_ records: [(SampleEvent, String)], pipeline: Pipeline) async throws {
            let feed = try EventFeed(bootstrapServers: pipeline.stack.bootstrapServers, topics: pipeline.topics)
            let results = await feed.producer.send(
                records.map { event, traceparent in
                    KafkaOutgoingMessage(
                        topic: pipeline.topics.topic(for: event.stream),
                        key: event.key,
                        value: Array(event.json.utf8),
                        headers: [
                            KafkaHeader(key: "content-type", value: "application/cloudevents+json"),
                            KafkaHeader(key: "traceparent", value: traceparent),
                        ]
                    )
                }
            )
            await feed.close()
            for result in results {
                if case .failure(let error) = result { throw SystemTestError("record not acknowledged: \(error)") }
            }
        }

        private static func waitForEvents(_ count: Int, in pipeline: Pipeline, timeout: Duration) async throws {
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                if let counts = try? await TableCounts.read(from: pipeline.database), counts.events >= count { return }
                try await Task.sleep(for: .milliseconds(200))
            }
            throw SystemTestError("fewer than \(count) events stored within \(timeout)")
        }

        /// Waits until the benefits service exported a span for every event of the trace (and the Kafka upstream's).
        private static func waitForSpans(_ receiver: OTLPReceiver, stored: Int, timeout: Duration) async throws -> [ReceivedSpan] {
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                let spans = receiver.spans
                let processed = spans.filter { $0.traceID == traceID && $0.service == "benefits-service" && $0.kind == 5 }
                // Every event's batch span too: a batch ends (and is exported) after its events' spans.
                let batches = Set(spans.filter { $0.name == "process batch" }.map { SpanReference(traceID: $0.traceID, spanID: $0.spanID) })
                if processed.count >= stored, processed.allSatisfy({ $0.links.contains(where: batches.contains) }),
                    spans.contains(where: { $0.traceID == kafkaTraceID })
                {
                    return spans
                }
                try await Task.sleep(for: .milliseconds(200))
            }
            throw SystemTestError("no span of the events' commit within \(timeout); received: \(receiver.spans.map(\.name))")
        }
    }
}
