/// Why start-up stopped while bringing the schema up to date.
public enum MigrationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The migrations folder is not there.
    case missingFolder(path: String)
    /// A file in the folder is not named `NNNN_name.sql`.
    case badFileName(fileName: String)
    /// Two files claim one version.
    case duplicateVersion(String, String)
    /// The database refused a file; `message` is the database's own.
    case failed(fileName: String, message: String)
    /// An applied file was edited afterwards: the database no longer matches the file.
    case checksumChanged(fileName: String, applied: String, current: String)

    /// The file at fault, when there is one.
    public var fileName: String? {
        switch self {
        case .missingFolder: nil
        case .badFileName(let fileName), .failed(let fileName, _), .checksumChanged(let fileName, _, _): fileName
        case .duplicateVersion(_, let second): second
        }
    }

    public var description: String {
        switch self {
        case .missingFolder(let path):
            "migrations: folder \(path) not found"
        case .badFileName(let fileName):
            "migrations: \(fileName) must be named NNNN_name.sql"
        case .duplicateVersion(let first, let second):
            "migrations: \(first) and \(second) have the same version"
        case .failed(let fileName, let message):
            "migration \(fileName) failed: \(message)"
        case .checksumChanged(let fileName, let applied, let current):
            "migration \(fileName) was changed after it was applied (checksum \(applied) applied, \(current) now); add a new migration instead"
        }
    }
}
