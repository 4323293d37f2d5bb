import Hummingbird
import HummingbirdCore
import Settings

/// How the services' HTTP/1 servers treat slow or idle clients.
///
/// Why: without an idle timeout a client that opens connections and then sends nothing (or
/// stops halfway through its request head) holds them forever; enough of them exhaust the
/// process's file descriptors. The timeout closes a connection that has no request in progress
/// and has been silent for `idleTimeout`, whether it is a finished keep-alive connection or one
/// still waiting for its request line and headers.
public struct HTTPServerSettings: Sendable, Hashable {
    /// `HTTP_IDLE_TIMEOUT_MS` (default 30 s).
    public var idleTimeout: Duration

    public init(idleTimeout: Duration = .seconds(30)) {
        self.idleTimeout = idleTimeout
    }

    /// Reads `HTTP_IDLE_TIMEOUT_MS`; a malformed value is an error naming the variable.
    public static func fromEnvironment(_ environment: ServiceEnvironment = ServiceEnvironment()) throws(ConfigurationError) -> HTTPServerSettings {
        HTTPServerSettings(idleTimeout: try environment.milliseconds("HTTP_IDLE_TIMEOUT_MS", default: .seconds(30)))
    }

    /// The HTTP/1 server builder for `Application(router:server:…)`.
    public var server: HTTPServerBuilder {
        let (seconds, attoseconds) = idleTimeout.components
        let nanoseconds = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        return .http1(configuration: HTTP1Channel.Configuration(idleTimeout: .nanoseconds(max(1_000_000, nanoseconds))))
    }
}
