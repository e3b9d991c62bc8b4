import Dispatch
import Foundation
import Synchronization

/// Runs `work` over `0..<count` on several threads and hands each result to `deliver` in index
/// order, one at a time: the output is the same, byte for byte, as a loop's.
///
/// Results that finish ahead of their turn wait in memory, so keep each one small (a file's
/// findings, not its rows). A failure ends it as it would end a loop: every index before the
/// failing one is still delivered, none after it is started, and the failing index's error is
/// rethrown (the earliest, when several fail).
public enum InOrderParallel {
    public static func forEach<Result: Sendable>(
        _ count: Int, threads: Int = defaultThreads,
        work: @Sendable (Int) throws -> Result,
        deliver: @Sendable (Int, Result) throws -> Void
    ) throws {
        let state = Mutex(Progress<Result>())
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, count))) { _ in
            while true {
                let index: Int? = state.withLock { state in
                    guard state.next < min(count, state.failedAt) else { return nil }
                    defer { state.next += 1 }
                    return state.next
                }
                guard let index else { return }
                do {
                    let result = try work(index)
                    // Whoever finds the next result in order ready delivers it, outside the lock (a
                    // delivery may write to the warehouse) so the other thread can go on working;
                    // `delivering` keeps deliveries one at a time and in order.
                    var ready: (Int, Result)? = state.withLock { state in
                        state.waiting[index] = result
                        return state.takeNextReady()
                    }
                    while let (readyIndex, readyResult) = ready {
                        do {
                            try deliver(readyIndex, readyResult)
                        } catch {
                            state.withLock { $0.fail(at: readyIndex, error) }
                            return
                        }
                        ready = state.withLock { state in
                            state.delivering = false
                            state.delivered += 1
                            return state.takeNextReady()
                        }
                    }
                } catch {
                    state.withLock { $0.fail(at: index, error) }
                }
            }
        }
        if let failure = state.withLock({ $0.failure }) { throw failure }
    }

    private struct Progress<Result> {
        var next = 0
        var delivered = 0
        var delivering = false
        var waiting: [Int: Result] = [:]
        /// The earliest index that failed, and its error: nothing from it on is started or delivered.
        var failedAt = Int.max
        var failure: (any Error)?

        mutating func fail(at index: Int, _ error: any Error) {
            guard index < failedAt else { return }
            failedAt = index
            failure = error
        }

        /// The next result in order, if it is ready, comes before any failure, and no one is delivering.
        mutating func takeNextReady() -> (Int, Result)? {
            guard !delivering, delivered < failedAt, let result = waiting.removeValue(forKey: delivered) else {
                return nil
            }
            delivering = true
            return (delivered, result)
        }
    }

    /// One thread per core (2 on the project's machines), or `VKSICT_THREADS` when set (benchmarks
    /// compare 1 and 2).
    public static var defaultThreads: Int {
        if let forced = ProcessInfo.processInfo.environment["VKSICT_THREADS"].flatMap(Int.init), forced > 0 {
            return forced
        }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }
}
