import InsuranceDomain
import Logging
import NIOCore
import PostgresNIO

/// The raw COPY the benches compare with: rows turned into COPY text up front, then one timed
/// COPY of it.
enum BenchCopy {
    /// The rows in COPY text format (each field escaped), in chunks of about 1 MiB.
    static func chunks(_ rows: some Sequence<[String]>) -> [ByteBuffer] {
        var chunks: [ByteBuffer] = []
        var buffer = ByteBufferAllocator().buffer(capacity: 1 << 20)
        for row in rows {
            buffer.writeString(row.map(escaped).joined(separator: "\t"))
            buffer.writeInteger(UInt8(ascii: "\n"))
            if buffer.readableBytes >= 1 << 20 {
                chunks.append(buffer)
                buffer = ByteBufferAllocator().buffer(capacity: 1 << 20)
            }
        }
        if buffer.readableBytes > 0 { chunks.append(buffer) }
        return chunks
    }

    /// Rows per second of one COPY of `chunks` (`rows` rows) into `table`.
    static func rate(
        _ chunks: [ByteBuffer],
        rows: Int,
        into table: String,
        columns: [String] = [],
        client: PostgresClient
    ) async throws -> Double {
        let elapsed = try await ContinuousClock().measure {
            try await client.withConnection { connection in
                try await connection.copyFrom(table: table, columns: columns, logger: Logger(label: "bench")) { writer in
                    for chunk in chunks { try await writer.write(chunk) }
                }
            }
        }
        return Double(rows) / elapsed.inSeconds
    }

    private static func escaped(_ field: String) -> String {
        field.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t")
            .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
    }
}
