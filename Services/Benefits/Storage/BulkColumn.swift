/// A column written in bulk. Values travel as text in `unnest` binds (arrays of text),
/// and are cast to `sqlType` by the database.
struct BulkColumn: Sendable {
    let name: String
    let sqlType: String
    /// Nullable columns send nil as `''` in `unnest` binds (arrays of optionals are not encodable)
    /// and read `''` back as NULL, so an empty string is not storable in them.
    let nullable: Bool

    init(_ name: String, _ sqlType: String, nullable: Bool = false) {
        self.name = name
        self.sqlType = sqlType
        self.nullable = nullable
    }

    /// The expression turning the text column `source.name` into the stored value.
    func expression(from source: String) -> String {
        let text = nullable ? "NULLIF(\(source).\(name), '')" : "\(source).\(name)"
        return sqlType == "text" ? text : "\(text)::\(sqlType)"
    }
}
