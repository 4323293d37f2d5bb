/// `/city`'s figures, reused for a short while.
///
/// Why: the overview counts `events` and `rejected_events` and groups every coverage period,
/// whole-table work that grows with the city; a page refreshed by many people (or a client in a
/// loop) would otherwise run it on every request. Within `lifetime` every request gets the same
/// figures, and concurrent requests after it share one load instead of each starting their own.
actor CityOverviewCache {
    private let lifetime: Duration
    private let load: @Sendable () async throws -> CityOverview
    private var cached: (overview: CityOverview, at: ContinuousClock.Instant)?
    private var loading: Task<CityOverview, any Error>?

    init(lifetime: Duration, load: @escaping @Sendable () async throws -> CityOverview) {
        self.lifetime = lifetime
        self.load = load
    }

    func overview() async throws -> CityOverview {
        let now = ContinuousClock.now
        if let cached, now - cached.at < lifetime { return cached.overview }
        if let loading { return try await loading.value }
        let task = Task { try await load() }
        loading = task
        defer { loading = nil }
        let overview = try await task.value
        cached = (overview, ContinuousClock.now)
        return overview
    }
}
