import Foundation

/// `<prefix>-<milliseconds since 1970>-<random>`: a topic, group or database name that no other
/// test, parallel run or earlier run uses.
public func uniqueName(_ prefix: String) -> String {
    "\(prefix)-\(UInt64(Date().timeIntervalSince1970 * 1000))-\(UInt32.random(in: 0...UInt32.max))"
}
