/// `recompute --person` named a person with no stored event.
public struct RecomputeUnknownPerson: Error, CustomStringConvertible, Hashable {
    public let personId: String

    public init(personId: String) {
        self.personId = personId
    }

    public var description: String { "--person: no event is stored for \(String(reflecting: personId))" }
}
