import Synchronization
import Testing
import VKSModel
import VKSReaders

@testable import VKSPipeline

struct InOrderParallelTests {
    /// Work finishing out of order (later items are quicker) is still delivered in index order.
    @Test func deliversInIndexOrder() throws {
        let delivered = Mutex<[Int]>([])
        try InOrderParallel.forEach(
            40, threads: 2,
            work: { index in
                var spin = 0
                for step in 0..<((40 - index) * 20_000) { spin &+= step }
                return (index, spin)
            },
            deliver: { index, result in
                #expect(result.0 == index)
                delivered.withLock { $0.append(index) }
            })
        #expect(delivered.withLock { $0 } == Array(0..<40))
    }

    struct Boom: Error, Equatable { let index: Int }

    @Test func firstFailureStopsAndIsRethrown() {
        let delivered = Mutex(0)
        #expect(throws: Boom(index: 3)) {
            try InOrderParallel.forEach(
                1000, threads: 1,
                work: { index in
                    if index == 3 { throw Boom(index: index) }
                    return index
                }, deliver: { _, _ in delivered.withLock { $0 += 1 } })
        }
        #expect(delivered.withLock { $0 } == 3)
    }

    /// With two threads, a later index failing first (earlier ones are slow) still lets every earlier
    /// index be delivered, and the earliest failure is the one rethrown, as in a loop.
    @Test func earlierResultsAreDeliveredWhenALaterOneFailsFirst() {
        let delivered = Mutex<[Int]>([])
        #expect(throws: Boom(index: 5)) {
            try InOrderParallel.forEach(
                40, threads: 2,
                work: { index in
                    if index == 5 || index == 9 { throw Boom(index: index) }
                    var spin = 0
                    for step in 0..<(index == 0 ? 3_000_000 : 1000) { spin &+= step }
                    return spin
                }, deliver: { index, _ in delivered.withLock { $0.append(index) } })
        }
        #expect(delivered.withLock { $0 } == [0, 1, 2, 3, 4])
    }
}
