import Hummingbird
import HummingbirdAuth

/// Authenticates HTTP Basic (parsed by HummingbirdAuth) with the token as the password, so a
/// browser's sign-in prompt works for the HTML pages. The user name is free text (a browser
/// needs one, and HummingbirdAuth refuses an empty one): it names nobody and is not checked.
public struct BasicTokenAuthenticator<Context: AuthRequestContext>: AuthenticatorMiddleware {
    public typealias Identity = Context.Identity

    private let lookup: @Sendable (String) -> Identity?

    public init(context: Context.Type = Context.self, lookup: @escaping @Sendable (String) -> Identity?) {
        self.lookup = lookup
    }

    public func authenticate(request: Request, context: Context) async throws -> Identity? {
        guard let basic = request.headers.basic else { return nil }
        return self.lookup(basic.password)
    }
}
