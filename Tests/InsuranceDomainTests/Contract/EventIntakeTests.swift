import RuleTables
import Testing

@testable import InsuranceDomain

@Suite struct EventIntakeTests {
    let policy = Fixtures.policy

    @Test(arguments: InsuranceEventType.allCases)
    func validSampleOfEveryTypeDecodes(type: InsuranceEventType) throws {
        let json = Fixtures.json(type: type.rawValue, data: Fixtures.validData[type]!)
        let event = try EventIntake.validate(json: json, policy: policy).get()
        #expect(event.type == type.rawValue)
        #expect(event.event.type == type)
        #expect(event.personId == "P1")
        #expect(event.stream == type.stream)
        // What gets published decodes to the same event.
        let again = try EventIntake.validate(json: event.structuredJSON, policy: policy).get()
        #expect(again.event == event.event)
        #expect(again.identity == event.identity)
    }

    @Test(arguments: InsuranceEventType.allCases)
    func typedEventsEncodeToValidJSON(type: InsuranceEventType) throws {
        let decoded = try EventIntake.validate(json: Fixtures.json(type: type.rawValue, data: Fixtures.validData[type]!), policy: policy).get()
        let rebuilt = ValidatedEvent(id: "x1", source: "unit", time: decoded.time, event: decoded.event)
        let again = try EventIntake.validate(json: rebuilt.structuredJSON, policy: policy).get()
        #expect(again.event == decoded.event)
        #expect(again.time == decoded.time)
    }

