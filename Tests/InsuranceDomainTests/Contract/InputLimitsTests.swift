import Foundation
import RuleTables
import Testing

@testable import InsuranceDomain

/// The one rule set both doors use (`EventIntake`): no control characters in any string,
/// a length limit per field, dates and timestamps within 1900-01-01...2200-12-31.
@Suite struct InputLimitsTests {
    /// A valid event of `type` as a mutable JSON object; `certType` is `other` so that any
    /// `certNo` text and any birth date pass the citizen-ID rules.
    static func event(_ type: InsuranceEventType) -> [String: Any] {
        let bytes = Fixtures.json(type: type.rawValue, data: Fixtures.validData[type] ?? "{}")
        var object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] ?? [:]
        if type == .enrollmentRegistered, var data = object["data"] as? [String: Any] {
            data["certType"] = "other"
            object["data"] = data
        }
        return object
    }

    static func validate(_ object: [String: Any]) -> Result<ValidatedEvent, EventValidationError> {
        let bytes = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        return EventIntake.validate(json: Array(bytes), policy: Fixtures.policy)
    }

    static func withData(_ type: InsuranceEventType, _ name: String, _ value: Any) -> [String: Any] {
        var object = event(type)
        var data = object["data"] as? [String: Any] ?? [:]
        data[name] = value
        object["data"] = data
        return object
    }

    /// The problems of a refused event (none when it was accepted).
    static func problems(_ object: [String: Any]) -> [FieldProblem] {
        if case .failure(let error) = validate(object) { return error.problems }
        return []
    }

    static let controlCharacters: [String] = [
        "\u{0}", "\u{1}", "\t", "\n", "\r", "\u{1B}", "\u{1F}", "\u{7F}", "\u{80}", "\u{85}", "\u{9F}",
        "\u{2028}", "\u{2029}", "\u{202A}", "\u{202E}", "\u{2066}", "\u{2069}",
    ]

    static var textFields: [(InsuranceEventType, EventField)] {
        InsuranceEventType.allCases.flatMap { type in
            type.fields.filter { $0.kind == .text }.map { (type, $0) }
        }
    }

    @Test func everyValidFixtureStaysValid() {
        for type in InsuranceEventType.allCases {
            #expect(Self.problems(Self.event(type)).isEmpty, "\(type.rawValue)")
        }
    }

    @Test(arguments: controlCharacters)
    func controlCharactersAreRefusedInEveryTextField(character: String) {
        for (type, field) in Self.textFields {
            let problems = Self.problems(Self.withData(type, field.name, "ab\(character)cd"))
            let scalar = String(character.unicodeScalars.first!.value, radix: 16, uppercase: true)
            #expect(
                problems.contains {
                    $0.field == "data.\(field.name)" && $0.rule.contains("must not contain control characters") && $0.rule.contains(scalar)
                },
                "\(type.rawValue).\(field.name): \(problems)"
            )
        }
    }

    @Test(arguments: controlCharacters)
    func controlCharactersAreRefusedInEveryStringAttribute(character: String) {
        for attribute in ["id", "source", "type", "subject", "time", "dataschema", "traceparent", "datacontenttype"] {
            var object = Self.event(.enrollmentStopped)
            object[attribute] = "x\(character)"
            let problems = Self.problems(object)
            #expect(
                problems.contains { $0.field == attribute && $0.rule.contains("must not contain control characters") },
                "\(attribute): \(problems)"
            )
        }
    }

    @Test(arguments: controlCharacters)
    func controlCharactersAreRefusedInMembersNoRuleNames(character: String) {
        let extra = Self.withData(.contributionPaid, "note", "paid at the \(character)counter")
        #expect(Self.problems(extra).contains { $0.field == "data.note" && $0.rule.contains("control characters") })
        let nested = Self.withData(.contributionPaid, "extra", ["deep": ["ok", "bad\(character)"]])
        #expect(Self.problems(nested).contains { $0.field == "data.extra.deep[1]" })
        let name = Self.withData(.contributionPaid, "bad\(character)name", "value")
        #expect(Self.problems(name).contains { $0.field == "data.(member name)" })
        var envelope = Self.event(.contributionPaid)
        envelope["ext"] = ["inner": "v\(character)"]
        #expect(Self.problems(envelope).contains { $0.field == "ext.inner" })
    }

    @Test func ordinaryTextIsAccepted() {
        for text in ["张小明", "Zoë O'Brien-Smith", "Ana\u{A0}María", "😀 emoji", "a", String(repeating: "名", count: 100)] {
            #expect(Self.problems(Self.withData(.enrollmentRegistered, "name", text)).isEmpty, "\(text)")
        }
    }

    /// Each text field's limit: at the limit accepted, one more refused with the rule naming it.
    @Test func everyTextFieldHasItsLimit() {
        let expected: [String: Int] = [
            "certNo": InputLimits.certificateNumberLength, "name": InputLimits.nameLength, "channel": InputLimits.codeLength,
            "facilityCode": InputLimits.codeLength, "reason": InputLimits.freeTextLength,
        ]
        for (type, field) in Self.textFields {
            let limit = expected[field.name] ?? InputLimits.textLength
            #expect(field.maxLength == limit, "\(type.rawValue).\(field.name)")
            #expect(Self.problems(Self.withData(type, field.name, String(repeating: "é", count: limit))).isEmpty)
            let over = Self.problems(Self.withData(type, field.name, String(repeating: "é", count: limit + 1)))
            #expect(
                over == [FieldProblem(field: "data.\(field.name)", rule: "must be at most \(limit) characters, has \(limit + 1)")],
                "\(type.rawValue).\(field.name): \(over)"
            )
        }
    }

    @Test(arguments: [("id", InputLimits.eventIdLength), ("source", InputLimits.sourceLength), ("dataschema", InputLimits.attributeLength)])
    func envelopeAttributesHaveLimits(attribute: String, limit: Int) {
        var object = Self.event(.enrollmentStopped)
        object[attribute] = String(repeating: "a", count: limit)
        #expect(Self.problems(object).isEmpty)
        object[attribute] = String(repeating: "a", count: limit + 1)
        #expect(Self.problems(object) == [FieldProblem(field: attribute, rule: "must be at most \(limit) characters, has \(limit + 1)")])
    }

    static let dates: [(String, Bool)] = [
        ("0001-01-01", false), ("1899-12-31", false), ("1900-01-01", true), ("2024-02-29", true),
        ("2200-12-31", true), ("2201-01-01", false), ("9999-12-31", false),
    ]

    @Test(arguments: dates)
    func everyDateFieldIsWithinTheSupportedRange(text: String, accepted: Bool) {
        for type in InsuranceEventType.allCases {
            for field in type.fields where field.kind == .date {
                var object = Self.withData(type, field.name, text)
                if type == .enrollmentRegistered {
                    // Keep appliedOn >= birthDate true whatever is tried.
                    var data = object["data"] as? [String: Any] ?? [:]
                    if field.name == "birthDate" { data["appliedOn"] = "2200-12-31" } else { data["birthDate"] = "1900-01-01" }
                    object["data"] = data
                }
                let problems = Self.problems(object)
                if accepted {
                    #expect(problems.isEmpty, "\(type.rawValue).\(field.name) \(text): \(problems)")
                } else {
                    #expect(
                        problems.contains(FieldProblem(field: "data.\(field.name)", rule: "must be between 1900-01-01 and 2200-12-31")),
                        "\(type.rawValue).\(field.name) \(text): \(problems)"
                    )
                }
            }
        }
    }

    @Test(arguments: dates)
    func everyTimestampIsWithinTheSupportedRange(text: String, accepted: Bool) {
        let stamp = text + "T12:00:00+08:00"
        var envelope = Self.event(.enrollmentStopped)
        envelope["time"] = stamp
        let cases: [([String: Any], String)] = [
            (envelope, "time"),
            (Self.withData(.contributionPaid, "paidAt", stamp), "data.paidAt"),
            (Self.withData(.contributionReversed, "reversedAt", stamp), "data.reversedAt"),
        ]
        for (object, field) in cases {
            let problems = Self.problems(object)
            if accepted {
                #expect(problems.isEmpty, "\(field) \(stamp): \(problems)")
            } else {
                #expect(problems == [FieldProblem(field: field, rule: "must be between 1900-01-01 and 2200-12-31")], "\(field): \(problems)")
            }
        }
    }

    @Test func numbersStayBoundedAsBefore() {
        #expect(!Self.problems(Self.withData(.contributionPaid, "amountFen", 100_000_001)).isEmpty)
        #expect(!Self.problems(Self.withData(.contributionPaid, "amountFen", 9_223_372_036_854_775_807)).isEmpty)
        #expect(!Self.problems(Self.withData(.contributionPaid, "policyYear", 9999)).isEmpty)
        #expect(!Self.problems(Self.withData(.enrollmentRegistered, "guardianCityInsuredMonths", 1201)).isEmpty)
    }

    /// The benefits door reads binary mode too: the same rules hold for `ce_*` headers.
    @Test(arguments: controlCharacters)
    func binaryModeHeadersFollowTheSameRules(character: String) {
        let headers = [
            "ce_specversion": "1.0", "ce_id": "e\(character)1", "ce_source": "school/42",
            "ce_type": InsuranceEventType.enrollmentStopped.rawValue, "ce_subject": "P1",
            "ce_time": "2024-09-10T09:00:00+08:00", "content-type": "application/json",
        ]
        let data = Array((Fixtures.validData[.enrollmentStopped] ?? "").utf8)
        guard case .failure(let error) = EventIntake.validate(binaryHeaders: headers, data: data, policy: Fixtures.policy) else {
            Issue.record("accepted a control character in ce_id")
            return
        }
        #expect(error.problems.contains { $0.field == "id" && $0.rule.contains("control characters") })
    }

    /// Problems never echo the text refused: a certNo is personal data.
    @Test func problemsNeverQuoteTheValue() {
        let secret = "440305201503071234\u{0}"
        let problems = Self.problems(Self.withData(.enrollmentRegistered, "certNo", secret))
        #expect(!problems.isEmpty)
        #expect(!problems.contains { $0.rule.contains("440305") })
    }
}
