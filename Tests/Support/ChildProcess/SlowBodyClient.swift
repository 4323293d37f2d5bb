import Foundation

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// An HTTP/1.1 client on 127.0.0.1 that sends a request's head and then its body slowly, one
/// byte at a time, or not at all: for tests of how long a server lets a request body take.
/// Blocking socket calls, on a thread of its own (they must not hold Swift's cooperative pool).
public enum SlowBodyClient {
    public struct Outcome: Sendable {
        /// What the server sent (response head and body), as text.
        public var received = ""
        /// When the first byte of an answer arrived, from the end of the request head.
        public var answeredAfter: Duration?
        /// When the server closed the connection, from the end of the request head; nil while
        /// it stayed open.
        public var closedAfter: Duration?
    }

    /// Sends `head` (the request line and headers, with the empty line) and then one byte of
    /// body every `interval` (nothing more when nil: the body stalls), reading what the server
    /// answers, until the server closes the connection or `limit` passes.
    public static func send(head: String, port: Int, trickleEvery interval: Duration?, limit: Duration) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try blockingSend(head: head, port: port, interval: interval, limit: limit) })
            }
        }
    }

    private static func blockingSend(head: String, port: Int, interval: Duration?, limit: Duration) throws -> Outcome {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ChildProcessError(executable: "socket()", problem: "no socket (errno \(errno))") }
        defer { close(descriptor) }
        #if canImport(Darwin)
        var one: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw ChildProcessError(executable: "connect()", problem: "127.0.0.1:\(port) (errno \(errno))") }
        guard write(descriptor, Array(head.utf8)) else {
            throw ChildProcessError(executable: "send()", problem: "the request head was not sent (errno \(errno))")
        }
        let started = ContinuousClock.now
        var outcome = Outcome()
        var received: [UInt8] = []
        var nextByte = interval.map { started + $0 }
        while ContinuousClock.now - started < limit {
            let now = ContinuousClock.now
            let until = min(started + limit, nextByte ?? started + limit)
            let wait = max(Duration.zero, until - now)
            var poll = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = waitReadable(&poll, for: wait)
            if ready > 0 {
                var buffer = [UInt8](repeating: 0, count: 4096)
                let count = recv(descriptor, &buffer, buffer.count, 0)
                if count > 0 {
                    if outcome.answeredAfter == nil { outcome.answeredAfter = ContinuousClock.now - started }
                    received += buffer[0..<count]
                } else {
                    // 0: an orderly close; below 0: a reset, also the end of the connection.
                    outcome.closedAfter = ContinuousClock.now - started
                    break
                }
            }
            if let due = nextByte, ContinuousClock.now >= due, let interval {
                // A failed send means the server has closed; the next read says so.
                _ = write(descriptor, [UInt8(ascii: " ")])
                nextByte = due + interval
            }
        }
        outcome.received = String(decoding: received, as: UTF8.self)
        return outcome
    }

    /// Writes every byte; false when the connection refused them.
    private static func write(_ descriptor: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { pointer in
                #if canImport(Darwin)
                Darwin.send(descriptor, pointer.baseAddress, pointer.count, 0)
                #elseif canImport(Glibc)
                Glibc.send(descriptor, pointer.baseAddress, pointer.count, Int32(MSG_NOSIGNAL))
                #elseif canImport(Musl)
                Musl.send(descriptor, pointer.baseAddress, pointer.count, Int32(MSG_NOSIGNAL))
                #endif
            }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    /// Waits up to `wait` (at least a millisecond) for something to read; poll(2)'s answer.
    private static func waitReadable(_ descriptor: inout pollfd, for wait: Duration) -> Int32 {
        let (seconds, attoseconds) = wait.components
        let milliseconds = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000)
        return poll(&descriptor, 1, max(1, milliseconds))
    }
}
