import Foundation
import Kafka
import PostgresNIO
import SampleCity
import TestSupport
import Testing

@testable import Benefits

/// Issue 22, item 5: lanes commit with `synchronous_commit = off`, so a PostgreSQL crash right
/// after the last lane's commit may lose it; if the server is back before the offsets
/// transaction takes its connection, the pipeline sees no error. The offsets are stored only
/// while the server is the one the pipeline knew before the lanes began.
@Suite("The crash window between the lanes and the offsets")
struct CrashWindowTests {
    @Test("offsets are stored only while the server is the one that started when the lanes began")
    func offsetsNeedTheSameServer() async throws {
        try await TestDatabase.withFresh { client, _ in
            let store = BenefitsStore(client: client)
            let start = try await store.serverStart()
            #expect(start > 0)
            #expect(try await store.serverStart() == start, "the start time is stable while the server runs")
            let offsets: [TopicPartition: Int64] = [TopicPartition(topic: "t", partition: 0): 7, TopicPartition(topic: "t", partition: 1): 3]
            await #expect {
                try await store.advanceOffsets(group: "g", to: offsets, serverStart: start - 1)
            } throws: {
                Self.isRestart($0)
            }
            #expect(try await store.offsets(group: "g").isEmpty, "nothing is stored for a server that restarted")
            await #expect {
                _ = try await store.applyFamilyAccountLimit(persons: ["p"], limit: 5, advancing: offsets, group: "g", serverStart: start - 1) { _ in
                    []
                }
            } throws: {
                Self.isRestart($0)
            }
            #expect(try await store.offsets(group: "g").isEmpty)
            try await store.advanceOffsets(group: "g", to: offsets, serverStart: start)
            #expect(try await store.offsets(group: "g") == offsets)
        }
    }

    /// `ServerRestarted`, alone or as the body's error of a transaction.
    static func isRestart(_ error: any Error) -> Bool {
        error is ServerRestarted || (error as? PostgresTransactionError)?.closureError is ServerRestarted
    }

    @Test("a batch whose server restarted after its lanes is stored again, once, before its offsets")
    func restartAfterTheLanesRepeatsThem() async throws {
        let first = Array(SampleCity(SampleCityOptions(persons: 60, seed: 41, faultyShare: 0.05, duplicateShare: 0.05)).events)
        let second = Array(SampleCity(SampleCityOptions(persons: 60, seed: 42, faultyShare: 0.05, duplicateShare: 0.05)).events)
        try await TestDatabase.withFresh { client, settings in
            let harness = try await PipelineHarness.make(settings: settings, partitions: 1)
            let group = uniqueName("crash")
            try await harness.withPipeline(group: group, client: client) { pipeline in
                try await harness.produce(harness.records(first))
                try await PipelineTests.waitUntilStored(ExpectedTables(harness.records(first)), client: client)
                #expect(pipeline.state.snapshot.batchesStoredAgain == 0)
                // As if the server had crashed and come back between the next batch's lanes and
                // its offsets: the start time the pipeline knew is no longer the server's.
                pipeline.state.update { $0.serverStart = 1 }
                let all = harness.records(first + second)
                try await harness.produce(harness.records(second))
                try await PipelineTests.waitUntilStored(ExpectedTables(all), client: client)
                try await eventually("the offsets of every record are stored", within: .seconds(30), polling: .stop) {
                    pipeline.state.snapshot.recordsProcessed >= all.count
                }
                #expect(pipeline.state.snapshot.batchesStoredAgain >= 1, "the batch's lanes ran again")
                #expect(pipeline.state.snapshot.serverStart == (try await BenefitsStore(client: client).serverStart()))
            }
            let expected = ExpectedTables(harness.records(first + second))
            PipelineTests.expectTables(try await ActualTables.read(client), equal: expected, refusals: expected.refusals)
            let stored = try await BenefitsStore(client: client).offsets(group: group)
            #expect(stored.values.reduce(0, +) == Int64(first.count + second.count), "every record's offset is stored")
        }
    }
}
