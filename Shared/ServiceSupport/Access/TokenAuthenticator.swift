import Foundation
import Hummingbird
import HummingbirdAuth

/// Authenticates a token (parsed by HummingbirdAuth) against a lookup, typically a `TokenTable`.
/// A missing or unknown token leaves the request anonymous; `RequireIdentityMiddleware` then
/// answers 401.
public struct TokenAuthenticator<Context: AuthRequestContext>: AuthenticatorMiddleware {
    public typealias Identity = Context.Identity

    /// Where the request carries the token.
    public enum Scheme: Sendable {
        /// `Authorization: Bearer <token>`.
        case bearer
        /// HTTP Basic with the token as the password, so a browser's sign-in prompt works for
        /// the HTML pages. The user name is free text (a browser needs one, and HummingbirdAuth
        /// refuses an empty one): it names nobody and is not checked.
        case basicPassword
    }

    private let scheme: Scheme
    private let lookup: @Sendable (String) -> Identity?

    public init(context: Context.Type = Context.self, scheme: Scheme, lookup: @escaping @Sendable (String) -> Identity?) {
        self.scheme = scheme
        self.lookup = lookup
    }

    public func authenticate(request: Request, context: Context) async throws -> Identity? {
        switch scheme {
        case .bearer:
            guard let bearer = request.headers.bearer else { return nil }
            return self.lookup(bearer.token.trimmingCharacters(in: .whitespaces))
        case .basicPassword:
            guard let basic = request.headers.basic else { return nil }
            return self.lookup(basic.password)
        }
    }
}

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
