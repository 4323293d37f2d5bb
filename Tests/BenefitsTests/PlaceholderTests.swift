import Testing
@testable import Benefits

// Replaced by the issue that fills Benefits.
