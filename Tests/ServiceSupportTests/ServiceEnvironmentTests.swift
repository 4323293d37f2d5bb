import Foundation
import ServiceSupport
import Settings
import Testing

@Suite("ServiceEnvironment")
struct ServiceEnvironmentTests {
    @Test("unset and empty variables give the default")
    func defaults() throws {
        let env = ServiceEnvironment(["EMPTY": ""])
        #expect(env.string("MISSING", default: "x") == "x")
        #expect(env.string("EMPTY", default: "y") == "y")
        #expect(try env.int("MISSING", default: 7) == 7)
        #expect(try env.bool("EMPTY", default: true) == true)
    }

    @Test("set values are parsed", arguments: [("42", 42), (" 8 ", 8), ("-3", -3)])
    func parsesIntegers(text: String, expected: Int) throws {
        #expect(try ServiceEnvironment(["N": text]).int("N", default: 0) == expected)
    }

    @Test("malformed values name the variable and the rule")
    func malformedValues() {
        #expect(throws: ConfigurationError(variable: "PG_PORT", rule: "must be a whole number, got 'abc'")) {
            try ServiceEnvironment(["PG_PORT": "abc"]).int("PG_PORT", default: 5432)
        }
        #expect(throws: ConfigurationError(variable: "PG_PORT", rule: "must be a whole number between 1 and 65535, got '70000'")) {
            try ServiceEnvironment(["PG_PORT": "70000"]).int("PG_PORT", default: 5432, in: 1...65535)
        }
        #expect(throws: ConfigurationError(variable: "FLAG", rule: "must be true or false, got 'maybe'")) {
            try ServiceEnvironment(["FLAG": "maybe"]).bool("FLAG", default: false)
        }
    }

    @Test("LOG_LEVEL accepts swift-log's levels only")
    func logLevel() throws {
        #expect(try LoggingBootstrap.level(from: ServiceEnvironment(["LOG_LEVEL": "DEBUG"])) == .debug)
        #expect(try LoggingBootstrap.level(from: ServiceEnvironment([:])) == .info)
        #expect(throws: ConfigurationError.self) {
            try LoggingBootstrap.level(from: ServiceEnvironment(["LOG_LEVEL": "loud"]))
        }
    }

    @Test(
        "a secret comes from the file NAME_FILE names (a Docker secret), else from NAME",
        arguments: [
            ("s3cret\n", "s3cret"), ("s3cret\r\n", "s3cret"), ("s3cret", "s3cret"), ("two\nlines\n", "two\nlines"), ("", ""),
        ]
    )
    func secretFromFile(contents: String, expected: String) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("secret-\(UUID().uuidString)").path
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let env = ServiceEnvironment(["PG_PASSWORD_FILE": path, "PG_PASSWORD": "from-the-environment"])
        #expect(try env.optionalSecret("PG_PASSWORD") == expected, "the file wins over the variable")
        #expect(try ServiceEnvironment(["PG_PASSWORD": "plain"]).optionalSecret("PG_PASSWORD") == "plain")
        #expect(try ServiceEnvironment(["PG_PASSWORD": ""]).optionalSecret("PG_PASSWORD") == "", "set but empty is a value")
        #expect(try ServiceEnvironment([:]).optionalSecret("PG_PASSWORD") == nil)
    }

    @Test("a secret file that cannot be read names the variable and the rule")
    func unreadableSecretFile() {
        #expect(throws: ConfigurationError(variable: "PG_PASSWORD_FILE", rule: "must name a readable file, got '/nonexistent/secret'")) {
            try ServiceEnvironment(["PG_PASSWORD_FILE": "/nonexistent/secret"]).optionalSecret("PG_PASSWORD")
        }
    }
}
