/// The CSV import's door: the same tokens and scopes as `POST /v1/events`. A file is
/// refused as a whole, before any row is read, when the token is unknown or does not cover
/// the file's `--source` or the event type its `--kind` makes.
public enum ImportAuthorization {
    /// The credential `token` stands for, if it may send `kind`'s events for `source`.
    public static func authorize(token: String?, credentials: CredentialStore, source: String, kind: ImportKind) throws -> UpstreamCredential {
        guard let token, !token.isEmpty else {
            throw ImportError.unauthenticated("no token: give --token or ENROLLMENT_TOKEN, the same token as for POST /v1/events")
        }
        guard let credential = credentials.credential(forToken: token) else {
            throw ImportError.unauthenticated("unknown token: it is not in ENROLLMENT_TOKENS_FILE or ENROLLMENT_TOKENS")
        }
        // The first refusal names the option to change: `--source`, or `--kind` for the type.
        if let refusal = credential.refusals(source: source, type: kind.eventType).first {
            let option =
                switch refusal.attribute {
                case .source: "--source"
                case .type: "--kind"
                }
            throw ImportError.forbidden(field: option, rule: refusal.rule)
        }
        return credential
    }
}
