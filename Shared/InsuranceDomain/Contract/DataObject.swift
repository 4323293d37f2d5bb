/// Typed reads from an event's `data` object whose fields were already checked against the
/// type's `EventField` list; a read of an absent or null field gives nil.
struct DataObject {
    let value: JSONValue

    private func present(_ name: String) -> JSONValue? {
        guard let v = value[name], v != .null else { return nil }
        return v
    }

    func string(_ name: String) -> String? { present(name)?.stringValue }
    func int(_ name: String) -> Int? { present(name)?.intValue }
    func bool(_ name: String) -> Bool? { present(name)?.boolValue }
    func date(_ name: String) -> LocalDate? { string(name).flatMap { LocalDate($0) } }
    func timestamp(_ name: String) -> Timestamp? { string(name).flatMap { Timestamp(rfc3339: $0) } }
    func enumeration<E: RawRepresentable>(_ name: String, _: E.Type) -> E? where E.RawValue == String {
        string(name).flatMap(E.init(rawValue:))
    }
}
