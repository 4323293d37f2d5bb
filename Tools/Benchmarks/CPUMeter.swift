import Foundation

/// CPU time spent by this process and by the whole machine between two readings, so a bench can
/// say where the cycles of a run went (the pipeline runs in this process; PostgreSQL and the
/// broker account for most of the rest).
struct CPUMeter {
    private let process: Double
    private let machine: Double?

    init() {
        process = Self.processSeconds()
        machine = Self.machineBusySeconds()
    }

    /// Seconds of CPU since `init`: this process's, and every process's (nil where /proc/stat is missing).
    func elapsed() -> (process: Double, machine: Double?) {
        let now = Self.machineBusySeconds()
        return (Self.processSeconds() - process, now.flatMap { now in machine.map { now - $0 } })
    }

    private static func processSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Busy time of all CPUs from the first line of /proc/stat (user, nice, system, irq, softirq, steal).
    private static func machineBusySeconds() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
            let line = text.split(separator: "\n").first, line.hasPrefix("cpu ")
        else { return nil }
        let fields = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard fields.count >= 8 else { return nil }
        let busy = fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + fields[7]
        return busy / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
