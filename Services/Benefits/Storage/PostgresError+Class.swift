import PostgresNIO

extension PostgresError.Code {
    /// Whether this SQLSTATE is in the class of `classCode` (the same first two characters:
    /// `23505` unique violation is in class `23000` integrity constraint violation).
    func isInClass(of classCode: PostgresError.Code) -> Bool {
        raw.utf8.count == 5 && raw.prefix(2) == classCode.raw.prefix(2)
    }
}
