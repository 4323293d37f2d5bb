import Dispatch

/// A GET that must answer within a bound, as a load balancer's health probe would.
///
/// `HTTPCall` cannot be bounded from outside: its client waits for the server even after
/// its own read timeout when the handler hangs. The probe stops waiting after `limit`
/// (a Dispatch timer, so a busy cooperative pool cannot stretch it) and leaves the
/// exchange to end on its own, which it does when the service answers or is stopped.
enum HTTPProbe {
    /// The answer, or nil when there was none (or no connection) within `limit`.
    static func get(port: Int, _ path: String, within limit: Duration) async -> HTTPCall.Answer? {
        let first = OneShot<HTTPCall.Answer?>()
        return await withCheckedContinuation { continuation in
            first.wait(with: continuation)
            let exchange = Task { first.resume(returning: try? await HTTPCall.get(port: port, path)) }
            let (seconds, attoseconds) = limit.components
            let milliseconds = Int(seconds) * 1_000 + Int(attoseconds / 1_000_000_000_000_000)
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(milliseconds)) {
                first.resume(returning: nil)
                exchange.cancel()
            }
        }
    }
}
