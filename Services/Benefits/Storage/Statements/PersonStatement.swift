import PostgresNIO

extension Statements {
    /// A prepared statement about one person: its one parameter (`$1`) is the person's id.
    protocol PersonStatement: PostgresPreparedStatement {
        var personId: String { get }
    }
}

extension Statements.PersonStatement {
    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(personId)
        return bindings
    }
}
