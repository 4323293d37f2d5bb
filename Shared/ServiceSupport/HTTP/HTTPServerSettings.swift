import Hummingbird
import HummingbirdCore
import Settings

/// How the services' HTTP/1 servers treat slow or idle clients.
///
/// Why: without an idle timeout a client that opens connections and then sends nothing (or
/// stops halfway through its request head) holds them forever; enough of them exhaust the
/// process's file descriptors. The timeout closes a connection that has no request in progress
/// and has been silent for `idleTimeout`, whether it is a finished keep-alive connection or one
/// still waiting for its request line and headers. A body that trickles in, a byte now and
/// then, is never silent that long: `bodyTimeout` bounds it (`RequestBodyDeadline`).
public struct HTTPServerSettings: Sendable, Hashable {
    /// `HTTP_IDLE_TIMEOUT_MS` (default 30 s).
    public var idleTimeout: Duration
    /// `HTTP_BODY_TIMEOUT_MS` (default 30 s): how long a request's body may take to arrive,
    /// from the end of its head; then 408 and the connection is closed.
    public var bodyTimeout: Duration

    public init(idleTimeout: Duration = .seconds(30), bodyTimeout: Duration = .seconds(30)) {
        self.idleTimeout = idleTimeout
        self.bodyTimeout = bodyTimeout
    }

    /// Reads `HTTP_IDLE_TIMEOUT_MS` and `HTTP_BODY_TIMEOUT_MS`; a malformed value is an error
    /// naming the variable.
    public static func fromEnvironment(_ environment: ServiceEnvironment = ServiceEnvironment()) throws(ConfigurationError) -> HTTPServerSettings {
        HTTPServerSettings(
            idleTimeout: try environment.milliseconds("HTTP_IDLE_TIMEOUT_MS", default: .seconds(30)),
            bodyTimeout: try environment.milliseconds("HTTP_BODY_TIMEOUT_MS", default: .seconds(30), in: 1...86_400_000)
        )
    }

    /// The HTTP/1 server builder for `Application(router:server:…)`.
    public var server: HTTPServerBuilder {
        let (seconds, attoseconds) = idleTimeout.components
        let nanoseconds = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        let bodyTimeout = self.bodyTimeout
        return .http1(
            configuration: HTTP1Channel.Configuration(
                additionalChannelHandlers: [RequestBodyDeadline(limit: bodyTimeout)],
                idleTimeout: .nanoseconds(max(1_000_000, nanoseconds))
            )
        )
    }
}
