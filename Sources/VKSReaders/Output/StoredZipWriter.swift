import CVKSZlib

/// A zip archive of stored (uncompressed) entries, written in order to a sink: what Windows opens
/// with a double click, the same bytes for the same entries (every entry dated 1980-01-01 00:00,
/// the earliest a zip can say; no extra fields; names flagged UTF-8). Neither an entry nor the
/// archive may reach 4 GiB (no ZIP64): a period's exports are far smaller, and `add` refuses more.
public final class StoredZipWriter {
    private let sink: ByteSink
    private var offset: UInt64 = 0
    private var centralDirectory: [UInt8] = []
    private var entries = 0

    public enum ZipError: Error, Equatable {
        /// The entry or the archive would need ZIP64.
        case tooLarge(entry: String)
        /// The bytes changed between the two readings of an entry.
        case changedWhileRead(entry: String)
    }

    public init(sink: ByteSink) {
        self.sink = sink
    }

    /// Adds the entry `name` with the bytes `open` gives. They are read twice: once for the CRC-32
    /// and length its header states first (a stored entry with a trailing descriptor is what some
    /// readers cannot take), once to copy them.
    public func add(_ name: String, open: () throws -> ByteSource) throws {
        let (crc, length) = try Self.checksum(try open())
        guard length < UInt64(UInt32.max), offset < UInt64(UInt32.max) else { throw ZipError.tooLarge(entry: name) }
        let nameBytes = Array(name.utf8)
        var header: [UInt8] = []
        header.append(le32: 0x0403_4b50)
        Self.appendCommonFields(to: &header, crc: crc, length: UInt32(length), nameLength: nameBytes.count)
        header += nameBytes

        var central: [UInt8] = []
        central.append(le32: 0x0201_4b50)
        central.append(le16: 20)  // made by: MS-DOS attributes (none), zip 2.0
        Self.appendCommonFields(to: &central, crc: crc, length: UInt32(length), nameLength: nameBytes.count)
        central.append(le16: 0)  // comment length
        central.append(le16: 0)  // disk number
        central.append(le16: 0)  // internal attributes
        central.append(le32: 0)  // external attributes
        central.append(le32: UInt32(offset))
        central += nameBytes

        try sink.write(header)
        var copied: UInt64 = 0
        var check = CVKSZlib.crc32(0, nil, 0)
        try open().forEachChunk { chunk in
            check = CVKSZlib.crc32(check, chunk.baseAddress?.assumingMemoryBound(to: Bytef.self), uInt(chunk.count))
            copied += UInt64(chunk.count)
            try sink.write(chunk)
        }
        guard copied == length, UInt32(check) == crc else { throw ZipError.changedWhileRead(entry: name) }
        offset += UInt64(header.count) + length
        centralDirectory += central
        entries += 1
    }

    /// Writes the central directory and its end record: the archive is complete.
    public func finish() throws {
        guard offset + UInt64(centralDirectory.count) < UInt64(UInt32.max), entries < Int(UInt16.max) else {
            throw ZipError.tooLarge(entry: "")
        }
        var end: [UInt8] = []
        end.append(le32: 0x0605_4b50)
        end.append(le16: 0)  // this disk
        end.append(le16: 0)  // the disk the directory starts on
        end.append(le16: UInt16(entries))
        end.append(le16: UInt16(entries))
        end.append(le32: UInt32(centralDirectory.count))
        end.append(le32: UInt32(offset))
        end.append(le16: 0)  // comment length
        try sink.write(centralDirectory)
        try sink.write(end)
    }

    /// The fields a local header and a central directory entry share, from "version needed" to
    /// "extra field length".
    private static func appendCommonFields(to bytes: inout [UInt8], crc: UInt32, length: UInt32, nameLength: Int) {
        bytes.append(le16: 20)  // version needed: 2.0
        bytes.append(le16: 0x0800)  // the name is UTF-8
        bytes.append(le16: 0)  // stored
        bytes.append(le16: 0)  // 00:00
        bytes.append(le16: 0x0021)  // 1980-01-01
        bytes.append(le32: crc)
        bytes.append(le32: length)  // compressed size: stored, the same
        bytes.append(le32: length)
        bytes.append(le16: UInt16(nameLength))
        bytes.append(le16: 0)  // extra field length
    }

    private static func checksum(_ source: ByteSource) throws -> (crc: UInt32, length: UInt64) {
        var crc = CVKSZlib.crc32(0, nil, 0)
        var length: UInt64 = 0
        try source.forEachChunk { chunk in
            crc = CVKSZlib.crc32(crc, chunk.baseAddress?.assumingMemoryBound(to: Bytef.self), uInt(chunk.count))
            length += UInt64(chunk.count)
        }
        return (UInt32(crc), length)
    }
}

extension [UInt8] {
    fileprivate mutating func append(le16 value: UInt16) {
        append(UInt8(value & 0xFF))
        append(UInt8(value >> 8))
    }

    fileprivate mutating func append(le32 value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { append(UInt8((value >> UInt32(shift)) & 0xFF)) }
    }
}