    @Test func everyProblemOfAnEventIsReportedAtOnce() {
        let json = Array(
            #"{"specversion":"0.3","id":"","type":"insurance.contribution.paid.v1","subject":"P 1","time":"yesterday","data":{"paymentId":"T-1","personId":"P1","policyYear":"2024","amountFen":-5,"paidAt":"2024-09-10","fromBirth":"no"}}"#
                .utf8
        )
        let problems = Set(failure(json).map(\.description))
        #expect(
            problems == [
                "specversion: must be 1.0",
                "id: must not be empty",
                "source: is required",
                "subject: must be the person number: 1–64 characters of A–Z, a–z, 0–9, '_' or '-'",
                "time: must be an RFC 3339 timestamp with an offset, e.g. 2024-09-30T23:59:00+08:00",
                "data.policyYear: must be an integer, got string",
                "data.amountFen: must be between 0 and 100000000",
                "data.dueFen: is required",
                "data.paidAt: must be an RFC 3339 timestamp with an offset, e.g. 2024-09-30T23:59:00+08:00",
                "data.fromBirth: must be true or false, got string",
            ]
        )
    }

    @Test(arguments: [
        // (data, expected problems)
        (
            #"{"personId":"P1","certType":"resident_id","certNo":"110105194912310021","birthDate":"1949-12-31","hukou":"local","category":"pupil","appliedOn":"2024-09-02"}"#,
            ["data.certNo: check character does not match the first 17 digits (ISO 7064 MOD 11-2)"]
        ),
        (
            #"{"personId":"P1","certType":"resident_id","certNo":"11010519491231002X","birthDate":"1950-01-01","hukou":"local","category":"pupil","appliedOn":"2024-09-02"}"#,
            ["data.birthDate: must equal the birth date encoded in data.certNo"]
        ),
        (
            #"{"personId":"P1","certType":"birth_certificate","certNo":"O123","birthDate":"2024-10-01","hukou":"elsewhere","category":"pupil","appliedOn":"2024-09-02"}"#,
            ["data.hukou: must be one of local, non_local"]
        ),
        (
            #"{"personId":"P1","certType":"birth_certificate","certNo":"O123","birthDate":"2024-10-01","hukou":"local","category":"pupil","appliedOn":"2024-09-02"}"#,
            ["data.appliedOn: must not be before data.birthDate"]
        ),
        (
            #"{"personId":"P1","certType":"passport","certNo":"","birthDate":"2024-02-30","hukou":"local","category":"adult","appliedOn":"2024-09-02","guardianCityInsuredMonths":1.5}"#,
            [
                "data.certType: must be one of resident_id, birth_certificate, other", "data.certNo: must not be empty",
                "data.birthDate: must be an existing date written YYYY-MM-DD",
                "data.category: must be one of pupil, university_student, child_not_in_school",
                "data.guardianCityInsuredMonths: must be an integer, got number",
            ]
        ),
    ])
    func registrationRules(data: String, expected: [String]) {
        let problems = failure(Fixtures.json(type: InsuranceEventType.enrollmentRegistered.rawValue, data: data))
        #expect(problems.map(\.description) == expected)
    }

    @Test(arguments: [
        // Rule 10: an unlisted year is never refused, but its due is not checked either.
        (
            #"{"paymentId":"T-1","personId":"P1","policyYear":2031,"amountFen":100,"dueFen":0,"paidAt":"2031-09-10T09:00:00+08:00"}"#,
            ["data.dueFen: must be between 1 and 100000000"]
        ),
        (
            #"{"paymentId":"T-1","personId":"P1","policyYear":2024,"amountFen":100,"dueFen":43633,"paidAt":"2024-09-10T09:00:00+08:00"}"#,
            ["data.dueFen: must not exceed the annual individual premium of 43632 fen for 2024"]
        ),
        (
            #"{"paymentId":"T 1","personId":"P2","policyYear":2024,"amountFen":100,"dueFen":0,"paidAt":"2024-09-10T09:00:00+08:00"}"#,
            ["data.paymentId: must be 1–64 characters of A–Z, a–z, 0–9, '_' or '-'", "data.dueFen: must be between 1 and 100000000"]
        ),
    ])
    func paymentRules(data: String, expected: [String]) {
        let problems = failure(Fixtures.json(type: InsuranceEventType.contributionPaid.rawValue, data: data))
        #expect(problems.map(\.description) == expected)
    }

    @Test func subjectMustBeThePerson() {
        let data = #"{"paymentId":"T-1","personId":"P2","policyYear":2024,"amountFen":100,"dueFen":100,"paidAt":"2024-09-10T09:00:00+08:00"}"#
        #expect(
            failure(Fixtures.json(type: "insurance.contribution.paid.v1", data: data)).map(\.description) == ["subject: must equal data.personId"]
        )
    }

    @Test(arguments: [
        (
            #"{"personId":"P1","facilityCode":"H1","facilityKind":"hospital","boundOn":"2024-10-02"}"#,
            ["data.hospitalLevel: is required when data.facilityKind is hospital"]
        ),
        (
            #"{"personId":"P1","facilityCode":"C1","facilityKind":"primary_clinic","hospitalLevel":1,"boundOn":"2024-10-02"}"#,
            ["data.hospitalLevel: is allowed only when data.facilityKind is hospital"]
        ),
        (
            #"{"personId":"P1","facilityCode":"H1","facilityKind":"hospital","hospitalLevel":4,"boundOn":"2024-10-02"}"#,
            ["data.hospitalLevel: must be between 1 and 3"]
        ),
    ])
    func facilityRules(data: String, expected: [String]) {
        #expect(failure(Fixtures.json(type: "insurance.binding.facility.v1", data: data)).map(\.description) == expected)
    }

    @Test func familyAccountRules() {
        let data = #"{"personId":"P1","authoriserId":"P1","relationship":"cousin","authoriserTier":3,"boundOn":"2024-10-02"}"#
        #expect(
            failure(Fixtures.json(type: "insurance.binding.family_account.v1", data: data)).map(\.description) == [
                "data.relationship: must be one of parent, spouse, child", "data.authoriserTier: must be between 1 and 2",
            ]
        )
        let same = #"{"personId":"P1","authoriserId":"P1","relationship":"parent","authoriserTier":1,"boundOn":"2024-10-02"}"#
        #expect(
            failure(Fixtures.json(type: "insurance.binding.family_account.v1", data: same)).map(\.description) == [
                "data.authoriserId: must differ from data.personId"
            ]
        )
    }

    @Test(arguments: [
        ("not json", "(event): invalid JSON at byte 0: invalid literal"),
        ("{\"a\":", "(event): invalid JSON at byte 5: unexpected end of input"),
        ("[1,2]", "(event): must be a JSON object, got array"),
        (
            #"{"specversion":"1.0","id":"1","source":"s","type":"insurance.unknown.v1","subject":"P1","time":"2024-09-10T09:00:00Z","data":{}}"#,
            "type: must be one of insurance.enrollment.registered.v1, insurance.enrollment.stopped.v1, insurance.enrollment.conflict_detected.v1, insurance.enrollment.conflict_resolved.v1, insurance.contribution.paid.v1, insurance.contribution.reversed.v1, insurance.binding.facility.v1, insurance.binding.family_account.v1, insurance.binding.family_account_revoked.v1"
        ),
        (
            #"{"specversion":"1.0","id":"1","source":"s","type":"insurance.enrollment.stopped.v1","subject":"P1","time":"2024-09-10T09:00:00Z"}"#,
            "data: is required"
        ),
        (
            #"{"specversion":"1.0","id":"1","source":"s","type":"insurance.enrollment.stopped.v1","subject":"P1","time":"2024-09-10T09:00:00Z","data":"x"}"#,
            "data: must be a JSON object, got string"
        ),
        (
            #"{"specversion":"1.0","id":"1","source":"s","type":"insurance.enrollment.stopped.v1","subject":"P1","time":"2024-09-10T09:00:00Z","datacontenttype":"text/xml","data":{"personId":"P1","effectiveOn":"2025-01-01","reason":"x"}}"#,
            "datacontenttype: must be application/json when present"
        ),
    ])
    func malformedEnvelopes(json: String, expected: String) {
        #expect(failure(Array(json.utf8)).map(\.description) == [expected])
    }

    @Test func binaryModeMatchesStructuredMode() throws {
        let data = Fixtures.validData[.contributionPaid]!
        let headers = [
            "ce_specversion": "1.0", "ce_id": "e1", "ce_source": "school/42", "ce_type": "insurance.contribution.paid.v1",
            "ce_subject": "P1", "ce_time": "2024-09-10T09:00:00+08:00", "content-type": "application/json",
        ]
        let binary = try EventIntake.validate(binaryHeaders: headers, data: Array(data.utf8), policy: policy).get()
        let structured = try EventIntake.validate(json: Fixtures.json(type: "insurance.contribution.paid.v1", data: data), policy: policy).get()
        #expect(binary.event == structured.event)
        #expect(binary.identity == structured.identity)
        #expect(try EventIntake.validate(json: binary.structuredJSON, policy: policy).get().event == structured.event)
    }

    @Test func binaryModeReportsHeaderAndDataProblemsTogether() {
        let result = EventIntake.validate(
            binaryHeaders: ["ce_specversion": "1.0", "ce_type": "insurance.contribution.paid.v1"],
            data: Array("{".utf8),
            policy: policy
        )
        guard case .failure(let error) = result else {
            Issue.record("accepted")
            return
        }
        #expect(error.problems.map(\.field) == ["id", "source", "subject", "time", "data"])
    }

    @Test func problemsNeverQuoteTheCitizenID() {
        let number = "110105194912310021"
        let data =
            #"{"personId":"P1","certType":"resident_id","certNo":"\#(number)","name":"张三","birthDate":"1950-01-01","hukou":"local","category":"pupil","appliedOn":"2024-09-02"}"#
        let text = EventValidationError(problems: failure(Fixtures.json(type: "insurance.enrollment.registered.v1", data: data))).description
        #expect(!text.contains(number))
        #expect(!text.contains("张三"))
        #expect(!text.contains("19491231"))
    }

    @Test func prefixedProblemsNameTheBatchIndex() {
        #expect(
            FieldProblem(field: "data.amountFen", rule: "must be at least 0").prefixed("[3].").description == "[3].data.amountFen: must be at least 0"
        )
    }

    private func failure(_ json: [UInt8]) -> [FieldProblem] {
        switch EventIntake.validate(json: json, policy: policy) {
        case .success:
            Issue.record("expected a rejection")
            return []
        case .failure(let error): return error.problems
        }
    }
}
