/// What a redrive found and did, for its last line.
public struct RedriveSummary: Sendable, Hashable, CustomStringConvertible {
    public var dryRun: Bool
    /// Refusals read (those matching `--reason`).
    public var examined = 0
    /// Of those, records the current policy book and rules accept.
    public var nowValid = 0
    /// Events newly stored (with `--dry-run`: that would be stored).
    public var sent = 0
    /// Valid records whose event (same source and id) was stored already: by an earlier
    /// redrive, a resend, or a second refused copy of the same event.
    public var alreadyStored = 0
    /// Records still refused, including those the database refused again.
    public var stillRefused = 0
    /// Valid records the database refused when storing them (kept refused, no new row).
    public var refusedByDatabase = 0
    /// Refusal rows newly marked `redriven_at`.
    public var marked = 0

    public init(dryRun: Bool = false) {
        self.dryRun = dryRun
    }

    public var description: String {
        let sentText = dryRun ? "would send \(sent)" : "sent \(sent)"
        return "examined \(examined), now valid \(nowValid), \(sentText), already stored \(alreadyStored), "
            + "still refused \(stillRefused)" + (dryRun ? " (dry run: nothing written)" : ", newly marked redriven \(marked)")
    }
}
