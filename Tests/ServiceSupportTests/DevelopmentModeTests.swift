import ServiceSupport
import Testing

/// The development token is served on loopback only: the address is parsed, not matched by
/// its first characters, so that a host name that merely starts like a loopback address is
/// refused.
@Suite("Development mode's loopback guard")
struct DevelopmentModeTests {
    static let hosts: [(String, Bool)] = [
        ("127.0.0.1", true),
        ("127.1.2.3", true),
        ("127.255.255.255", true),
        ("127.0.0.0", true),
        ("::1", true),
        ("[::1]", true),
        ("localhost", true),
        ("LocalHost", true),
        ("127.evil.example.com", false),
        ("127.0.0.1.nip.io", false),
        ("127.0.0.1.", false),
        ("127.0.0", false),
        ("127.0.0.1.5", false),
        ("127.0.0.256", false),
        ("127.0.0.-1", false),
        ("127.0.0.+1", false),
        ("127.0.0.01", false),
        ("0127.0.0.1", false),
        ("127..0.1", false),
        ("127.0.0.1 ", false),
        (" 127.0.0.1", false),
        ("127.0.0.1:8080", false),
        ("１２７.0.0.1", false),
        ("128.0.0.1", false),
        ("10.0.0.1", false),
        ("0.0.0.0", false),
        ("::", false),
        ("[::1", false),
        ("::1]", false),
        ("localhost.evil.example.com", false),
        ("", false),
    ]

    @Test("a loopback address or localhost, and nothing that only looks like one", arguments: hosts)
    func loopback(host: String, loopback: Bool) {
        #expect(DevelopmentMode.isLoopback(host) == loopback, "'\(host)'")
    }
}
