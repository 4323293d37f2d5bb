import PostgresNIO

/// What the rules made of a facility choice or a family account authorisation, as stored
/// (`status` of `facility_bindings` and `family_account_bindings`, checked by the schema) and
/// answered by the coverage API.
public enum BindingStatus: String, Sendable, Hashable, Codable {
    case accepted
    case refused
}

extension BindingStatus: PostgresDecodable {
    public init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer,
        type: PostgresDataType,
        format: PostgresFormat,
        context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        let text = try String(from: &buffer, type: type, format: format, context: context)
        guard let status = BindingStatus(rawValue: text) else { throw PostgresDecodingError.Code.failure }
        self = status
    }
}
