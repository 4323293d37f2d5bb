import Foundation

/// One versioned SQL file of `Migrations/`, named `NNNN_name.sql`.
package struct Migration: Sendable, Hashable {
    let version: Int
    let name: String
    /// The file name, used in error messages.
    let fileName: String
    let sql: String

    init(version: Int, name: String, fileName: String, sql: String) {
        self.version = version
        self.name = name
        self.fileName = fileName
        self.sql = sql
    }

    /// The migrations shipped with the benefits service, in version order.
    package static func bundled() throws -> [Migration] {
        guard let folder = Bundle.module.url(forResource: "Migrations", withExtension: nil) else {
            throw MigrationError.missingFolder(path: "Migrations (bundle resource)")
        }
        return try load(from: folder)
    }

    /// Reads every `NNNN_name.sql` of `folder`, in version order; two files with one version are an error.
    static func load(from folder: URL) throws -> [Migration] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            throw MigrationError.missingFolder(path: folder.path)
        }
        var migrations: [Migration] = []
        for fileName in names where fileName.hasSuffix(".sql") {
            let stem = fileName.dropLast(4)
            let digits = stem.prefix { $0.isNumber }
            guard let version = Int(digits), stem.dropFirst(digits.count).first == "_" else {
                throw MigrationError.badFileName(fileName: fileName)
            }
            let sql = try String(contentsOf: folder.appendingPathComponent(fileName), encoding: .utf8)
            migrations.append(
                Migration(
                    version: version,
                    name: String(stem.dropFirst(digits.count + 1)),
                    fileName: fileName,
                    sql: sql
                )
            )
        }
        migrations.sort { $0.version < $1.version }
        for (earlier, later) in zip(migrations, migrations.dropFirst()) where earlier.version == later.version {
            throw MigrationError.duplicateVersion(earlier.fileName, later.fileName)
        }
        return migrations
    }
}

/// Why start-up stopped while bringing the schema up to date.
enum MigrationError: Error, Sendable, Hashable, CustomStringConvertible {
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
    var fileName: String? {
        switch self {
        case .missingFolder: nil
        case .badFileName(let fileName), .failed(let fileName, _), .checksumChanged(let fileName, _, _): fileName
        case .duplicateVersion(_, let second): second
        }
    }

    var description: String {
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
