import Testing
@testable import Enrollment

// Replaced by the issue that fills Enrollment.
