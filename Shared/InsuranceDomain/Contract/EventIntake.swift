/// Decoding and validation of CloudEvents 1.0 carrying insurance events: structured mode
/// (the whole event as a JSON object) and binary mode (`ce_*` headers, `data` as the value).
///
/// Every problem of an event is reported at once; no input crashes it.
public enum EventIntake {

    /// Decodes one structured-mode CloudEvent (a JSON object) and validates envelope and
    /// data fully, returning every problem at once. Never crashes on any input.
    public static func validate(json: [UInt8], policy: PolicyBook) -> Result<ValidatedEvent, EventValidationError> {
        let value: JSONValue
        do {
            value = try JSONParser.parse(json)
        } catch {
            return .failure(EventValidationError(problems: [FieldProblem(field: "(event)", rule: error.description)]))
        }
        return validate(envelope: value, policy: policy)
    }

    /// Binary mode: `ce_*` Kafka headers (name -> value) plus `data` bytes.
    public static func validate(binaryHeaders: [String: String], data: [UInt8], policy: PolicyBook) -> Result<ValidatedEvent, EventValidationError> {
        var members: [JSONMember] = []
        // Sorted so the envelope (and its JSON) does not depend on dictionary order.
        for (name, value) in binaryHeaders.sorted(by: { $0.key < $1.key }) {
            let lower = name.lowercased()
            guard lower.hasPrefix("ce_") else { continue }
            members.append(JSONMember(String(lower.dropFirst(3)), .string(value)))
        }
        if let contentType = binaryHeaders.first(where: { $0.key.lowercased() == "content-type" })?.value {
            members.append(JSONMember("datacontenttype", .string(contentType)))
        }
        do {
            members.append(JSONMember("data", try JSONParser.parse(data)))
        } catch {
            var problems = envelopeProblems(.object(members)).problems
            problems.append(FieldProblem(field: "data", rule: error.description))
            return .failure(EventValidationError(problems: problems))
        }
        return validate(envelope: .object(members), policy: policy)
    }

    /// Validates an already parsed structured-mode envelope.
    public static func validate(envelope: JSONValue, policy: PolicyBook) -> Result<ValidatedEvent, EventValidationError> {
        guard case .object = envelope else {
            return .failure(EventValidationError(problems: [FieldProblem(field: "(event)", rule: "must be a JSON object, got \(envelope.kindName)")]))
        }
        var (problems, type, time) = envelopeProblems(envelope)
        let subject = envelope["subject"]?.stringValue
        var event: InsuranceEvent?
        if envelope["data_base64"] != nil {
            problems.append(FieldProblem(field: "data_base64", rule: "is not accepted: send data as a JSON object"))
        }
        if let type {
            switch envelope["data"] {
            case nil, .null?:
                problems.append(FieldProblem(field: "data", rule: "is required"))
            case let data?:
                problems += ControlCharacterScan.problems(
                    inMembersOf: data,
                    prefix: "data.",
                    skipping: type.fieldNames
                )
                switch InsuranceEvent.decode(type: type, data: data, policy: policy) {
                case .success(let decoded):
                    event = decoded
                    if let subject, subject != decoded.personId {
                        problems.append(FieldProblem(field: "subject", rule: "must equal data.personId"))
                    }
                case .failure(let error):
                    problems += error.problems
                }
            }
        }
        guard problems.isEmpty, let event, let time, let id = envelope["id"]?.stringValue,
            let source = envelope["source"]?.stringValue
        else {
            return .failure(
                EventValidationError(
                    problems: problems.isEmpty
                        ? [FieldProblem(field: "(event)", rule: "could not be read")] : problems
                )
            )
        }
        return .success(ValidatedEvent(id: id, source: source, time: time, event: event, envelope: envelope))
    }

    /// Attributes with a rule of their own in `envelopeProblems`.
    private static let checkedAttributes: Set<String> = [
        "specversion", "id", "source", "type", "subject", "time",
    ]
    /// The members the control-character scan of the envelope skips (built once, not per event).
    private static let checkedAttributesAndData = checkedAttributes.union(["data"])

    /// The CloudEvents 1.0 attributes: required ones present, each of the right shape.
    private static func envelopeProblems(_ envelope: JSONValue) -> (problems: [FieldProblem], type: InsuranceEventType?, time: Timestamp?) {
        var problems: [FieldProblem] = []
        func requiredString(_ name: String, maxLength: Int = InputLimits.attributeLength) -> String? {
            switch envelope[name] {
            case nil, .null?:
                problems.append(FieldProblem(field: name, rule: "is required"))
                return nil
            case .string(let s)?:
                if s.isEmpty {
                    problems.append(FieldProblem(field: name, rule: "must not be empty"))
                    return nil
                }
                if let rule = TextRules.problem(with: s, maxLength: maxLength) {
                    problems.append(FieldProblem(field: name, rule: rule))
                    return nil
                }
                return s
            case let other?:
                problems.append(FieldProblem(field: name, rule: "must be a string, got \(other.kindName)"))
                return nil
            }
        }
        if let version = requiredString("specversion"), version != "1.0" {
            problems.append(FieldProblem(field: "specversion", rule: "must be 1.0"))
        }
        _ = requiredString("id", maxLength: InputLimits.eventIdLength)
        _ = requiredString("source", maxLength: InputLimits.sourceLength)
        var type: InsuranceEventType?
        if let text = requiredString("type") {
            type = InsuranceEventType(rawValue: text)
            if type == nil {
                problems.append(
                    FieldProblem(field: "type", rule: "must be one of \(InsuranceEventType.allCases.map(\.rawValue).joined(separator: ", "))")
                )
            }
        }
        if let subject = requiredString("subject"), !ContractIdentifier.isValid(subject) {
            problems.append(FieldProblem(field: "subject", rule: "must be the person number: \(ContractIdentifier.shape)"))
        }
        var time: Timestamp?
        if let text = requiredString("time") {
            if let rule = EventField.timestampProblem(text) {
                problems.append(FieldProblem(field: "time", rule: rule))
            } else {
                time = Timestamp(rfc3339: text)
            }
        }
        switch envelope["datacontenttype"] {
        case nil, .null?: break
        case .string(let s)? where s == "application/json" || s.hasPrefix("application/json;"): break
        default: problems.append(FieldProblem(field: "datacontenttype", rule: "must be application/json when present"))
        }
        // Every other attribute (dataschema, extensions): no control characters, bounded length.
        if case .object(let members) = envelope {
            for member in members where !checkedAttributesAndData.contains(member.name) {
                if case .string(let s) = member.value, TextRules.firstControlCharacter(in: member.name) == nil,
                    let rule = TextRules.problem(with: s, maxLength: InputLimits.attributeLength)
                {
                    problems.append(FieldProblem(field: ControlCharacterScan.fieldName(member.name), rule: rule))
                }
            }
        }
        problems += ControlCharacterScan.problems(
            inMembersOf: envelope,
            prefix: "",
            skipping: checkedAttributesAndData
        )
        .filter { found in !problems.contains { $0.field == found.field } }
        problems = Array(problems.prefix(ControlCharacterScan.maximumProblems * 2))
        return (problems, type, time)
    }
}
