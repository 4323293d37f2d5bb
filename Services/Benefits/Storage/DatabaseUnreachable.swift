/// No connection (or no answer to `SELECT 1`) from PostgreSQL within the time allowed.
///
/// PostgresNIO's pool keeps a request for a connection waiting while it retries connecting,
/// up to its own circuit breaker (about a minute); the pipeline asks first, with this limit, so
/// that an outage is seen, reported and backed off from within seconds.
public struct DatabaseUnreachable: Error, CustomStringConvertible {
    public let waited: Duration

    public var description: String { "PostgreSQL did not answer within \(waited)" }
}
