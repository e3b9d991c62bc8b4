import Glibc
import Testing

@testable import VKSReaders

func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
    let sink = MemorySink()
    let writer = try GzipWriter(destination: sink)
    try writer.write(bytes)
    try writer.finish()
    return sink.bytes
}

func gunzip(_ bytes: [UInt8], limit: Int64 = .max) throws -> [UInt8] {
    let source = try GzipInflateSource(upstream: MemoryByteSource(bytes), limit: limit, chunkSize: 5)
    var out: [UInt8] = []
    try source.forEachChunk(chunkSize: 3) { out.append(contentsOf: $0) }
    return out
}

struct GzipTests {
    let text = Array(String(repeating: "Viện kiểm sát nhân dân, 79-03, 1.234.567\n", count: 200).utf8)

    @Test func roundTrip() throws {
        #expect(try gunzip(try gzip(text)) == text)
    }

    @Test func sameContentGivesSameBytesWithNoTimeStampOrName() throws {
        let first = try gzip(text)
        #expect(first == (try gzip(text)))
        #expect(Array(first[0..<4]) == [0x1F, 0x8B, 8, 0])  // no FNAME flag
        #expect(Array(first[4..<8]) == [0, 0, 0, 0])  // MTIME 0
    }

    @Test func concatenatedMembersAreOneStream() throws {
        #expect(try gunzip(try gzip(Array("ab".utf8)) + (try gzip(Array("cd".utf8)))) == Array("abcd".utf8))
    }

    /// `findings.csv.gz` is joined from pieces compressed apart: one gzip member (a reader that
    /// stops after the first member misses nothing) whose CRC checks out, whatever the pieces.
    @Test func piecesCompressedApartJoinIntoOneMember() throws {
        let pieces = [Array("\u{FEFF}period,file\r\n".utf8), text, [], Array("2026-Q3,79\r\n".utf8), text]
        let parts = try pieces.map { piece in
            let writer = try DeflatePartWriter()
            try writer.write(piece)
            return try writer.finish()
        }
        let sink = MemorySink()
        try GzipParts.write(parts, to: sink)
        #expect(try gunzip(sink.bytes) == pieces.flatMap { $0 })
        #expect(Array(sink.bytes[0..<10]) == Array((try gzip([]))[0..<10]))  // GzipWriter's header
        #expect(sink.bytes.count == 10 + parts.reduce(0) { $0 + $1.bytes.count } + 2 + 8)  // nothing after the trailer
        // A piece does not depend on what comes before it: compressed again, it is the same bytes.
        let again = try DeflatePartWriter()
        try again.write(text)
        #expect(try again.finish() == parts[1])
    }

    @Test func truncatedStreamIsAnError() throws {
        let whole = try gzip(text)
        #expect { try gunzip(Array(whole.dropLast(10))) } throws: { error in
            guard case ReaderError.gzip(let reason, _) = error else { return false }
            return reason.contains("truncated")
        }
    }

    @Test func corruptStreamIsAnError() throws {
        var bytes = try gzip(text)
        bytes[12] ^= 0xFF
        bytes[13] ^= 0xFF
        #expect { try gunzip(bytes) } throws: { error in
            if case ReaderError.gzip = error { return true }
            return false
        }
    }

    @Test func expansionPastTheLimitStops() throws {
        let bomb = try gzip([UInt8](repeating: 0, count: 1 << 20))
        #expect(throws: ReaderError.tooLarge(what: .fileBytes, limit: 1000, line: 0)) { try gunzip(bomb, limit: 1000) }
    }

    @Test func notGzipAtAll() throws {
        #expect { try gunzip(Array("plain text".utf8)) } throws: { error in
            if case ReaderError.gzip = error { return true }
            return false
        }
    }
}
