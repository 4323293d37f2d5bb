import Foundation
import Settings
import Synchronization
import Testing

@testable import Benefits

/// What protects the HTTP side and /metrics from outside input and load.
@Suite("HTTP isolation")
struct HTTPIsolationTests {
    @Test(
        "metric labels are the contract's event types, anything else is unknown",
        arguments: [
            ("insurance.contribution.paid.v1", "insurance.contribution.paid.v1"),
            ("insurance.binding.facility.v1", "insurance.binding.facility.v1"),
            ("insurance.contribution.paid.v2", "unknown"),
            ("evil\"} 1\nfake_metric{a=\"b", "unknown"),
            ("", "unknown"),
        ]
    )
    func typeLabels(raw: String, label: String) {
        #expect(PipelineMetrics.typeLabel(raw) == label)
    }

    @Test("a missing type is unknown")
    func missingType() {
        #expect(PipelineMetrics.typeLabel(nil) == "unknown")
    }

    @Test("/city's figures are loaded once per lifetime, concurrent requests share one load")
    func cityCache() async throws {
        let loads = LoadCount()
        // Lifetime 3 s: the ten requests and the one after them must fall within it even when a
        // loaded machine delays them; then wait it out.
        let cache = CityOverviewCache(lifetime: .seconds(3)) {
            loads.value.add(1, ordering: .relaxed)
            try await Task.sleep(for: .milliseconds(50))
            return CityOverview()
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<10 { group.addTask { _ = try await cache.overview() } }
            try await group.waitForAll()
        }
        _ = try await cache.overview()
        #expect(loads.value.load(ordering: .relaxed) == 1)
        try await Task.sleep(for: .milliseconds(3_200))
        _ = try await cache.overview()
        #expect(loads.value.load(ordering: .relaxed) == 2)
    }

    @Test("the benefits configuration reads the API pool, city cache and idle timeout settings")
    func configuration() throws {
        let configuration = try BenefitsConfiguration.fromEnvironment([
            "BENEFITS_API_POOL_SIZE": "3", "BENEFITS_API_STATEMENT_TIMEOUT_MS": "1500", "BENEFITS_API_DATABASE_WAIT_MS": "0",
            "BENEFITS_CITY_CACHE_MS": "2000", "HTTP_IDLE_TIMEOUT_MS": "7000",
        ])
        #expect(configuration.api == APIDatabaseSettings(poolSize: 3, statementTimeout: .milliseconds(1500), databaseWait: .zero))
        #expect(configuration.api.readLimit == nil, "0: no limit")
        #expect(configuration.cityCacheLifetime == .seconds(2))
        #expect(configuration.http.idleTimeout == .seconds(7))
        let defaults = try BenefitsConfiguration.fromEnvironment([:])
        #expect(defaults.api == APIDatabaseSettings(poolSize: 2, statementTimeout: .seconds(5), databaseWait: .seconds(6)))
        #expect(defaults.cityCacheLifetime == .seconds(5) && defaults.http.idleTimeout == .seconds(30))
    }
}

/// How many times the cache loaded (a class, so that a sendable closure can share it).
private final class LoadCount: Sendable {
    let value = Atomic<Int>(0)
}
