/// Sends the city through the enrollment service in structured, batched and binary mode,
/// one check per mode. A request refused with an answer fails its check and names the
/// status and detail; a service that cannot be reached ends the intake (`SmokeFailure`).
struct SmokeIntake: Sendable {
    let sender: EnrollmentSender

    func structured(_ events: [String]) async throws(SmokeFailure) -> SmokeCheck {
        let name = "structured mode"
        for json in events {
            let answer = try await sender.structured(json)
            guard answer.status == 202 else { return .fail(name, Self.refusal(answer, of: events.count, kind: "single events")) }
        }
        return .pass(name, "\(events.count) single events accepted (202)")
    }

    func batches(_ batches: [[String]]) async throws(SmokeFailure) -> SmokeCheck {
        let name = "batched mode"
        let total = batches.reduce(0) { $0 + $1.count }
        for batch in batches {
            let answer = try await sender.batch(batch)
            guard answer.status == 202 else { return .fail(name, Self.refusal(answer, of: total, kind: "events in batches")) }
        }
        return .pass(name, "\(total) events in \(batches.count) batch requests accepted (202)")
    }

    /// A refused binary-mode event is sent again in structured mode, so that the later
    /// checks still compare the whole city; the binary check fails all the same.
    func binary(_ events: [String]) async throws(SmokeFailure) -> SmokeCheck {
        let name = "binary mode"
        var refused: HTTPAnswer?
        var refusedCount = 0
        for json in events {
            let message: BinaryModeMessage
            do { message = try BinaryModeMessage(structured: json) } catch { return .fail(name, "\(error)") }
            let answer = try await sender.binary(message)
            guard answer.status != 202 else { continue }
            refused = refused ?? answer
            refusedCount += 1
            let again = try await sender.structured(json)
            guard again.status == 202 else {
                return .fail(name, "refused in binary and in structured mode: \(Self.refusal(again, of: events.count, kind: "events"))")
            }
        }
        if let refused {
            return .fail(
                name,
                "\(refusedCount) of \(events.count) ce- header events refused (then sent in structured mode); first \(Self.refusal(refused, of: events.count, kind: "events"))"
            )
        }
        return .pass(name, "\(events.count) events with ce- headers accepted (202)")
    }

    private static func refusal(_ answer: HTTPAnswer, of count: Int, kind: String) -> String {
        let detail = answer.body.replacingOccurrences(of: "\n", with: " ")
        return "answered \(answer.status) (of \(count) \(kind)): \(detail.prefix(140))"
    }
}
