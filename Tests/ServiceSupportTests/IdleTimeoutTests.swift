import Foundation
import Hummingbird
import HummingbirdTesting
import ServiceSupport
import Settings
import Testing

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

@Suite("HTTP idle timeout")
struct IdleTimeoutTests {
    @Test("a client that connects and sends nothing is disconnected after the idle timeout")
    func silentClientClosed() async throws {
        let settings = HTTPServerSettings(idleTimeout: .milliseconds(500))
        let app = Application(router: Router(), server: settings.server, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let closedAfter = try await SilentConnection.timeUntilClosed(port: port, limit: .seconds(10))
            #expect(closedAfter != nil, "the server kept a silent connection open for 10 s")
            if let closedAfter { #expect(closedAfter >= .milliseconds(400) && closedAfter < .seconds(5), "\(closedAfter)") }
        }
    }

    @Test("HTTP_IDLE_TIMEOUT_MS is read, 30 s by default")
    func environment() throws {
        #expect(try HTTPServerSettings.fromEnvironment(ServiceEnvironment([:])).idleTimeout == .seconds(30))
        #expect(try HTTPServerSettings.fromEnvironment(ServiceEnvironment(["HTTP_IDLE_TIMEOUT_MS": "1500"])).idleTimeout == .milliseconds(1500))
        #expect(throws: ConfigurationError.self) {
            try HTTPServerSettings.fromEnvironment(ServiceEnvironment(["HTTP_IDLE_TIMEOUT_MS": "soon"]))
        }
    }
}

/// A TCP connection to 127.0.0.1 that sends nothing and waits for the server to close it,
/// on a thread of its own (blocking reads must not hold Swift's cooperative pool).
enum SilentConnection {
    static func timeUntilClosed(port: Int, limit: Duration) async throws -> Duration? {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result(catching: { try blockingWait(port: port, limit: limit) }))
            }
        }
    }

    private struct SocketError: Error {
        let step: String
        let code: Int32
    }

    private static func blockingWait(port: Int, limit: Duration) throws -> Duration? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SocketError(step: "socket", code: errno) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        // Before connecting: the server's idle clock starts at its accept, so a client thread
        // delayed after `connect` must not make the silence look shorter than it was.
        let started = ContinuousClock.now
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw SocketError(step: "connect", code: errno) }
        var timeout = timeval(tv_sec: Int(limit.components.seconds), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var byte: UInt8 = 0
        let read = recv(fd, &byte, 1, 0)
        // 0: orderly close; an error other than the receive timeout: reset, also a close.
        if read == 0 || (read < 0 && errno != EAGAIN && errno != EWOULDBLOCK) { return ContinuousClock.now - started }
        return nil
    }
}
