// swift-tools-version: 6.1
// The event backbone of the city's children's and students' medical insurance.
// Layout: Shared/ holds libraries, Services/ the two executables and their
// application libraries, Tests/ one test target per library plus integration.

import PackageDescription

let package = Package(
    name: "insurance-backbone",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "enrollment-service", targets: ["enrollment-service"]),
        .executable(name: "benefits-service", targets: ["benefits-service"]),
        .executable(name: "insurance-bench", targets: ["insurance-bench"]),
        .executable(name: "insurance-sample", targets: ["insurance-sample"]),
        .library(name: "InsuranceDomain", targets: ["InsuranceDomain"]),
        .library(name: "Kafka", targets: ["Kafka"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.7.3"),
        // OTLP/HTTP only: the gRPC exporter (the package's other default trait) would add
        // grpc-swift and its transport to every build for no gain over HTTP+protobuf.
        .package(url: "https://github.com/swift-otel/swift-otel", from: "1.6.0", traits: ["OTLPHTTP"]),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // MARK: Shared libraries

        /// librdkafka's C API, found through pkg-config (librdkafka >= 2.8 at run time).
        .systemLibrary(
            name: "CRdKafka",
            path: "Shared/CRdKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        /// Our thin Swift layer over librdkafka: producer, consumer group, typed settings, errors.
        /// It reads no environment variable: `Settings` reads its `KAFKA_*` variables.
        .target(
            name: "Kafka",
            dependencies: [
                "CRdKafka",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Shared/Kafka"
        ),
        /// The one reader of environment variables (over swift-configuration) and the one
        /// configuration error, for the services and the tools; it reads the Kafka layer's
        /// `KAFKA_*` variables into its typed configurations (`KafkaSettings.swift`).
        .target(
            name: "Settings",
            dependencies: ["Kafka", .product(name: "Configuration", package: "swift-configuration")],
            path: "Shared/Settings"
        ),
        /// Trace context on Kafka records (W3C `traceparent`/`tracestate` headers) and the
        /// spans of the ingestion; only the tracing API, no exporter, so it costs nothing when off.
        .target(
            name: "MessageTracing",
            dependencies: [
                "Kafka",
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            path: "Shared/MessageTracing"
        ),
        /// Turns on OpenTelemetry export (`OTEL_EXPORTER_OTLP_ENDPOINT`) for the two service
        /// executables; kept apart so that nothing else builds or links swift-otel.
        .target(
            name: "TracingSetup",
            dependencies: [
                "MessageTracing", "ServiceSupport", "Settings",
                .product(name: "OTel", package: "swift-otel"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            path: "Shared/TracingSetup"
        ),
        /// One PostgreSQL connection per use, for the smoke suite and the tests' scratch databases (TestSupport).
        .target(
            name: "PostgresOnce",
            dependencies: [
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Shared/PostgresOnce"
        ),
        /// The insurance rules: event contract, validation and the coverage engine. No I/O.
        .target(
            name: "InsuranceDomain",
            path: "Shared/InsuranceDomain",
            resources: [.copy("Resources")]
        ),
        /// A deterministic sample city's events, for the demo, system tests and benchmarks.
        .target(name: "SampleCity", dependencies: ["InsuranceDomain"], path: "Shared/SampleCity"),
        /// `insurance-sample`: generates the sample city and sends it (demo, system tests, benchmarks);
        /// `insurance-sample smoke` is the smoke suite that needs only network endpoints.
        .executableTarget(
            name: "insurance-sample",
            dependencies: [
                "InsuranceDomain",
                "SampleCity", "Kafka", "Settings", "PostgresOnce",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tools/SampleCityCLI"
        ),
        /// What both services share: the policy file loader, logging, metrics,
        /// health routes, progress output of commands.
        .target(
            name: "ServiceSupport",
            dependencies: [
                "InsuranceDomain", "Settings",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Shared/ServiceSupport"
        ),

        // MARK: Services

        /// The enrollment service's application: HTTP and file intake publishing to Kafka.
        .target(
            name: "Enrollment",
            dependencies: [
                "InsuranceDomain", "Kafka", "ServiceSupport", "MessageTracing", "Settings",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
            ],
            path: "Services/Enrollment",
            resources: [.copy("Resources/openapi.json")]
        ),
        .executableTarget(
            name: "enrollment-service",
            dependencies: [
                "Enrollment", "Settings", "TracingSetup",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Services/enrollment-service"
        ),
        /// The benefits service's application: Kafka into PostgreSQL, coverage, HTTP API, HTML pages
        /// (Mustache templates in `Pages/Templates`, parsed at start).
        .target(
            name: "Benefits",
            dependencies: [
                "InsuranceDomain", "Kafka", "ServiceSupport", "MessageTracing", "Settings",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            path: "Services/Benefits",
            resources: [.copy("Migrations"), .copy("Pages/Templates")]
        ),
        .executableTarget(
            name: "benefits-service",
            dependencies: [
                "Benefits", "ServiceSupport", "Settings", "TracingSetup",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Services/benefits-service"
        ),

        // MARK: Benchmarks (commands that print figures and ratios)

        .executableTarget(
            name: "insurance-bench",
            dependencies: [
                "InsuranceDomain", "Kafka", "Enrollment", "Benefits", "SampleCity", "ChildProcess", "Settings",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tools/Benchmarks",
            exclude: ["RdKafkaCBench"]
        ),
        /// The plain C librdkafka loop that `insurance-bench kafka` compares the Swift layer with.
        .executableTarget(
            name: "rdkafka-c-bench",
            dependencies: ["CRdKafka"],
            path: "Tools/Benchmarks/RdKafkaCBench"
        ),

        // MARK: Tests

        /// Runs helper programs from tests and benchmarks without blocking Swift's cooperative pool.
        /// Kept apart from `TestSupport`: the benchmark executable uses it and must not link swift-testing.
        .target(name: "ChildProcess", path: "Tests/Support/ChildProcess"),
        /// What several test targets share, written once: `eventually`, `uniqueName`, where the local
        /// stack listens (`PG_PORT` parsed once), `ScratchDatabase`, a test's own database on it, and
        /// `PartitionProxy`, which partitions or cuts the network to PostgreSQL.
        .target(
            name: "TestSupport",
            dependencies: [
                "Settings", "PostgresOnce",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tests/Support/TestSupport"
        ),
        /// The coverage rule table and its event builders: the domain's tests prove each rule
        /// with it, the benefits tests run it through the store and the coverage feed.
        .target(name: "RuleTables", dependencies: ["InsuranceDomain"], path: "Tests/Support/RuleTables"),
        .testTarget(
            name: "InsuranceDomainTests",
            dependencies: [
                "InsuranceDomain", "SampleCity", "RuleTables",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "KafkaTests",
            dependencies: ["Kafka", "Settings", "TestSupport", .product(name: "MetricsTestKit", package: "swift-metrics")]
        ),
        .testTarget(name: "SampleCityTests", dependencies: ["SampleCity"]),
        /// Trace context in Kafka headers and its round trip through swift-otel's tracer.
        .testTarget(
            name: "TracingTests",
            dependencies: [
                "MessageTracing", "Kafka",
                .product(name: "OTel", package: "swift-otel"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "ServiceSupportTests",
            dependencies: [
                "ServiceSupport", "Settings", "Kafka",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "EnrollmentTests",
            dependencies: [
                "Enrollment", "ChildProcess", "InsuranceDomain", "ServiceSupport", "Settings", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "BenefitsTests",
            dependencies: [
                "Benefits", "InsuranceDomain", "Kafka", "SampleCity", "ServiceSupport", "ChildProcess", "Settings", "RuleTables", "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        /// Checks of the local stack and the deploy files against the real broker and database.
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "Kafka", "CRdKafka", "ChildProcess", "InsuranceDomain", "Settings", "TestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        /// Both services as processes over the real broker and database: end to end, faults, crash loop.
        .testTarget(
            name: "SystemTests",
            dependencies: [
                "Kafka", "InsuranceDomain", "SampleCity", "ChildProcess", "PostgresOnce", "Settings", "TestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
    ]
)
