import Testing

@testable import InsuranceDomain

@Suite struct TimestampTests {
    @Test(arguments: [
        ("2024-09-30T23:59:00+08:00", "2024-09-30"), ("2024-09-30T15:59:00Z", "2024-09-30"),
        ("2024-10-01T00:01:00+08:00", "2024-10-01"), ("2024-09-30T16:01:00Z", "2024-10-01"),
        ("2024-09-30T12:01:00-04:00", "2024-10-01"), ("2024-09-30T16:00:00.000Z", "2024-10-01"),
        ("2024-09-30t15:59:59.999z", "2024-09-30"),
    ])
    func chinaDate(text: String, expected: String) {
        #expect(Timestamp(rfc3339: text)?.chinaDate.description == expected)
    }

    @Test(arguments: [
        "2024-09-30T23:59:00", "2024-09-30", "2024-09-30T24:00:00Z", "2024-02-30T10:00:00Z", "2024-09-30T10:00:00+0800", "", "2024-09-30T10:00:00.Z",
    ])
    func rejects(text: String) {
        #expect(Timestamp(rfc3339: text) == nil)
    }

    @Test func sameInstantInDifferentOffsetsIsEqual() {
        #expect(Timestamp(rfc3339: "2024-09-30T23:59:00+08:00") == Timestamp(rfc3339: "2024-09-30T15:59:00Z"))
        #expect(Timestamp(rfc3339: "2024-09-30T15:59:00Z")!.description == "2024-09-30T15:59:00.000Z")
    }
}
