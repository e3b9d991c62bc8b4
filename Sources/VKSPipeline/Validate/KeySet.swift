/// The row keys seen in one file, each with the line it first appeared on (for E_DUPLICATE_KEY).
///
/// Every row of every file goes through here, so it is built for that: keys are encoded as bytes
/// into one growing buffer and found through an open-addressing table of indices. There is no
/// allocation per key, and each costs its encoded length (about its text) plus about 24 bytes:
/// the one thing `check` keeps that grows with a file's rows.
struct KeySet {
    private var bytes: [UInt8] = []
    /// Key `i` is `bytes[ends[i - 1] ..< ends[i]]` (from 0 for the first).
    private var ends: [Int] = []
    private var firstLines: [Int32] = []
    /// The low 32 bits of each key's hash: they place it in `slots` and spare most comparisons.
    private var hashes: [UInt32] = []
    /// Index of the key in each slot, -1 when free; the count is a power of two.
    private var slots = [Int32](repeating: -1, count: 256)
    /// The key being looked up, encoded; reused from row to row.
    private var probe: [UInt8] = []

    var count: Int { ends.count }

    /// The line `key` was first seen on; nil when it is new, and then it is kept with `line`.
    mutating func firstLine(of key: some Sequence<CellValue>, line: Int) -> Int? {
        probe.removeAll(keepingCapacity: true)
        for value in key { Self.encode(value, into: &probe) }
        let hash = UInt32(truncatingIfNeeded: probe.withUnsafeBytes(Self.hash))

        let mask = slots.count - 1
        var slot = Int(hash) & mask
        while slots[slot] >= 0 {
            let index = Int(slots[slot])
            if hashes[index] == hash && storedKey(index).elementsEqual(probe) { return Int(firstLines[index]) }
            slot = (slot + 1) & mask
        }
        slots[slot] = Int32(ends.count)
        bytes.append(contentsOf: probe)
        ends.append(bytes.count)
        firstLines.append(Int32(clamping: line))
        hashes.append(hash)
        if ends.count * 2 > slots.count { grow() }
        return nil
    }

    private func storedKey(_ index: Int) -> ArraySlice<UInt8> {
        bytes[(index == 0 ? 0 : ends[index - 1])..<ends[index]]
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (index, hash) in hashes.enumerated() {
            var slot = Int(hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index)
        }
    }

    /// Eight bytes at a time, multiply and fold: several times cheaper than SipHash on every row.
    /// The per-process seed keeps a file from being built to collide (it would only slow the probing).
    private static func hash(_ bytes: UnsafeRawBufferPointer) -> Int {
        var hash = seed ^ UInt64(bytes.count)
        var offset = 0
        while offset + 8 <= bytes.count {
            hash = (hash ^ bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
            hash ^= hash >> 29
            offset += 8
        }
        var tail: UInt64 = 0
        for index in offset..<bytes.count { tail = tail << 8 | UInt64(bytes[index]) }
        hash = (hash ^ tail) &* 0x9E37_79B9_7F4A_7C15
        return Int(bitPattern: UInt(hash ^ hash >> 32))
    }

    private static let seed = UInt64.random(in: .min ... .max)

    /// A tag byte per value, then a varint for an integer, or a varint length and the UTF-8 for a
    /// text: two different keys never encode alike, and years or codes take a few bytes each.
    private static func encode(_ value: CellValue, into buffer: inout [UInt8]) {
        switch value {
        case .null:
            buffer.append(0)
        case .integer(let number):
            buffer.append(1)
            appendVarint(UInt64(bitPattern: (number << 1) ^ (number >> 63)), to: &buffer)   // zigzag: small negatives stay short
        case .text(let text):
            buffer.append(2)
            appendVarint(UInt64(text.utf8.count), to: &buffer)
            buffer.append(contentsOf: text.utf8)
        }
    }

    private static func appendVarint(_ value: UInt64, to buffer: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            buffer.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        buffer.append(UInt8(value))
    }
}
