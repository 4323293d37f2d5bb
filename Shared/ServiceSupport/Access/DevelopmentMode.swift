import Settings

/// The one switch that lets a service start without configured tokens, for a laptop or a
/// test run only: `INSURANCE_DEV_MODE=1`. It then accepts the well-known token `dev-token`,
/// which everybody who has read the README knows, so it is refused on any address other
/// than loopback.
public enum DevelopmentMode {
    /// The environment variable both services read.
    public static let variable = "INSURANCE_DEV_MODE"
    /// The token accepted in development mode when no tokens are configured.
    public static let token = "dev-token"

    /// Whether development mode is asked for (`1`, `true`, `yes`, `on`); a malformed value is
    /// an error naming the variable, never a silent "off" or "on".
    public static func isRequested(_ environment: ServiceEnvironment) throws(ConfigurationError) -> Bool {
        try environment.bool(Self.variable, default: false)
    }

    /// Whether `host` is a loopback address the development token may be served on.
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }
}
