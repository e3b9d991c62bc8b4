import Synchronization
import Testing
import VKSModel
import VKSReaders

@testable import VKSPipeline

struct KeySetTests {
    @Test func repeatsGiveTheFirstLine() {
        var keys = KeySet()
        #expect(keys.firstLine(of: [.text("79-01"), .integer(2020)], line: 2) == nil)
        #expect(keys.firstLine(of: [.text("79-02"), .integer(2020)], line: 3) == nil)
        #expect(keys.firstLine(of: [.text("79-01"), .integer(2020)], line: 9) == 2)
        #expect(keys.firstLine(of: [.text("79-01"), .integer(2020)], line: 12) == 2)
        #expect(keys.count == 2)
    }

    /// A blank, the number 0, the text "0" and values split differently across columns are all different keys.
    @Test func differentValuesNeverCollide() {
        var keys = KeySet()
        let distinct: [[CellValue]] = [
            [.null, .null], [.integer(0), .null], [.text("0"), .null], [.null, .integer(0)],
            [.text("ab"), .text("c")], [.text("a"), .text("bc")], [.text("abc"), .null],
        ]
        for (line, key) in distinct.enumerated() { #expect(keys.firstLine(of: key, line: line) == nil) }
        #expect(keys.count == distinct.count)
    }

    /// The table grows many times over; every key is still found with its line.
    @Test func growsWithoutLosingKeys() {
        var keys = KeySet()
        for n in 0..<20_000 { #expect(keys.firstLine(of: [.text("u\(n % 97)"), .integer(Int64(n))], line: n) == nil) }
        for n in stride(from: 0, to: 20_000, by: 7) {
            #expect(keys.firstLine(of: [.text("u\(n % 97)"), .integer(Int64(n))], line: -1) == n)
        }
    }
}
