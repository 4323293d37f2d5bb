import InsuranceDomain

/// `benefits-service evaluate`: coverage of every person in a file of CloudEvents, without
/// Kafka or PostgreSQL, as the lines of docs/contract.md, "Offline evaluation".
///
/// A line that is not a valid event is listed in its person's `refused` (person from `subject`,
/// else `data.personId`; `eventId` is the event's `id`, or `line N` when it has none). When no
/// person can be read from it, it gets a line of its own after the persons, in line order:
/// `{"personId":null,"line":N,"periods":[],"refused":[{"eventId":…,"reason":…}]}`.
/// The family-account limit across persons is applied (`CoverageEngine.evaluateAll`).
package struct OfflineEvaluation: Sendable {
    let policy: PolicyBook

    package init(policy: PolicyBook) {
        self.policy = policy
    }

    /// The output lines (without newlines) for the input's bytes.
    package func evaluate(_ input: [UInt8]) -> [[UInt8]] {
        var events: [ValidatedEvent] = []
        var intakeRefusals: [String: [RefusedEvent]] = [:]
        var orphans: [(line: Int, refusal: RefusedEvent)] = []
        var lineNumber = 0
        for line in input.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            let bytes = Array(line.last == UInt8(ascii: "\r") ? line.dropLast() : line[...])
            guard bytes.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { continue }
            switch EventIntake.validate(json: bytes, policy: policy) {
            case .success(let event):
                events.append(event)
            case .failure(let error):
                let envelope = try? JSONParser.parse(bytes)
                let eventId = envelope?["id"]?.stringValue ?? "line \(lineNumber)"
                let refusal = RefusedEvent(eventId: eventId, reason: error.description)
                let person = [envelope?["subject"]?.stringValue, envelope?["data"]?["personId"]?.stringValue]
                    .compactMap { $0 }.first(where: ContractIdentifier.isValid)
                if let person {
                    intakeRefusals[person, default: []].append(refusal)
                } else {
                    orphans.append((lineNumber, refusal))
                }
            }
        }
        var byPerson: [String: PersonCoverage] = [:]
        for coverage in CoverageEngine.evaluateAll(events: events, policy: policy) {
            byPerson[coverage.personId] = coverage
        }
        let persons = Set(byPerson.keys).union(intakeRefusals.keys).sorted()
        var lines: [[UInt8]] = []
        lines.reserveCapacity(persons.count + orphans.count)
        for person in persons {
            let coverage = byPerson[person]
            let refused = ((coverage?.refused ?? []) + (intakeRefusals[person] ?? [])).sorted { $0.eventId < $1.eventId }
            lines.append(PersonCoverage.evaluationLine(personId: person, periods: coverage?.periods ?? [], refused: refused))
        }
        for orphan in orphans {
            lines.append(PersonCoverage.evaluationLine(personId: nil, line: orphan.line, periods: [], refused: [orphan.refusal]))
        }
        return lines
    }
}
