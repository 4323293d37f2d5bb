import Benefits
import Foundation

/// Hand-built events and a small, deterministic coverage computation for store tests.
enum SampleEvents {
    static let paidType = "insurance.contribution.paid.v1"

    static func event(
        _ number: Int,
        person: String,
        topic: String = "insurance.contributions.v1",
        partition: Int32 = 0,
        payload: String? = nil,
        day: Int = 1
    ) -> IncomingEvent {
        IncomingEvent(
            source: "test/school",
            eventId: "evt-\(number)",
            type: paidType,
            personId: person,
            eventTime: date("2024-10-\(String(format: "%02d", day))T08:00:00Z"),
            payload: payload ?? #"{"id":"evt-\#(number)","data":{"certNo":"110101200001011234"}}"#,
            topic: topic,
            partition: partition,
            offset: Int64(number)
        )
    }

    static func date(_ text: String) -> Date {
        try! Date(text, strategy: .iso8601)
    }

    /// One month-after-payment period per stored event, so a row count shows what history was seen.
    static func recompute(_ personId: String, _ history: [StoredEvent]) -> PersonResult {
        PersonResult(
            periods: history.enumerated().map { index, _ in
                let month = 11 + index % 2
                return CoveragePeriodRow(
                    policyYear: 2024 + index / 2,
                    startsOn: .clamped(year: 2024 + index / 2, month: month, day: 1),
                    endsOn: .clamped(year: 2025 + index / 2, month: 9, day: 30),
                    startMonth: "\(2024 + index / 2)-\(month)",
                    basis: "month_after_payment"
                )
            },
            facilityBindings: [
                FacilityBindingRow(
                    facilityCode: "F\(history.count)",
                    facilityKind: "community_health_centre",
                    boundOn: "2024-10-01",
                    status: .accepted
                )
            ],
            familyBindings: []
        )
    }
}
