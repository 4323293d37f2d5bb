#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes text to a file descriptor (stderr for progress, stdout for a summary).
public struct TextSink: Sendable {
    public let descriptor: Int32

    public static let standardError = TextSink(descriptor: 2)
    public static let standardOutput = TextSink(descriptor: 1)

    public init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Whether the descriptor is a terminal: decides bar versus plain lines.
    public var isTerminal: Bool { isatty(self.descriptor) == 1 }

    public func write(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer in
                Glibc.write(self.descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written <= 0 { return }
            offset += written
        }
    }
}
