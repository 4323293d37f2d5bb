#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
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
            let written = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let start = buffer.baseAddress else { return 0 }
                return systemWrite(self.descriptor, start + offset, buffer.count - offset)
            }
            if written <= 0 { return }
            offset += written
        }
    }
}

/// The C library's `write(2)` (the method called `write` hides the global function).
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Darwin)
    Darwin.write(descriptor, bytes, count)
    #elseif canImport(Glibc)
    Glibc.write(descriptor, bytes, count)
    #elseif canImport(Musl)
    Musl.write(descriptor, bytes, count)
    #endif
}
