extension PersonTimelinePage {
    /// A plain GET form to `/v1/persons/{personId}/estimate` (the answer is the API's JSON).
    /// Fields left blank are sent empty and mean "not given".
    static func estimateForm(_ t: PersonTimeline) -> String {
        let person = HTML.escape(t.personId)
        func select(_ name: String, _ label: String, _ options: [(String, String)]) -> String {
            "<label>\(label) <select name=\"\(name)\">" + options.map { value, text in
                "<option value=\"\(HTML.escape(value))\">\(HTML.escape(text))</option>"
            }.joined() + "</select></label> "
        }
        return """
            <h2>Estimate a visit</h2>
            <div class="card"><form method="get" action="/v1/persons/\(person)/estimate">
            <label>Day <input type="date" name="on" value="\(HTML.escape(t.asOf.description))" required></label>
            \(select("care", "Care", [("outpatient", "outpatient"), ("consultation", "consultation fee"), ("inpatient", "inpatient")]))\
            <label>Cost (fen) <input type="number" name="costFen" min="0" step="1" required></label>
            <label>Facility code <input type="text" name="facilityCode" maxlength="64" placeholder="the one in force"></label>
            \(select("facilityLevel", "Level", [("", "of the facility in force"), ("1", "1 or below"), ("2", "2"), ("3", "3")]))\
            \(select("where", "Where", [("city", "in the city"), ("elsewhere", "outside the city")]))\
            \(select("route", "Route", [("", "chosen facility / temporary"), ("emergency", "emergency"), ("referral", "referral"), ("registered_residence", "registered residence"), ("temporary", "temporary")]))\
            \(select("inProvince", "Within the province", [("", "—"), ("true", "yes"), ("false", "no")]))\
            <label>Outpatient fund used this year (fen) <input type="number" name="usedFen" min="0" step="1" value="0"></label>
            <button type="submit">Estimate</button>
            </form><p class="note">Rates, cap and multipliers of the policy year covering the day; amounts rounded down to the fen.</p></div>
            """
    }
}
