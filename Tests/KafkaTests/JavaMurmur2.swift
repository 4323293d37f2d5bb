/// The Java Kafka client's key hash (`org.apache.kafka.common.utils.Utils.murmur2`) and
/// its default partition choice for a keyed record, written out here as the reference our
/// producer is compared with: `(murmur2(key) & 0x7fffffff) % partitions`.
enum JavaMurmur2 {
    /// `Utils.murmur2(byte[])`, as Java computes it in 32-bit two's complement.
    static func hash(_ data: [UInt8]) -> Int32 {
        let seed: UInt32 = 0x9747_b28c
        let m: UInt32 = 0x5bd1_e995
        let r: UInt32 = 24
        let length = data.count
        var h = seed ^ UInt32(truncatingIfNeeded: length)
        for block in 0..<(length / 4) {
            let i = block * 4
            var k = UInt32(data[i]) | UInt32(data[i + 1]) << 8 | UInt32(data[i + 2]) << 16 | UInt32(data[i + 3]) << 24
            k &*= m
            k ^= k >> r
            k &*= m
            h &*= m
            h ^= k
        }
        let tail = length & ~3
        switch length % 4 {
        case 3:
            h ^= UInt32(data[tail + 2]) << 16
            h ^= UInt32(data[tail + 1]) << 8
            h ^= UInt32(data[tail])
            h &*= m
        case 2:
            h ^= UInt32(data[tail + 1]) << 8
            h ^= UInt32(data[tail])
            h &*= m
        case 1:
            h ^= UInt32(data[tail])
            h &*= m
        default:
            break
        }
        h ^= h >> 13
        h &*= m
        h ^= h >> 15
        return Int32(bitPattern: h)
    }

    /// `BuiltInPartitioner.partitionForKey`: `Utils.toPositive(murmur2(key)) % partitions`.
    static func partition(forKey key: [UInt8], partitions: Int32) -> Int32 {
        (hash(key) & 0x7fff_ffff) % partitions
    }
}
