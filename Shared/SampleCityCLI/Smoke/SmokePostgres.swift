/// Where PostgreSQL is and the login that may `SET ROLE` to the analyst role.
struct SmokePostgres: Sendable {
    var host: String
    var port: Int
    var user: String
    var password: String
    var database: String
}
