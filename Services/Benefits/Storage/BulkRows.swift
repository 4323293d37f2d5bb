import PostgresNIO

/// Rows to write in one statement, held column by column as text.
struct BulkRows: Sendable {
    let columns: [BulkColumn]
    private(set) var values: [[String?]]
    private(set) var count = 0

    init(columns: [BulkColumn], capacity: Int = 0) {
        self.columns = columns
        self.values = columns.map { _ in
            var column: [String?] = []
            column.reserveCapacity(capacity)
            return column
        }
    }

    mutating func append(_ row: [String?]) {
        precondition(row.count == columns.count, "a row has one value per column")
        for index in row.indices { values[index].append(row[index]) }
        count += 1
    }

    /// `a, b, …`: the column names, for an INSERT's target list.
    var columnList: String { columns.map(\.name).joined(separator: ", ") }

    /// The casts turning text columns of `source` into the stored values, for a SELECT list.
    func selectList(from source: String) -> String {
        columns.map { $0.expression(from: source) }.joined(separator: ", ")
    }

    /// `unnest($1::text[], …) AS u(…)`, the rows as text columns, with its binds.
    func unnestSource() -> (sql: String, bindings: PostgresBindings) {
        var bindings = PostgresBindings(capacity: columns.count)
        let sql = unnestSource(firstParameter: 1, appendingTo: &bindings)
        return (sql, bindings)
    }

    /// `unnest($n::text[], …) AS u(…)` numbered from `firstParameter`, for a statement with other
    /// parameters; the column arrays are appended to `bindings`.
    func unnestSource(firstParameter: Int, appendingTo bindings: inout PostgresBindings) -> String {
        for column in values { bindings.append(column.map { $0 ?? "" }) }
        let arrays = columns.indices.map { "$\(firstParameter + $0)::text[]" }.joined(separator: ", ")
        return "unnest(\(arrays)) AS u(\(columnList))"
    }

    /// `SELECT <casts> FROM unnest($1::text[], …) AS u(…)` with its binds.
    func unnestSelect() -> (sql: String, bindings: PostgresBindings) {
        let source = unnestSource()
        return ("SELECT \(selectList(from: "u")) FROM \(source.sql)", source.bindings)
    }
}
