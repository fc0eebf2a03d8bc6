import Foundation
import Synchronization

/// Threads of their own, at a lower scheduling priority, that extraction runs on beside the one writer.
///
/// With `DispatchQueue.concurrentPerform`, extraction ran on as many threads as there are cores while the writer
/// ran on one more, and the scheduler shared the cores equally among them: on 2 cores, the writer, which the run
/// waits for, waited 0.3–0.7 s for a core over 10k generated files (`/proc/…/schedstat`). On Linux, extraction's
/// threads now yield to it: they are made for each call, run at nice 10, and are joined before the call returns, so
/// no thread of the caller or of Dispatch keeps the lower priority. Elsewhere, `concurrentPerform` runs it.
enum ExtractionThreads {
    /// The nice value of the threads on Linux: a thread at 0 gets about nine times their share of a core.
    static let niceness: Int32 = 10

    /// Calls `body` once for each index in `0..<iterations`, on one thread per core.
    ///
    /// Returns when every call has returned. `body` must be safe to call from several threads at once.
    static func perform(iterations: Int, _ body: (Int) -> Void) {
        #if os(Linux)
        let threadCount = min(iterations, ProcessInfo.processInfo.activeProcessorCount)
        guard threadCount > 0 else { return }
        withoutActuallyEscaping(body) { body in
            let job = Unmanaged.passRetained(Job(iterations: iterations, body: body))
            var threads: [pthread_t] = []
            for _ in 0..<threadCount {
                var thread = pthread_t()
                if pthread_create(&thread, nil, runJob, job.toOpaque()) == 0 { threads.append(thread) }
            }
            // Without a thread (none could be made), the calling thread does the work.
            if threads.isEmpty { job.takeUnretainedValue().run() }
            for thread in threads { pthread_join(thread, nil) }
            // Every thread has ended: nothing holds `body` past this call.
            job.release()
        }
        #else
        DispatchQueue.concurrentPerform(iterations: iterations, execute: body)
        #endif
    }

    #if os(Linux)
    /// A call's work, shared by its threads.
    private final class Job {
        let iterations: Int
        let body: (Int) -> Void
        private let next = Atomic<Int>(0)

        init(iterations: Int, body: @escaping (Int) -> Void) {
            self.iterations = iterations
            self.body = body
        }

        func run() {
            while case let index = next.add(1, ordering: .relaxed).oldValue, index < iterations { body(index) }
        }
    }

    private static let runJob: @convention(c) (UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? = {
        context in
        // A thread's nice value is its own on Linux: `who` 0 is the calling thread.
        setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
        if let context { Unmanaged<Job>.fromOpaque(context).takeUnretainedValue().run() }
        return nil
    }
    #endif
}
