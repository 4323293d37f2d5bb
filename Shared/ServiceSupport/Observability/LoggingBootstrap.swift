import Logging
import Settings
import Synchronization

/// Sets up swift-log once per process, at the level `LOG_LEVEL` names.
///
/// Log lines carry metadata as `key=value`. Callers never put citizen ID
/// numbers or names into messages or metadata: only person numbers, event ids
/// and sources.
public enum LoggingBootstrap {
    private static let done = Mutex(false)

    /// The level from `LOG_LEVEL` (default `info`).
    public static func level(from environment: ServiceEnvironment) throws -> Logger.Level {
        let text = environment.string("LOG_LEVEL", default: "info").lowercased()
        guard let level = Logger.Level(rawValue: text) else {
            let allowed = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
            throw ConfigurationError(variable: "LOG_LEVEL", rule: "must be one of \(allowed), got '\(text)'")
        }
        return level
    }

    /// Bootstraps the logging system (only the first call has effect) and
    /// returns a logger for `label`. `metadataProvider` adds metadata to every line (the
    /// trace id when tracing is on).
    public static func bootstrap(
        label: String,
        environment: ServiceEnvironment,
        metadataProvider: Logger.MetadataProvider? = nil
    ) throws -> Logger {
        let level = try level(from: environment)
        done.withLock { done in
            guard !done else { return }
            LoggingSystem.bootstrap(
                { label, provider in
                    var handler = StreamLogHandler.standardError(label: label, metadataProvider: provider)
                    handler.logLevel = level
                    return handler
                },
                metadataProvider: metadataProvider
            )
            done = true
        }
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }
}
