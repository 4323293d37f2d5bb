import Testing

/// Every system suite nests here: they share the one broker and PostgreSQL cluster, which
/// some of them freeze or restart, so they run one after another even in a parallel run.
@Suite("System", .serialized)
enum SystemSuites {}
