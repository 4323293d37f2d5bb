import Hummingbird
import InsuranceDomain
import NIOCore
import NIOHTTPTypes

/// A request's body did not arrive within `HTTP_BODY_TIMEOUT_MS` of its head: reading the body
/// throws this; the answer is `ProblemDetails.bodyTimedOut` (408).
public struct RequestBodyTimedOut: Error, CustomStringConvertible, Sendable {
    /// The deadline that passed (`HTTP_BODY_TIMEOUT_MS`).
    public let limit: Duration

    public var description: String { "the request body did not arrive within \(limit) (HTTP_BODY_TIMEOUT_MS)" }
}

extension ProblemDetails {
    /// 408 for a body that did not arrive within `HTTP_BODY_TIMEOUT_MS`; send it with
    /// `Connection: close` (the server closes the connection after it).
    public static func bodyTimedOut(limit: Duration) -> ProblemDetails {
        ProblemDetails(
            type: "urn:insurance:problem:body-timeout",
            title: "Request body too slow",
            status: 408,
            detail:
                "the request body did not arrive within \(limit.milliseconds) ms of the request's headers (HTTP_BODY_TIMEOUT_MS); nothing was accepted, send the request again"
        )
    }
}

/// Bounds how long a request's body may take to arrive: `limit` from the request's head to the
/// end of its body, however the bytes trickle in.
///
/// Why a handler of our own: Hummingbird's idle timeout (`HTTP_IDLE_TIMEOUT_MS`) closes a
/// connection only after that long with no byte at all, so a client that sends one byte now
/// and then keeps a request, and what is held for it, as long as it likes.
///
/// When the deadline passes, the request's body stream fails with `RequestBodyTimedOut` (so
/// the handler reading it answers 408) and nothing more the client sends is passed on. After
/// the answer, Hummingbird reads the rest of the body before the next request, meets the same
/// error and closes the connection; a handler that never reads the body is bounded that way too.
final class RequestBodyDeadline: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private let limit: Duration
    private var timer: Scheduled<Void>?
    private var timedOut = false

    init(limit: Duration) {
        self.limit = limit
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // The request was given up: the rest of its body goes nowhere.
        guard !timedOut else { return }
        switch Self.unwrapInboundIn(data) {
        case .head:
            // Every request: one without a body ends with its head, and `.end` follows at once.
            startTimer(context)
        case .body:
            break
        case .end:
            stopTimer()
        }
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopTimer()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stopTimer()
    }

    private func startTimer(_ context: ChannelHandlerContext) {
        stopTimer()
        let limit = self.limit
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(limit)) {
            self.timer = nil
            self.timedOut = true
            context.fireErrorCaught(RequestBodyTimedOut(limit: limit))
        }
    }

    private func stopTimer() {
        timer?.cancel()
        timer = nil
    }
}
