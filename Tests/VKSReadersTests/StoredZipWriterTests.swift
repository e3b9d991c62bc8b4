import Testing

@testable import VKSReaders

/// The zip of a period's files: the same entries give the same bytes, and an entry that changes
/// between the two readings (its header states a CRC-32 before its bytes) is refused, never written wrong.
struct StoredZipWriterTests {
    func archive(_ entries: [(String, String)]) throws -> [UInt8] {
        let sink = MemorySink()
        let zip = StoredZipWriter(sink: sink)
        for (name, text) in entries { try zip.add(name) { MemoryByteSource(Array(text.utf8)) } }
        try zip.finish()
        return sink.bytes
    }

    @Test func oneStoredEntryIsItsHeaderItsBytesAndTheDirectory() throws {
        let bytes = try archive([("a.csv", "hi")])
        // Local header (30 + 5 name bytes), the two bytes, a central entry (46 + 5), the end record (22).
        #expect(bytes.count == 35 + 2 + 51 + 22)
        #expect(Array(bytes[0..<4]) == [0x50, 0x4B, 0x03, 0x04])
        #expect(Array(bytes[35..<37]) == Array("hi".utf8))
        #expect(Array(bytes[14..<18]) == [0xAC, 0x2A, 0x93, 0xD8])  // CRC-32 of "hi", little-endian
        #expect(try archive([("a.csv", "hi")]) == bytes)
    }

    @Test func anEntryThatChangesBetweenItsReadingsIsRefused() throws {
        let zip = StoredZipWriter(sink: MemorySink())
        var readings = 0
        #expect(throws: StoredZipWriter.ZipError.changedWhileRead(entry: "a.csv")) {
            try zip.add("a.csv") {
                readings += 1
                return MemoryByteSource(Array((readings == 1 ? "hi" : "ho").utf8))
            }
        }
    }
}
