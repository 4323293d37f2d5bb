import Hummingbird

/// Counts every answer by status, including 404s and errors thrown by the router.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: EnrollmentMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            let response = try await next(request, context)
            self.metrics.recordRequest(status: response.status.code)
            return response
        } catch let error as any HTTPResponseError {
            self.metrics.recordRequest(status: error.status.code)
            throw error
        } catch {
            self.metrics.recordRequest(status: 500)
            throw error
        }
    }
}
