import CVKSZlib

// One gzip file made of pieces compressed apart, as pigz does: each piece is raw deflate ending
// on a byte boundary (a sync flush, never a final block), so pieces join into one member; the
// trailer's CRC-32 is combined from the pieces'. A piece that did not change is not compressed
// again, and the file is the same single-member gzip every reader knows.

/// A piece of a gzip file, compressed on its own.
public struct DeflatedPart: Sendable, Equatable {
    /// Raw deflate blocks, none of them final, ending on a byte boundary.
    public let bytes: [UInt8]
    /// CRC-32 and length of the uncompressed piece.
    public let crc32: UInt32
    public let length: Int

    public init(bytes: [UInt8], crc32: UInt32, length: Int) {
        self.bytes = bytes
        self.crc32 = crc32
        self.length = length
    }
}

/// Compresses one piece; `finish` hands it over.
public final class DeflatePartWriter: ByteSink {
    private let compressed = MemorySink()
    private let deflater: GzipWriter
    private var crc: uLong = CVKSZlib.crc32(0, nil, 0)
    private var length = 0

    public init(level: Int32 = 6) throws {
        // -15: raw deflate, no wrapper; the pieces share the one gzip header and trailer.
        deflater = try GzipWriter(destination: compressed, level: level, windowBits: -15)
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        crc = CVKSZlib.crc32(crc, base.assumingMemoryBound(to: Bytef.self), uInt(bytes.count))
        length += bytes.count
        try deflater.write(bytes)
    }

    public func finish() throws -> DeflatedPart {
        try deflater.finish(flush: Z_SYNC_FLUSH)
        return DeflatedPart(bytes: compressed.bytes, crc32: UInt32(crc), length: length)
    }
}

public enum GzipParts {
    /// The zlib linked in: pieces kept from another version may not be the bytes this one makes.
    public static let zlibVersionText = String(cString: zlibVersion())

    /// Writes `parts`, in order, as one gzip member with no time stamp and no name.
    public static func write(_ parts: [DeflatedPart], to sink: ByteSink) throws {
        // ID1 ID2, deflate, no flags, MTIME 0, no extra flags, OS Unix: what `GzipWriter` writes.
        try sink.write([0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03])
        var crc = CVKSZlib.crc32(0, nil, 0)
        var length = 0
        for part in parts {
            try sink.write(part.bytes)
            crc = crc32_combine(crc, uLong(part.crc32), off_t(part.length))
            length += part.length
        }
        // An empty final block (fixed Huffman, end of block), then CRC-32 and length, little-endian.
        try sink.write([0x03, 0x00])
        try sink.write(littleEndian(UInt32(crc)) + littleEndian(UInt32(truncatingIfNeeded: length)))
    }

    private static func littleEndian(_ value: UInt32) -> [UInt8] {
        (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }
}
