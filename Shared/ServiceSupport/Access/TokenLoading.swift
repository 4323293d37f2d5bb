import Foundation
import Settings

/// Both services' token configuration, read one way: a JSON file of hashes and a variable of
/// plain tokens, which add up; with neither, the development token, and only when asked for.
public enum TokenLoading {
    /// The names a service's token configuration goes by, for its errors.
    public struct Variables: Sendable {
        /// `ENROLLMENT_TOKENS_FILE`: the JSON file of hashes.
        public let file: String
        /// `ENROLLMENT_TOKENS`: plain tokens, `;`-separated.
        public let list: String
        /// `ENROLLMENT_HOST`: where the service listens (the development token only on loopback).
        public let host: String
        /// What the file holds, e.g. "token hashes with their sources and types".
        public let fileHolds: String
        /// What nobody could do without a token, e.g. "send events".
        public let purpose: String

        public init(file: String, list: String, host: String, fileHolds: String, purpose: String) {
            self.file = file
            self.list = list
            self.host = host
            self.fileHolds = fileHolds
            self.purpose = purpose
        }
    }

    /// The configured entries of the file (`file`, a path) and the variable (`list`), which add
    /// up; nil when neither is set and development mode is asked for on a loopback `host` (nil:
    /// serves nothing, as the CSV import): the caller then takes its development entry.
    /// Anything else with no entry is an error naming the variables and the way out.
    public static func load<Entry>(
        file: String?,
        list: String?,
        developmentMode: Bool,
        host: String?,
        variables: Variables,
        parseFile: (String) throws -> [Entry],
        parseList: (String) throws -> [Entry]
    ) throws -> [Entry]? {
        var entries: [Entry] = []
        if let file { entries += try parseFile(file) }
        if let list { entries += try parseList(list) }
        guard entries.isEmpty else { return entries }
        guard developmentMode else {
            throw ConfigurationError(
                variable: "\(variables.file) / \(variables.list)",
                rule:
                    "no token is configured, so nobody could \(variables.purpose): set \(variables.file) (\(variables.fileHolds)) or \(variables.list), or \(DevelopmentMode.variable)=1 on a developer's machine only to accept '\(DevelopmentMode.token)' (see docs/security.md)"
            )
        }
        if let host, !DevelopmentMode.isLoopback(host) {
            throw ConfigurationError(
                variable: DevelopmentMode.variable,
                rule:
                    "the development token may only be served on a loopback address, but \(variables.host) is '\(host)'; configure \(variables.file) or \(variables.list) instead"
            )
        }
        return nil
    }
}

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
