import PostgresOnce

/// Where PostgreSQL is and the login that may `SET ROLE` to the analyst role.
struct SmokePostgres: PostgresLogin {
    var host: String
    var port: Int
    var user: String
    var password: String
    var database: String
}
