import Foundation
import InsuranceDomain
import PropertyBased
import Testing

@testable import Benefits

/// `IngestBatch.lanes`: how a batch is split over parallel transactions. The storage guarantees
/// rest on these laws: nothing lost or repeated, a person never in two lanes, offsets whole.
@Suite("Lane split of a batch")
struct LaneSplitTests {
    private static func event(person: Int, index: Int, partition: Int32) -> IncomingEvent {
        IncomingEvent(
            source: "test/lanes",
            eventId: "e\(index)",
            type: "insurance.contribution.paid.v1",
            personId: "P\(person)",
            eventTime: Date(timeIntervalSince1970: Double(index)),
            payload: "{}",
            topic: "t\(partition % 3)",
            partition: partition,
            offset: Int64(index)
        )
    }

    private static func refusal(index: Int) -> Refusal {
        Refusal(source: nil, eventId: nil, type: nil, reason: "r", payload: "x", topic: "t0", partition: 1, offset: Int64(10_000 + index))
    }

    @Test(
        "every event in exactly one lane, each person in one lane, refusals with the first, at most N lanes",
        arguments: [1, 2, 3, 4, 7]
    )
    func splitLaws(lanes: Int) async {
        let input = zip(Gen.int(in: 0..<40), Gen.int(in: 0..<6)).array(of: 0...300)
        await propertyCheck(count: 40, input: input, Gen.int(in: 0...3)) { pairs, refusals in
            let events = pairs.enumerated().map { Self.event(person: $1.0, index: $0, partition: Int32($1.1)) }
            let batch = IngestBatch(events: events, refusals: (0..<refusals).map(Self.refusal))
            let split = batch.lanes(lanes)

            #expect(split.count <= lanes)
            #expect(split.allSatisfy { !$0.events.isEmpty || !$0.refusals.isEmpty }, "no empty lane")
            #expect(split.flatMap(\.events).sorted { $0.offset < $1.offset } == events, "every event once")
            #expect(split.flatMap(\.refusals).count == refusals)
            #expect(split.dropFirst().allSatisfy { $0.refusals.isEmpty }, "refusals go with the first lane")
            var laneOfPerson: [String: Int] = [:]
            for (index, lane) in split.enumerated() {
                for event in lane.events {
                    #expect(
                        laneOfPerson.updateValue(index, forKey: event.personId).map { $0 == index } ?? true,
                        "\(event.personId) is in two lanes"
                    )
                }
            }
        }
    }

    @Test("a person's lane is the same in every batch, whatever else the batch holds or its order")
    func stableLanes() {
        let crowd = IngestBatch(events: (0..<200).map { Self.event(person: $0, index: $0, partition: 2) }).lanes(4)
        let others = IngestBatch(events: (100..<400).reversed().map { Self.event(person: $0, index: $0, partition: 5) }).lanes(4)
        // With this many persons every lane is used, so a lane's position is its number.
        #expect(crowd.count == 4 && others.count == 4)
        for lane in 0..<4 {
            let shared = Set(crowd[lane].events.map(\.personId)).intersection((100..<200).map { "P\($0)" })
            #expect(shared.isSubset(of: Set(others[lane].events.map(\.personId))), "a person changed lanes between batches")
        }
    }

    @Test("a later copy of an id goes to the lane of the id's first copy, whatever its own person, and its offset counts")
    func laterCopies() throws {
        let json = TestEvents.payment(person: "P1", id: "x", amountFen: 100)
        let content = try EventIntake.validate(json: Array(json.utf8), policy: .bundledDefaults).get()
        let events = (0..<200).map { Self.event(person: $0, index: $0, partition: 0) }
        let copies = (0..<50).map { index in
            LaterCopy(event: Self.event(person: 1_000 + index, index: 10_000 + index, partition: 4), content: content, lanePerson: "P\(index)")
        }
        let batch = IngestBatch(events: events, laterCopies: copies)
        let split = batch.lanes(4)
        #expect(split.flatMap(\.laterCopies).map(\.event.offset).sorted() == copies.map(\.event.offset))
        for lane in split {
            for copy in lane.laterCopies {
                #expect(lane.events.contains { $0.personId == copy.lanePerson }, "\(copy.lanePerson)'s copy is not in its lane")
            }
        }
        var merged: [TopicPartition: Int64] = [:]
        for lane in split { merged.merge(lane.nextOffsets) { max($0, $1) } }
        #expect(merged == batch.nextOffsets)
        #expect(batch.nextOffsets[TopicPartition(topic: "t1", partition: 4)] == 10_050)
    }

    @Test("the lanes' offsets together are the batch's")
    func offsetsCover() {
        let events = (0..<500).map { Self.event(person: $0 % 37, index: $0, partition: Int32($0 % 6)) }
        let batch = IngestBatch(events: events, refusals: [Self.refusal(index: 1)])
        var merged: [TopicPartition: Int64] = [:]
        for lane in batch.lanes(3) { merged.merge(lane.nextOffsets) { max($0, $1) } }
        #expect(merged == batch.nextOffsets)
    }
}
