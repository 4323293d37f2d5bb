/// Exponential backoff: 100 ms doubling up to `cap`.
struct Backoff {
    let cap: Duration
    private(set) var next: Duration = .milliseconds(100)

    init(cap: Duration) {
        self.cap = cap
    }

    /// The delay before the next attempt; each call doubles the following one, up to `cap`.
    mutating func delay() -> Duration {
        let current = min(next, cap)
        next = min(next * 2, cap)
        return current
    }
}
