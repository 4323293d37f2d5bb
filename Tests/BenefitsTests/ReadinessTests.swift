import Kafka
import TestSupport
import Testing

@testable import Benefits

/// `/ready`'s database check: not ready before the migrations are applied, ready after.
@Suite("Pipeline readiness")
struct ReadinessTests {
    @Test("the database is not ready until the pipeline has applied the migrations")
    func notReadyBeforeMigrations() async throws {
        try await TestDatabase.withFresh { client, settings in
            let harness = try await PipelineHarness.make(settings: settings, partitions: 1)
            let configuration = harness.configuration(group: uniqueName("g"))
            let idle = IngestionPipeline(
                configuration: configuration,
                consumer: try KafkaConsumer(configuration: configuration.consumer, logger: PipelineHarness.logger),
                producer: try KafkaProducer(configuration: configuration.producer, logger: PipelineHarness.logger),
                store: BenefitsStore(client: client),
                logger: PipelineHarness.logger
            )
            #expect(await idle.databaseProblem(api: BenefitsStore(client: client)) == "the schema migrations are not applied yet")
            #expect(idle.state.snapshot.migrated == false)
            #expect(await idle.progressProblem() == "the consumer has not joined its group yet (no assignment received)")
            try await harness.withPipeline(group: uniqueName("g"), client: client) { pipeline in
                try await eventually("the running pipeline reports the database ready", within: .seconds(30), polling: .stop) {
                    await pipeline.databaseProblem(api: BenefitsStore(client: client)) == nil
                }
                #expect(pipeline.state.snapshot.migrated)
                try await eventually("once the group assigned its partitions, progress is ready", within: .seconds(30), polling: .stop) {
                    await pipeline.progressProblem() == nil
                }
            }
        }
    }
}
