import Synchronization
import Testing
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

struct CellReaderTests {
    @Test(
        arguments: [("0", 0), ("7", 7), ("1234567", 1_234_567), ("999999999999999999", 999_999_999_999_999_999)]
            as [(String, Int64)])
    func plainIntegers(_ text: String, _ value: Int64) {
        #expect(Array(text.utf8).withUnsafeBufferPointer(CellReader.plainInteger) == value)
    }

    /// Anything whose canonical form is not its own bytes takes the general path (nil here).
    @Test(arguments: ["007", "00", "1.234", "1 234", "-5", "+5", "12a", "1234567890123456789", " 5"])
    func notPlain(_ text: String) {
        #expect(Array(text.utf8).withUnsafeBufferPointer(CellReader.plainInteger) == nil)
    }
}

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

struct SubmissionSchemaTests {
    /// CSV files are checked without ever compiling the XSD; the first XML file compiles it, and a
    /// schema that cannot be compiled fails that file's check loudly instead of passing it unchecked.
    @Test func compiledOnlyWhenAnXMLFileNeedsIt() throws {
        let broken = SubmissionSchema(path: repositoryRoot + "/no-such-schema.xsd")
        let checker = FileChecker(
            reference: referenceData,
            options: CheckOptions(today: CivilDate(year: 2026, month: 11, day: 29), schema: broken))
        let csv = Array("unit_code,total_staff,procurators,it_staff,it_engineers\n79,120,60,5,2\n".utf8)
        let result = try checker.check(deliveredName: "79_2026-Q3_staffing.csv", open: { MemoryByteSource(csv) })
        #expect(result.rowsTotal == 1 && result.errorCount == 0)
        let xml = Array("<?xml version=\"1.0\"?><submission/>".utf8)
        #expect(throws: (any Error).self) {
            try checker.check(deliveredName: "79_2026-Q3.xml", open: { MemoryByteSource(xml) })
        }
        let schema = SubmissionSchema(path: repositoryRoot + "/schemas/submission-v1.xsd")
        #expect(try schema.schema() === schema.schema())  // compiled once
    }
}
