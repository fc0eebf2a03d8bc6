import Foundation
import Synchronization
import Testing

@testable import PolicySearch

#if os(Linux)
/// Extraction runs on threads of its own that yield to the writer (on Linux; elsewhere `concurrentPerform` runs it).
struct ExtractionThreadsTests {
    @Test func everyIndexRunsOnceOnThreadsOtherThanTheCallers() {
        let calls = Mutex([Int](repeating: 0, count: 1_000))
        let callerThreads = Mutex(0)
        let caller = pthread_self()
        ExtractionThreads.perform(iterations: 1_000) { index in
            calls.withLock { $0[index] += 1 }
            if pthread_equal(pthread_self(), caller) != 0 { callerThreads.withLock { $0 += 1 } }
        }
        #expect(calls.withLock { $0 } == [Int](repeating: 1, count: 1_000))
        #expect(callerThreads.withLock { $0 } == 0)
        ExtractionThreads.perform(iterations: 0) { _ in Issue.record("called with no iterations") }
    }

    @Test func theThreadsRunAtALowerPriorityAndTheCallersStaysAsItWas() {
        let before = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        let seen = Mutex(Set<Int32>())
        ExtractionThreads.perform(iterations: 64) { _ in
            let nice = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
            seen.withLock { _ = $0.insert(nice) }
        }
        // A process already nicer than that stays as nice.
        #expect(seen.withLock { $0 } == [max(before, ExtractionThreads.niceness)])
        #expect(getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) == before)
    }
}
#endif
