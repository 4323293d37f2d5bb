import Hummingbird
import HummingbirdAuth
import InsuranceDomain
import Logging
import NIOCore
import ServiceSupport

/// `POST /v1/events`: read, validate all-or-nothing, check the events against the caller's
/// token scope, publish, and answer 202 only once the broker acknowledged every event.
/// Authentication happens before, in the router (`EnrollmentAPI.makeRouter`).
///
/// Every outcome is a returned response rather than a thrown error, so that the
/// problem document and the metrics always agree on the status.
struct EventIntakeController: Sendable {
    let validator: EventBatchValidator
    let publisher: any EventPublisher
    let topics: TopicNames
    let limits: IntakeLimits
    let metrics: EnrollmentMetrics
    let logger: Logger

    init(
        validator: EventBatchValidator,
        publisher: any EventPublisher,
        topics: TopicNames,
        limits: IntakeLimits,
        metrics: EnrollmentMetrics,
        logger: Logger
    ) {
        self.validator = validator
        self.publisher = publisher
        self.topics = topics
        self.limits = limits
        self.metrics = metrics
        self.logger = logger
    }

    /// Mounts the route on an authenticated group: its context carries the caller's credential.
    func addRoutes<Context: AuthRequestContext>(to router: some RouterMethods<Context>) where Context.Identity == UpstreamCredential {
        router.post("/v1/events") { request, context in
            await self.receive(request, credential: try context.requireIdentity())
        }
    }

    func receive(_ request: Request, credential: UpstreamCredential) async -> Response {
        var request = request
        if let attributes = BinaryModeAttributes(request.headers) {
            return await self.receiveBinary(request, attributes: attributes, credential: credential)
        }
        guard let mode = IntakeMode(contentType: request.headers[.contentType]) else {
            return ProblemDetails.unsupportedMediaType(request.headers[.contentType]).response()
        }
        let bytes: [UInt8]
        switch await self.readBody(&request) {
        case .read(let body): bytes = body
        case .refused(let response): return response
        }

        let ranges: [Range<Int>]
        do throws(JSONSyntaxError) {
            switch mode {
            case .single:
                try JSONScan.object(bytes)
                ranges = [bytes.indices]
            case .batch:
                switch try JSONScan.objectElements(in: bytes, limit: self.limits.maxBatch) {
                case .ranges(let elements): ranges = elements
                case .moreThan(let limit): return ProblemDetails.batchTooLarge(limit: limit).response()
                }
            }
        } catch {
            return ProblemDetails.malformed(MalformedJSON(error, length: bytes.count)).response()
        }

        let oversized = EventSizeLimit.oversized(ranges, limit: self.limits.maxEventBytes, indexed: mode == .batch)
        if !oversized.isEmpty {
            self.metrics.recordRejected(count: oversized.count, channel: "http")
            return ProblemDetails.eventTooLarge(oversized, limit: self.limits.maxEventBytes, totalEvents: ranges.count).response()
        }
        return await self.respond(
            to: self.validator.check(bytes, ranges: ranges, indexed: mode == .batch, credential: credential),
            credential: credential
        )
    }

    /// The answer to validated events: 422, 403, or publish and 202 (503 transient, 413/500 permanent).
    func respond(to outcome: IntakeOutcome, credential: UpstreamCredential) async -> Response {
        switch outcome {
        case .invalid(let items, let invalidEvents, let totalEvents):
            self.metrics.recordRejected(count: invalidEvents, channel: "http")
            self.logger.info(
                "refused events that break the contract",
                metadata: ["credential": "\(credential.name)", "invalid": "\(invalidEvents)", "events": "\(totalEvents)"]
            )
            return ProblemDetails.invalid(items, invalidEvents: invalidEvents, totalEvents: totalEvents).response()
        case .forbidden(let items):
            self.logger.notice(
                "refused events outside the token's sources or types",
                metadata: ["credential": "\(credential.name)", "forbidden": "\(items.count)"]
            )
            return ProblemDetails.forbidden(items, credential: credential.name).response()
        case .accepted(let events):
            return await self.publish(events, credential: credential)
        }
    }

    private func publish(_ events: [AcceptedEvent], credential: UpstreamCredential) async -> Response {
        let outgoing = events.map { self.topics.outgoing($0.event, value: $0.json) }
        // An empty batch is valid CloudEvents and needs no broker.
        guard !outgoing.isEmpty else { return Self.accepted(count: 0) }
        let clock = ContinuousClock()
        let started = clock.now
        do {
            try await self.publisher.publish(outgoing)
            self.metrics.recordPublishLatency(clock.now - started, outcome: "acknowledged")
            self.metrics.recordPublished(outgoing)
            self.logger.debug("published events", metadata: ["credential": "\(credential.name)", "events": "\(outgoing.count)"])
            return Self.accepted(count: outgoing.count)
        } catch {
            self.metrics.recordPublishLatency(clock.now - started, outcome: "failed")
            let publishError = error as? PublishError ?? .unavailable(reason: "\(error)")
            self.logger.log(
                level: publishError.isTransient ? .warning : .error,
                "could not publish events",
                metadata: [
                    "credential": "\(credential.name)", "events": "\(outgoing.count)",
                    "error": "\(LogText.escaped("\(publishError)"))", "transient": "\(publishError.isTransient)",
                ]
            )
            return ProblemDetails.publishFailed(publishError, retryAfterSeconds: self.limits.retryAfterSeconds)
        }
    }

    static func accepted(count: Int) -> Response {
        Response(
            status: .accepted,
            headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"accepted":\#(count)}"#))
        )
    }
}

extension EventIntakeController {
    /// A request body read within `maxBodyBytes`, or the answer that refuses it.
    enum Body {
        case read([UInt8])
        case refused(Response)
    }

    /// Reads the body of either content mode: 413 when its declared or actual length is over
    /// `maxBodyBytes` (declared: before reading anything), 408 when it did not arrive within
    /// `HTTP_BODY_TIMEOUT_MS` (`RequestBodyDeadline`), 400 when it could not be read.
    func readBody(_ request: inout Request) async -> Body {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > self.limits.maxBodyBytes {
            return .refused(ProblemDetails.bodyTooLarge(limit: self.limits.maxBodyBytes).response())
        }
        do {
            let buffer = try await request.collectBody(upTo: self.limits.maxBodyBytes)
            return .read(Array(buffer.readableBytesView))
        } catch is NIOTooManyBytesError {
            return .refused(ProblemDetails.bodyTooLarge(limit: self.limits.maxBodyBytes).response())
        } catch let error as RequestBodyTimedOut {
            return .refused(ProblemDetails.bodyTimedOut(limit: error.limit).response(headers: [.connection: "close"]))
        } catch {
            return .refused(ProblemDetails.malformed(MalformedJSON(offset: 0, reason: "the body could not be read")).response())
        }
    }

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
