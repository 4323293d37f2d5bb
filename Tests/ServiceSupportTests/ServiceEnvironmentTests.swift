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
}
