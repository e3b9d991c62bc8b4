import Testing

@testable import VKSPipeline

struct ShortCellCacheTests {
    /// A file of thousands of distinct codes fills the table up to its capacity and no further; every
    /// writing kept still gives back its own outcome, and one never kept gives none.
    @Test func fillsToItsCapacityAndKeepsEachOutcome() throws {
        var cache = ShortCellCache()
        func key(_ number: Int) -> ShortCell {
            Array("79-\(number)".utf8).withUnsafeBufferPointer { ShortCell($0, column: 0)! }
        }
        var number = 0
        while !cache.isFull {
            cache.insert(.aliased(code: "c\(number)"), for: key(number))
            number += 1
        }
        #expect(number == ShortCellCache.capacity)
        for probe in [0, 1, 2047, number - 1] {
            guard case .aliased(let code) = cache.outcome(of: key(probe)) else {
                Issue.record("no outcome for 79-\(probe)")
                continue
            }
            #expect(code == "c\(probe)")
        }
        #expect(cache.outcome(of: key(number)) == nil)
        // another column
        #expect(cache.outcome(of: Array("79-0".utf8).withUnsafeBufferPointer { ShortCell($0, column: 1)! }) == nil)
    }
}
