import Hummingbird
import PostgresNIO
import ServiceSupport

/// Stands between the HTTP API (or the pages) and the database: answers 503 with `Retry-After`
/// while the schema is not migrated yet or the database cannot serve the request, and 500
/// without internals for any other failure.
///
/// Why the schema check: until the migrations are applied, a request would read half-made
/// tables or fail on a missing one. It began as a guard against a PostgresNIO behaviour (a
/// named prepared statement that failed to prepare on a connection fails again on every later
/// use of it); the services now send every statement unnamed (`PostgresConnection.rows`), and
/// the gate stays for the first reason and in case a named statement comes back.
struct DatabaseGate<Context: RequestContext>: RouterMiddleware {
    /// The answer the client gets when the database cannot serve it (JSON or a page).
    enum Answer: Sendable {
        case problem
        case page
    }

    let schemaReady: @Sendable () -> Bool
    let answer: Answer
    /// Seconds a client should wait before trying again.
    static var retryAfterSeconds: Int { 5 }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard schemaReady() else {
            return unavailable("the benefits database is being brought up to date; try again shortly")
        }
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError {
            throw error
        } catch let cancelled as CancellationError {
            // The client went away or the server is stopping: nothing to answer, nothing wrong.
            throw cancelled
        } catch {
            if Self.isOutage(error) {
                context.logger.warning(
                    "database unavailable to an HTTP request",
                    metadata: ["error": "\(LogText.escaped(DatabaseMessage.of(error, includeDetail: false)))"]
                )
                return unavailable("the benefits database is unavailable or too slow right now; try again shortly")
            }
            context.logger.error("HTTP request failed", metadata: ["error": "\(LogText.escaped(DatabaseMessage.of(error, includeDetail: false)))"])
            return failed()
        }
    }

    /// An outage, not a fault: no answer in time, a dropped connection, or the server refusing
    /// for reasons of its own (shutting down, a statement or lock timeout, out of resources).
    static func isOutage(_ error: any Error) -> Bool {
        if error is DatabaseUnreachable || error is ConnectionClosed { return true }
        return error is PSQLError && FailureClass.of(error) == .unreachable
    }

    private func unavailable(_ detail: String) -> Response {
        let retry: HTTPFields = [.retryAfter: "\(Self.retryAfterSeconds)"]
        switch answer {
        case .problem:
            return ProblemDetails.response(status: .serviceUnavailable, title: "Database unavailable", detail: detail, headers: retry)
        case .page:
            return NoticePage.response(status: .serviceUnavailable, title: "Temporarily unavailable", text: detail, headers: retry)
        }
    }

    private func failed() -> Response {
        let detail = "the request could not be answered; the error is in the service's log"
        switch answer {
        case .problem:
            return ProblemDetails.response(status: .internalServerError, title: "Internal error", detail: detail)
        case .page:
            return NoticePage.response(status: .internalServerError, title: "Something went wrong", text: detail)
        }
    }
}
