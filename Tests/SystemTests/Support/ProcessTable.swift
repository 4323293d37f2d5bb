import ChildProcess
import Synchronization

/// Every process a pipeline started, so tear-down stops each of them by PID.
final class ProcessTable: Sendable {
    private let started = Mutex<[ServiceProcess]>([])

    func record(_ process: ServiceProcess) { started.withLock { $0.append(process) } }

    var all: [ServiceProcess] { started.withLock { $0 } }

    func current(_ name: String) -> ServiceProcess? { started.withLock { $0.last { $0.name == name } } }

    var latestByName: [ServiceProcess] {
        started.withLock { list in
            var seen = Set<String>()
            return list.reversed().filter { seen.insert($0.name).inserted }
        }
    }
}
