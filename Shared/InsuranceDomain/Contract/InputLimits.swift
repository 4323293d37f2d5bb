/// Every limit an event must keep, in one place; both doors (the enrollment service's HTTP
/// intake and the benefits service's Kafka consumer) validate with `EventIntake`, which reads
/// them from here. `docs/input-limits.md` gives the reason for each.
///
/// Lengths count Unicode scalars (code points), as PostgreSQL's `char_length` does, not
/// bytes and not user-perceived characters.
public enum InputLimits {
    /// Person and payment numbers, `subject`, the Kafka key: `[A-Za-z0-9_-]{1,64}`.
    public static let identifierLength = 64
    /// CloudEvents `id`: room for the CSV import's `csv-` + 64 hex digits and for UUIDs.
    public static let eventIdLength = 128
    /// CloudEvents `source`, a URI reference such as `/schools/42`.
    public static let sourceLength = 256
    /// Any other string attribute of the envelope (`dataschema`, extensions such as `traceparent`).
    public static let attributeLength = 256
    /// `certNo`: an 18-character citizen ID, or a birth certificate or passport number.
    public static let certificateNumberLength = 32
    /// `name`: a person's name as written on the certificate.
    public static let nameLength = 100
    /// Short codes: `facilityCode`, `channel`, `otherRegion`.
    public static let codeLength = 64
    /// Free text written by a person: `reason`.
    public static let freeTextLength = 500
    /// Any other text field (the default of `EventFieldKind.text`).
    public static let textLength = 200

    /// The earliest day a date or timestamp may name: no insured person or payment is older.
    public static let earliestDate = LocalDate.clamped(year: 1900, month: 1, day: 1)
    /// The latest day a date or timestamp may name: far beyond any policy year in use,
    /// and far from the end of the calendar, so date arithmetic never leaves it.
    public static let latestDate = LocalDate.clamped(year: 2200, month: 12, day: 31)

    /// Whether `date` lies within `earliestDate...latestDate`.
    public static func isSupported(_ date: LocalDate) -> Bool {
        earliestDate <= date && date <= latestDate
    }

    /// The rule text for a date outside the supported range.
    public static var dateRangeRule: String { "must be between \(earliestDate) and \(latestDate)" }
}
