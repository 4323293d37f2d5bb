import Foundation
import Settings

/// Both services' JSON token files (hashes, not tokens), read with `ConfigurationError`s that
/// name the variable pointing at the file, or the entry's field, and the rule.
public enum TokenFileDecoding {
    /// The file's bytes; a missing or unreadable file is an error naming `variable`.
    public static func contents(atPath path: String, variable: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(variable: variable, rule: "must name a readable file, got '\(path)'")
        }
        return data
    }

    /// The file decoded; JSON that does not have `shape` is an error naming `variable`.
    public static func decode<File: Decodable>(
        _ type: File.Type,
        from contents: Data,
        variable: String,
        shape: String
    ) throws -> File {
        do {
            return try JSONDecoder().decode(File.self, from: contents)
        } catch {
            throw ConfigurationError(variable: variable, rule: "must be JSON \(shape) (\(error))")
        }
    }

    /// The SHA-256 of entry `index` (`tokens[index].sha256`), 64 hexadecimal characters.
    public static func digest(_ sha256: String, index: Int) throws -> [UInt8] {
        guard let digest = TokenHash.decodeHex(sha256) else {
            throw ConfigurationError(variable: "tokens[\(index)].sha256", rule: "must be 64 hexadecimal characters (SHA-256 of the token)")
        }
        return digest
    }
}
