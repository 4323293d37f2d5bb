import Benefits
import ServiceSupport
import Synchronization

/// Keeps what a recompute reports.
final class RecordingRecomputeProgress: ProgressReporter {
    let updates = Mutex<[RecomputeProgress]>([])
    let finished = Mutex<RecomputeProgress?>(nil)
    func update(_ progress: RecomputeProgress) { updates.withLock { $0.append(progress) } }
    func finish(_ progress: RecomputeProgress) { finished.withLock { $0 = progress } }
}
