import ChildProcess
import Foundation
import Testing

/// docker-compose.yml cannot run here (no Docker engine), so it is checked
/// statically by scripts/check-compose.py against the Compose Specification.
@Suite("docker-compose.yml")
struct ComposeFileTests {
    @Test("validates against the Compose Specification and names files that exist")
    func composeFileIsValid() async throws {
        let root = StackEnvironment.repositoryRoot
        let schema =
            ProcessInfo.processInfo.environment["COMPOSE_SCHEMA"]
            ?? root.appendingPathComponent("deploy/compose-spec.json").path
        let outcome = try await ChildProcess.run(
            "/usr/bin/env",
            ["python3", root.appendingPathComponent("scripts/check-compose.py").path, root.path, schema],
            output: .standardOutputAndError,
            timeout: .seconds(120)
        )
        let text = outcome.output
        #expect(outcome.status == 0, "\(text)")
        #expect(text.contains("0 problems"), "\(text)")
    }

    /// Copies what the check reads into a scratch folder, applies `edit` to the compose
    /// text, runs the check there and returns its output (it must fail).
    private func checkEdited(
        _ edit: (String) -> String,
        readme: ((String) -> String)? = nil,
        operations: String? = nil
    ) async throws -> ChildProcess.Outcome {
        let root = StackEnvironment.repositoryRoot
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("compose-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch.appendingPathComponent("deploy"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        try FileManager.default.createDirectory(at: scratch.appendingPathComponent("docs"), withIntermediateDirectories: true)
        for file in ["deploy/Dockerfile", "deploy/compose-spec.json", "README.md", "docs/operations.md"] {
            try FileManager.default.copyItem(at: root.appendingPathComponent(file), to: scratch.appendingPathComponent(file))
        }
        let compose = try String(contentsOf: root.appendingPathComponent("docker-compose.yml"), encoding: .utf8)
        try edit(compose).write(to: scratch.appendingPathComponent("docker-compose.yml"), atomically: true, encoding: .utf8)
        if let readme {
            let text = try String(contentsOf: scratch.appendingPathComponent("README.md"), encoding: .utf8)
            try readme(text).write(to: scratch.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        }
        if let operations {
            try operations.write(to: scratch.appendingPathComponent("docs/operations.md"), atomically: true, encoding: .utf8)
        }
        return try await ChildProcess.run(
            "/usr/bin/env",
            ["python3", root.appendingPathComponent("scripts/check-compose.py").path, scratch.path],
            output: .standardOutputAndError,
            timeout: .seconds(120)
        )
    }

    @Test("a long-running service without a restart policy is a problem: a service that exits on a fault would stay down")
    func restartPolicy() async throws {
        let outcome = try await checkEdited {
            $0.replacingOccurrences(
                of:
                    "  benefits-service:\n    # Exits non-zero on a fault it cannot wait out (docs/operations-robustness.md): restarted.\n    restart: unless-stopped\n",
                with: "  benefits-service:\n"
            )
        }
        #expect(outcome.status == 1, "\(outcome.output)")
        #expect(outcome.output.contains("benefits-service: needs a restart policy"), "\(outcome.output)")
    }

    @Test("tracing services outside the tracing profile are a problem")
    func tracingProfile() async throws {
        let outcome = try await checkEdited { $0.replacingOccurrences(of: "    profiles: [\"tracing\"]\n", with: "") }
        #expect(outcome.status == 1)
        #expect(outcome.output.contains("otel-collector: profiles must be [tracing]"), "\(outcome.output)")
        #expect(outcome.output.contains("jaeger: profiles must be [tracing]"), "\(outcome.output)")
    }

    @Test("a smoke service outside the test profile is a problem")
    func smokeNeedsTestProfile() async throws {
        let outcome = try await checkEdited { $0.replacingOccurrences(of: "    profiles: [\"test\"]\n", with: "") }
        #expect(outcome.status == 1, "\(outcome.output)")
        #expect(outcome.output.contains("smoke: profiles must be [test]"), "\(outcome.output)")
    }

    @Test("waiting for a container to exit is a problem: it would end `up --exit-code-from smoke` early")
    func noOneShotDependencies() async throws {
        let outcome = try await checkEdited {
            $0.replacingOccurrences(
                of: "      kafka:\n        condition: service_healthy",
                with: "      kafka:\n        condition: service_completed_successfully"
            )
        }
        #expect(outcome.status == 1, "\(outcome.output)")
        #expect(outcome.output.contains("enrollment-service: waits for kafka to exit"), "\(outcome.output)")
    }

    struct KafkaAccessCase: Sendable, CustomTestStringConvertible {
        let name: String
        let from: String
        let to: String
        let problem: String
        var testDescription: String { name }
    }

    static let kafkaAccessCases: [KafkaAccessCase] = [
        KafkaAccessCase(
            name: "a client listener without SASL",
            from: "CLIENT:SASL_PLAINTEXT",
            to: "CLIENT:PLAINTEXT",
            problem: "kafka: listener CLIENT (PLAINTEXT) is reachable from other containers without authentication"
        ),
        KafkaAccessCase(
            name: "the loopback-only setup listener opened to the network",
            from: "SETUP://127.0.0.1:9094,",
            to: "SETUP://:9094,",
            problem: "kafka: listener SETUP (PLAINTEXT) is reachable from other containers"
        ),
        KafkaAccessCase(
            name: "no authorizer",
            from: "      KAFKA_AUTHORIZER_CLASS_NAME: org.apache.kafka.metadata.authorizer.StandardAuthorizer\n",
            to: "",
            problem: "kafka: KAFKA_AUTHORIZER_CLASS_NAME must be the StandardAuthorizer"
        ),
        KafkaAccessCase(
            name: "topics without ACLs open to all",
            from: "KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND: \"false\"",
            to: "KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND: \"true\"",
            problem: "kafka: KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND must be false"
        ),
        KafkaAccessCase(
            name: "a client that does not authenticate",
            from: "  KAFKA_PROPERTY_SECURITY_PROTOCOL: SASL_PLAINTEXT\n",
            to: "",
            problem: "enrollment-service: a Kafka client must authenticate"
        ),
        KafkaAccessCase(
            name: "a password in the environment instead of a secret",
            from: "      KAFKA_PROPERTY_SASL_PASSWORD_FILE: /run/secrets/kafka_benefits_password\n",
            to: "      KAFKA_PROPERTY_SASL_PASSWORD: s3cret\n",
            problem: "benefits-service: the Kafka password must come from a secret file"
        ),
        KafkaAccessCase(
            name: "a password file that is not the service's secret",
            from: "    secrets: [benefits_tokens, postgres_password, kafka_benefits_password]",
            to: "    secrets: [benefits_tokens, postgres_password]",
            problem: "benefits-service: KAFKA_PROPERTY_SASL_PASSWORD_FILE must name one of its Docker secrets"
        ),
    ]

    @Test("Kafka open to anyone on the network is a problem", arguments: kafkaAccessCases)
    func kafkaAccess(_ row: KafkaAccessCase) async throws {
        let compose = try String(contentsOf: StackEnvironment.repositoryRoot.appendingPathComponent("docker-compose.yml"), encoding: .utf8)
        try #require(compose.contains(row.from), "the edit must apply: \(row.from)")
        let outcome = try await checkEdited { $0.replacingOccurrences(of: row.from, with: row.to) }
        #expect(outcome.status == 1, "\(outcome.output)")
        #expect(outcome.output.contains(row.problem), "\(outcome.output)")
    }

    @Test("a variable the configuration table does not document is a problem, from README.md too")
    func undocumentedVariable() async throws {
        let outcome = try await checkEdited {
            $0.replacingOccurrences(of: "      SMOKE_PERSONS: \"300\"\n", with: "      SMOKE_PERSONS: \"300\"\n      SMOKE_UNDOCUMENTED: \"1\"\n")
        }
        #expect(outcome.status == 1, "\(outcome.output)")
        #expect(
            outcome.output.contains("smoke: environment variable SMOKE_UNDOCUMENTED is not in the configuration table of docs/operations.md"),
            "\(outcome.output)"
        )

        // No table anywhere is a problem of its own.
        let operationsText = try String(contentsOf: StackEnvironment.repositoryRoot.appendingPathComponent("docs/operations.md"), encoding: .utf8)
        let none = try await checkEdited({ $0 }, operations: operationsText.replacingOccurrences(of: "| variable |", with: "| setting |"))
        #expect(none.status == 1 && none.output.contains("no configuration table"), "\(none.output)")

        // The table in README.md instead: the check reads it there.
        let table = operationsText.split(separator: "\n", omittingEmptySubsequences: false)
            .drop { !$0.hasPrefix("| variable |") }.prefix { $0.hasPrefix("|") }.joined(separator: "\n")
        let moved = try await checkEdited({ $0 }, readme: { $0 + "\n\n" + table + "\n" }, operations: "# Operations\n")
        #expect(moved.status == 0 && moved.output.contains("(README.md), 0 problems"), "\(moved.output)")
    }
}
