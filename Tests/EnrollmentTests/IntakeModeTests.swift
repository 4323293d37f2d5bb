import Testing

@testable import Enrollment

@Suite("Content type decides single event or batch")
struct IntakeModeTests {
    static let cases: [(String?, IntakeMode?)] = [
        ("application/cloudevents+json", .single),
        ("application/json", .single),
        ("Application/JSON; charset=utf-8", .single),
        ("application/cloudevents-batch+json", .batch),
        ("application/cloudevents-batch+json;charset=UTF-8", .batch),
        ("text/plain", nil),
        ("application/xml", nil),
        (nil, nil),
    ]

    @Test("media types map to modes, parameters ignored", arguments: cases)
    func mode(_ contentType: String?, _ expected: IntakeMode?) {
        #expect(IntakeMode(contentType: contentType) == expected)
    }
}
