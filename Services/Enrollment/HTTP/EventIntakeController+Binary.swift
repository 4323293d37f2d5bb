import Hummingbird
import NIOCore
import ServiceSupport

extension EventIntakeController {
    /// `POST /v1/events` in CloudEvents binary content mode: the attributes in `ce-`
    /// headers, the body the event's `data`. Same limits, validation, authorisation and
    /// publishing as one structured-mode event; what is published is the structured form.
    func receiveBinary(_ request: Request, attributes: BinaryModeAttributes, credential: UpstreamCredential) async -> Response {
        var request = request
        let data: [UInt8]
        switch await self.readBody(&request) {
        case .read(let bytes): data = bytes
        case .refused(let response): return response
        }
        let outcome = self.validator.checkBinary(attributes, data: data, credential: credential)
        // The limit applies to what is published: the structured form the attributes and data make.
        if case .accepted(let events) = outcome, let event = events.first, event.json.count > self.limits.maxEventBytes {
            let oversized = EventSizeLimit.oversized([event.json.indices], limit: self.limits.maxEventBytes, indexed: false)
            self.metrics.recordRejected(count: 1, channel: "http")
            return ProblemDetails.eventTooLarge(oversized, limit: self.limits.maxEventBytes, totalEvents: 1).response()
        }
        return await self.respond(to: outcome, credential: credential)
    }
}
