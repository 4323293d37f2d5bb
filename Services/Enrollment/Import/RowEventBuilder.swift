import Crypto
import Foundation
import InsuranceDomain

/// Turns CSV rows of one layout into structured-mode CloudEvents with deterministic ids.
///
/// The id is a hash of the source, the layout and the row's cells in the layout's
/// column order, so importing the same file again yields the same ids (downstream
/// dedupes by `source`+`id`) while any changed cell yields a new event.
struct RowEventBuilder: Sendable {
    let kind: ImportKind
    let source: String
    /// For each layout column, its position in the file's header (nil if absent).
    let positions: [Int?]

    /// Matches the header row against the layout; a missing required column or an
    /// unknown column is an error naming it.
    init(kind: ImportKind, source: String, header: [String]) throws {
        let names = header.map { $0.trimmingCharacters(in: .whitespaces) }
        let known = Set(kind.columns.map(\.name))
        if let unknown = names.first(where: { !known.contains($0) }) {
            throw ImportError.header("unknown column '\(unknown)'; \(kind.rawValue) files have: \(kind.columns.map(\.name).joined(separator: ","))")
        }
        let missing = kind.columns.filter { $0.required && !names.contains($0.name) }.map(\.name)
        if !missing.isEmpty {
            throw ImportError.header("missing required column(s): \(missing.joined(separator: ","))")
        }
        self.kind = kind
        self.source = source
        self.positions = kind.columns.map { column in names.firstIndex(of: column.name) }
    }

    /// The CloudEvent JSON for a row, or a problem when the row has the wrong number of cells.
    func event(for record: CSVRecord, headerWidth: Int) -> Result<[UInt8], RowProblem> {
        guard record.fields.count == headerWidth else {
            return .failure(
                RowProblem(line: record.line, field: "row", rule: "has \(record.fields.count) cells, the header has \(headerWidth)")
            )
        }
        var cells: [String: String] = [:]
        var data: [JSONMember] = []
        var canonical: [String] = [self.source, self.kind.rawValue]
        for (column, position) in zip(self.kind.columns, self.positions) {
            let cell = position.map { record.fields[$0].trimmingCharacters(in: .whitespaces) } ?? ""
            canonical.append(cell)
            cells[column.name] = cell
            if !cell.isEmpty { data.append(JSONMember(column.name, column.jsonValue(cell))) }
        }
        var event: [JSONMember] = [
            JSONMember("specversion", .string("1.0")),
            JSONMember("id", .string(Self.eventID(canonical))),
            JSONMember("source", .string(self.source)),
            JSONMember("type", .string(self.kind.eventType)),
        ]
        if let personId = cells["personId"], !personId.isEmpty { event.append(JSONMember("subject", .string(personId))) }
        if let time = self.kind.time(cells) { event.append(JSONMember("time", .string(time))) }
        event.append(JSONMember("datacontenttype", .string("application/json")))
        event.append(JSONMember("data", .object(data)))
        return .success(JSONWriter.bytes(.object(event)))
    }

    /// `csv-` and the first 32 hex digits of SHA-256 over the cells joined by U+001F.
    static func eventID(_ canonical: [String]) -> String {
        let digest = SHA256.hash(data: Array(canonical.joined(separator: "\u{1F}").utf8))
        return "csv-"
            + digest.prefix(16).map { byte in
                let hex = String(byte, radix: 16)
                return byte < 16 ? "0" + hex : hex
            }.joined()
    }
}
