import Hummingbird
import HummingbirdAuth

/// Lets a request through only when an authenticator before it found an identity; otherwise
/// answers with the service's own 401 (a problem document or a sign-in page, always with a
/// `WWW-Authenticate` challenge). The answer is returned rather than thrown, so that
/// request metrics and logs see the same status the caller does.
public struct RequireIdentityMiddleware<Context: AuthRequestContext>: RouterMiddleware {
    private let unauthenticated: @Sendable (Request) -> Response

    public init(context: Context.Type = Context.self, unauthenticated: @escaping @Sendable (Request) -> Response) {
        self.unauthenticated = unauthenticated
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard context.identity != nil else { return self.unauthenticated(request) }
        return try await next(request, context)
    }
}
