import Testing
@testable import Kafka

// Replaced by the issue that fills Kafka.
