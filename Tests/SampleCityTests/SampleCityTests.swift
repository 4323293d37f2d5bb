import Foundation
import SampleCity
import Testing

@Suite("SampleCity")
struct SampleCityTests {
    let city = SampleCity(SampleCityOptions(persons: 3_000, seed: 7, annualPremiumFen: [2024: 43_632, 2025: 43_632]))

    @Test("the same seed gives the same events, and a person's story does not depend on the city's size")
    func deterministic() {
        let again = SampleCity(SampleCityOptions(persons: 3_000, seed: 7, annualPremiumFen: [2024: 43_632, 2025: 43_632]))
        #expect(Array(city.events) == Array(again.events))
        let larger = SampleCity(SampleCityOptions(persons: 10_000, seed: 7, annualPremiumFen: [2024: 43_632, 2025: 43_632]))
        #expect(larger.events(ofPerson: 1_234) == city.events(ofPerson: 1_234))
        let other = SampleCity(SampleCityOptions(persons: 3_000, seed: 8))
        #expect(other.events(ofPerson: 1_234) != city.events(ofPerson: 1_234))
    }

    @Test("every event that is not broken on purpose is a CloudEvent keyed by its subject")
    func wellFormed() throws {
        var checked = 0
        for event in city.events where !event.isFaulty {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(event.json.utf8)) as? [String: Any])
            #expect(object["specversion"] as? String == "1.0")
            #expect(object["subject"] as? String == event.key)
            let data = try #require(object["data"] as? [String: Any])
            #expect(data["personId"] as? String == event.key)
            let type = try #require(object["type"] as? String)
            #expect(
                type.hasPrefix(
                    "insurance.\(event.stream == .enrollments ? "enrollment" : event.stream == .contributions ? "contribution" : "binding")."
                )
            )
            checked += 1
        }
        #expect(checked > 9_000)
    }

    @Test("citizen ID numbers carry a correct ISO 7064 MOD 11-2 check character and the birth date")
    func citizenIDs() throws {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let checks = Array("10X98765432")
        var seen = 0
        for event in city.events where !event.isFaulty && event.json.contains(#""certType":"resident_id""#) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(event.json.utf8)) as? [String: Any])
            let data = try #require(object["data"] as? [String: Any])
            let id = Array(try #require(data["certNo"] as? String))
            #expect(id.count == 18)
            let sum = zip(id.prefix(17), weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
            #expect(id[17] == checks[sum % 11])
            let birth = (data["birthDate"] as? String)?.replacingOccurrences(of: "-", with: "")
            #expect(String(id[6..<14]) == birth)
            seen += 1
        }
        #expect(seen > 1_000)
    }

    @Test("the city holds every story: late renewals, instalments, reversals, stops, newborns, bindings, faults, duplicates")
    func variety() {
        let all = Array(city.events)
        let text = all.map(\.json)
        #expect(text.contains { $0.contains("contribution.reversed") })
        #expect(text.contains { $0.contains("enrollment.stopped") })
        #expect(text.contains { $0.contains(#""fromBirth":true"#) })
        #expect(text.contains { $0.contains(#""hukou":"non_local""#) })
        #expect(text.contains { $0.contains("binding.facility") && $0.contains(#""hospitalLevel":3"#) })
        #expect(text.contains { $0.contains("family_account_revoked") })
        #expect(text.contains { $0.contains(#""authoriserTier":2"#) })
        #expect(text.contains { $0.contains("enrollment.conflict_detected") })
        #expect(text.contains { $0.contains("enrollment.conflict_resolved") })
        // Default renewals: most persons with payments have no registration in the stream.
        let registered = Set(all.filter { $0.json.contains("enrollment.registered") }.map(\.key))
        let paying = Set(all.filter { $0.json.contains("contribution.paid") }.map(\.key))
        #expect(paying.subtracting(registered).count > paying.count / 4, "payments standing alone should be common")
        let faulty = all.filter(\.isFaulty).count
        #expect((10...80).contains(faulty), "about 1% of 3,000 people send a broken event, got \(faulty)")
        #expect(Set(text).count < text.count, "some events are sent twice")
        let lateRenewals = text.filter {
            $0.contains(#""policyYear":2025"#) && ($0.contains("2025-11-") || $0.contains("2025-12-") || $0.contains("2026-01-"))
        }
        #expect(!lateRenewals.isEmpty)
    }

    @Test("amounts due for part of a year are the annual premium over 12 times the months left")
    func partialYearDue() throws {
        for event in city.events where !event.isFaulty && event.json.contains("contribution.paid") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(event.json.utf8)) as? [String: Any])
            let due = try #require((object["data"] as? [String: Any])?["dueFen"] as? Int)
            #expect(due % 3_636 == 0 && (1...12).contains(due / 3_636), "due \(due) is not a whole number of months")
        }
    }
}
