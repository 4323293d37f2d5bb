extension SystemStack {
    /// `fromEnvironment()` called from this folder: its default `#filePath` must be a file in
    /// `Tests/SystemTests/Support/` for the repository root to come out right.
    static func forTests() throws -> SystemStack {
        try fromEnvironment()
    }
}
