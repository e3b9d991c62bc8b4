import Synchronization
import Testing
import VKSModel
import VKSReaders

@testable import VKSPipeline

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
