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

    /// Whether `host` is a loopback address the development token may be served on: an IPv4
    /// address in 127.0.0.0/8 written as four decimal numbers, `::1` (also `[::1]`), or
    /// `localhost`.
    ///
    /// Parsed, not matched by its first characters: `127.evil.example.com` and
    /// `127.0.0.1.nip.io` are names that resolve wherever their owner likes. Forms the
    /// resolver would also read as an address (`127.1`, leading zeros read as octal) are
    /// refused: the guard fails closed.
    public static func isLoopback(_ host: String) -> Bool {
        if host.lowercased() == "localhost" || host == "::1" || host == "[::1]" { return true }
        return ipv4Octets(host)?.first == 127
    }

    /// The four numbers of a dotted-decimal IPv4 address (`0`–`255`, ASCII digits, no sign and
    /// no leading zero), or nil for anything else.
    static func ipv4Octets(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var octets: [UInt8] = []
        for part in parts {
            let digits = part.utf8
            guard (1...3).contains(digits.count), digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
                digits.count == 1 || digits.first != UInt8(ascii: "0"),
                let value = UInt8(part)
            else { return nil }
            octets.append(value)
        }
        return octets
    }
}
