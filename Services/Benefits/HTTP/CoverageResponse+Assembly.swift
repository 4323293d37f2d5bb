import InsuranceDomain

extension CoverageResponse {
    /// The answer for one person from the stored rows, in force on `asOf`, with the status on
    /// `day` (when asked) from the domain's `coverage`. Pure, so it is fuzzed without a server.
    static func assemble(
        personId: String,
        periods: [CoveragePeriodRow],
        facilities: [FacilityBindingRow],
        family: [FamilyAccountBindingRow],
        asOf: LocalDate,
        day: LocalDate?,
        coverage: PersonCoverage,
        policy: PolicyBook
    ) -> CoverageResponse {
        let facility = facilities.last {
            $0.status == .accepted && $0.boundOn <= asOf && ($0.endsOn.map { $0 >= asOf } ?? true)
        }
        // A family-account binding is in force only on days the beneficiary is covered
        // (docs/rules.md, "Family account sharing"): it is kept, but nobody is listed before.
        let coveredAsOf = periods.contains { $0.startsOn <= asOf && asOf <= $0.endsOn }
        let authorisers = family.filter {
            coveredAsOf && $0.status == .accepted && $0.boundOn <= asOf && ($0.revokedOn.map { $0 > asOf } ?? true)
        }
        var status: Status?
        if let day {
            switch coverage.status(on: day) {
            case .covered(let period):
                status = .init(
                    on: day.description,
                    covered: true,
                    reason: "covered",
                    explanation: "covered from \(period.startsOn) to \(period.endsOn) (\(period.basis.rawValue))",
                    policyYear: period.policyYear,
                    basis: period.basis.rawValue
                )
            case .notCovered(let reason):
                status = .init(
                    on: day.description,
                    covered: false,
                    reason: reason.code,
                    explanation: reason.explanation,
                    policyYear: nil,
                    basis: nil
                )
            }
        }
        return CoverageResponse(
            personId: personId,
            periods: periods.map {
                .init(
                    policyYear: $0.policyYear,
                    startsOn: $0.startsOn.description,
                    endsOn: $0.endsOn.description,
                    startMonth: $0.startMonth,
                    basis: $0.basis,
                    assumedParameters: policy.isAssumed($0.policyYear)
                )
            },
            facility: facility.map {
                .init(facilityCode: $0.facilityCode, facilityKind: $0.facilityKind, hospitalLevel: $0.hospitalLevel, boundOn: $0.boundOn.description)
            },
            facilityStatus: FacilityState(coverage.facilityStatus(on: asOf)),
            familyAuthorisers: authorisers.map {
                .init(authoriserId: $0.authoriserId, relationship: $0.relationship, boundOn: $0.boundOn.description, rank: $0.rank)
            },
            status: status
        )
    }

    /// The JSON body, written by the domain's `JSONWriter`: members in the order of the
    /// declarations (docs/contract.md), members whose value is nil left out.
    func json() -> [UInt8] {
        JSONWriter.bytes(jsonValue)
    }

    var jsonValue: JSONValue {
        var members = [
            JSONMember("personId", .string(personId)),
            JSONMember("periods", .array(periods.map(\.jsonValue))),
        ]
        if let facility { members.append(JSONMember("facility", facility.jsonValue)) }
        members += [
            JSONMember("facilityStatus", facilityStatus.jsonValue),
            JSONMember("familyAuthorisers", .array(familyAuthorisers.map(\.jsonValue))),
        ]
        if let status { members.append(JSONMember("status", status.jsonValue)) }
        return .object(members)
    }
}

extension CoverageResponse.Period {
    var jsonValue: JSONValue {
        .object([
            JSONMember("policyYear", .number(String(policyYear))),
            JSONMember("startsOn", .string(startsOn)),
            JSONMember("endsOn", .string(endsOn)),
            JSONMember("startMonth", .string(startMonth)),
            JSONMember("basis", .string(basis)),
            JSONMember("assumedParameters", .bool(assumedParameters)),
        ])
    }
}

extension CoverageResponse.Facility {
    var jsonValue: JSONValue {
        var members = [
            JSONMember("facilityCode", .string(facilityCode)),
            JSONMember("facilityKind", .string(facilityKind)),
        ]
        if let hospitalLevel { members.append(JSONMember("hospitalLevel", .number(String(hospitalLevel)))) }
        members.append(JSONMember("boundOn", .string(boundOn)))
        return .object(members)
    }
}

extension CoverageResponse.Authoriser {
    var jsonValue: JSONValue {
        var members = [
            JSONMember("authoriserId", .string(authoriserId)),
            JSONMember("relationship", .string(relationship)),
            JSONMember("boundOn", .string(boundOn)),
        ]
        if let rank { members.append(JSONMember("rank", .number(String(rank)))) }
        return .object(members)
    }
}

extension CoverageResponse.FacilityState {
    var jsonValue: JSONValue {
        .object([JSONMember("code", .string(code)), JSONMember("explanation", .string(explanation))])
    }
}

extension CoverageResponse.Status {
    var jsonValue: JSONValue {
        var members = [
            JSONMember("on", .string(on)),
            JSONMember("covered", .bool(covered)),
            JSONMember("reason", .string(reason)),
            JSONMember("explanation", .string(explanation)),
        ]
        if let policyYear { members.append(JSONMember("policyYear", .number(String(policyYear)))) }
        if let basis { members.append(JSONMember("basis", .string(basis))) }
        return .object(members)
    }
}

extension CoverageResponse.FacilityState {
    init(_ status: FacilityStatus) {
        self.init(code: status.code, explanation: status.explanation)
    }
}
