import Testing
@testable import InsuranceDomain

// Replaced by the issue that fills InsuranceDomain.
