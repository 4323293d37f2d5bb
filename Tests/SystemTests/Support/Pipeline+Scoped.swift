extension Pipeline {
    /// Runs `body` over a fresh pipeline and always tears it down: every process it
    /// started is stopped by PID and its database dropped, pass or fail.
    static func with<T: Sendable>(_ name: String, _ body: (Pipeline) async throws -> T) async throws -> T {
        let pipeline = try await Pipeline.prepare(name)
        do {
            let result = try await body(pipeline)
            await pipeline.tearDown()
            return result
        } catch {
            let logs = pipeline.logs
            await pipeline.tearDown()
            throw SystemTestError("\(String(reflecting: error))\n\(logs)")
        }
    }
}
