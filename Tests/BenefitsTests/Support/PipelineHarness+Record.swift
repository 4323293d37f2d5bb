import InsuranceDomain

extension PipelineHarness {
    /// A hand-written event as a record of this harness's topics: by event type, keyed by its subject.
    func record(_ json: String) -> TestRecord {
        let parsed = try? JSONParser.parse(Array(json.utf8))
        let type = parsed?["type"]?.stringValue ?? ""
        let topic = type.hasPrefix("insurance.contribution.") ? contributions : type.hasPrefix("insurance.binding.") ? bindings : enrollments
        return TestRecord(topic: topic, key: parsed?["subject"]?.stringValue ?? "", json: json)
    }
}
