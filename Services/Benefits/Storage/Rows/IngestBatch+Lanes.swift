extension IngestBatch {
    /// The batch split into at most `count` batches by person (a stable hash of `personId`),
    /// empty lanes left out; the refusals go with the first lane. No person is in two lanes, so
    /// the lanes' transactions never wait for each other's person locks.
    ///
    /// Why lanes may commit separately: storing an event is idempotent (once per source and id,
    /// and a person is recomputed only for new events, in the same transaction), so if some lanes
    /// commit and the process dies before the others, reading the batch again stores only what is
    /// missing. The offsets are therefore stored after every lane has committed.
    public func lanes(_ count: Int) -> [IngestBatch] {
        guard count > 1 else { return events.isEmpty && refusals.isEmpty ? [] : [self] }
        var lanes = (0..<count).map { _ in IngestBatch(consumerGroup: consumerGroup, events: []) }
        let perLane = events.count / count + 1
        for index in lanes.indices { lanes[index].events.reserveCapacity(perLane) }
        for event in events { lanes[Self.lane(of: event.personId, count: count)].events.append(event) }
        lanes[0].refusals = refusals
        return lanes.filter { !$0.events.isEmpty || !$0.refusals.isEmpty }
    }

    /// FNV-1a of the UTF-8 bytes: the same lane for a person in every batch and every process.
    static func lane(of personId: String, count: Int) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in personId.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return Int(hash % UInt64(count))
    }
}
