import Foundation
import Hummingbird
import HummingbirdAuth

/// Authenticates `Authorization: Bearer <token>` (parsed by HummingbirdAuth) against a lookup,
/// typically a `TokenTable`. A missing or unknown token leaves the request anonymous;
/// `RequireIdentityMiddleware` then answers 401.
public struct BearerTokenAuthenticator<Context: AuthRequestContext>: AuthenticatorMiddleware {
    public typealias Identity = Context.Identity

    private let lookup: @Sendable (String) -> Identity?

    public init(context: Context.Type = Context.self, lookup: @escaping @Sendable (String) -> Identity?) {
        self.lookup = lookup
    }

    public func authenticate(request: Request, context: Context) async throws -> Identity? {
        guard let bearer = request.headers.bearer else { return nil }
        return self.lookup(bearer.token.trimmingCharacters(in: .whitespaces))
    }
}
