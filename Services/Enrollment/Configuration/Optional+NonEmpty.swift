extension Optional where Wrapped == String {
    /// The value unless it is missing or empty: an empty variable means "use the default".
    var nonEmpty: String? {
        switch self {
        case .some(let value) where !value.isEmpty: value
        default: nil
        }
    }
}
