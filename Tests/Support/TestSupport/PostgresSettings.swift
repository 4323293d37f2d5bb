import PostgresOnce

/// Where a PostgreSQL database is and the login to use: the stack's (`StackAddress.postgres()`)
/// or a scratch database on it (`ScratchDatabase`).
public struct PostgresSettings: PostgresLogin, Hashable {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String
    public var database: String

    public init(host: String, port: Int, user: String, password: String, database: String) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
    }

    /// The same login, pointed at another database of the cluster.
    public func with(database: String) -> PostgresSettings {
        var copy = self
        copy.database = database
        return copy
    }
}
