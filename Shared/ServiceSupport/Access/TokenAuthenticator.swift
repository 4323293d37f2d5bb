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
