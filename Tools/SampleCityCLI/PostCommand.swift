import ArgumentParser
import AsyncHTTPClient
import Foundation
import SampleCity
import Settings

/// Sends the city's valid events to the enrollment service in batches, the way
/// a school or the tax bureau would, and retries a batch the service answers
/// 503 to. Broken events are left out: a batch is all-or-nothing at validation.
struct PostCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "post",
        abstract: "POST the city's valid events to the enrollment service in batches."
    )

    @OptionGroup var city: CityOptions
    @Option(help: "Enrollment service host.") var host = "127.0.0.1"
    @Option(help: "Enrollment service port.") var port = 8080
    @Option(help: "Events per request.") var batchSize = 500
    @Option(
        help:
            "Bearer token with a scope covering every source and type of the city (default: ENROLLMENT_TOKEN, else dev-token, which only a service in development mode accepts)."
    )
    var token = ServiceEnvironment().string("ENROLLMENT_TOKEN", default: "dev-token")

    func run() async throws {
        let sample = SampleCity(city.sampleOptions)
        let client = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: HTTPClient.Configuration(timeout: .init(connect: .seconds(5), read: .seconds(60)))
        )
        do {
            try await send(sample, with: SmokeHTTP(client: client))
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    private func send(_ sample: SampleCity, with client: SmokeHTTP) async throws {
        var batch: [String] = []
        var sent = 0
        let started = ContinuousClock.now
        for event in sample.events where !event.isFaulty {
            batch.append(event.json)
            if batch.count == batchSize {
                try await post(batch, with: client)
                sent += batch.count
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty {
            try await post(batch, with: client)
            sent += batch.count
        }
        let seconds = (ContinuousClock.now - started) / .seconds(1)
        print("posted \(sent) events in \(String(format: "%.1f", seconds)) s (\(Int(Double(sent) / max(seconds, 0.001))) events/s)")
    }

    private func post(_ events: [String], with client: SmokeHTTP) async throws {
        let body = Array(("[" + events.joined(separator: ",") + "]").utf8)
        for attempt in 1...10 {
            let answer = try await client.send(
                .POST,
                "http://\(host):\(port)/v1/events",
                service: "enrollment service",
                token: token,
                headers: [("Content-Type", "application/cloudevents-batch+json")],
                body: body
            )
            switch answer.status {
            case 202: return
            case 503 where attempt < 10:
                try await Task.sleep(for: .seconds(1))
            default:
                throw ValidationError("the enrollment service answered \(answer.status): \(answer.body)")
            }
        }
    }
}
