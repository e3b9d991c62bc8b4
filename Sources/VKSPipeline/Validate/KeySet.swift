import VKSModel

/// The row keys seen in one file, each with the line it first appeared on (for E_DUPLICATE_KEY).
///
/// Every row of every file goes through here, and it is the one thing `check` keeps that grows
/// with a file's rows, so it keeps as little as it can: not the keys, but a 96-bit fingerprint of
/// each (two hashes under seeds drawn at random per process) and its line, 16 bytes in an open-
/// addressing table at most three quarters full, whatever the key's length. Two different keys
/// share a fingerprint with a chance of about n²/2⁹⁷: for a file of ten million rows, 10⁻¹⁵. A file
/// cannot be built to collide without knowing the seeds (and would only earn itself a false
/// duplicate). See docs/DECISIONS.md.
struct KeySet {
    private struct Entry {
        var first: UInt64
        var second: UInt32
        var line: Int32

        static let free = Entry(first: 0, second: 0, line: .min)
    }

    /// The count is a power of two; a slot is free when its line is `Int32.min`.
    private var entries = [Entry](repeating: .free, count: 256)
    /// The key being looked up, encoded; reused from row to row.
    private var probe: [UInt8] = []
    private(set) var count = 0

    /// The line `key` was first seen on; nil when it is new, and then it is kept with `line`.
    mutating func firstLine(of key: some Sequence<CellValue>, line: Int) -> Int? {
        probe.removeAll(keepingCapacity: true)
        for value in key { Self.encode(value, into: &probe) }
        let (first, second) = probe.withUnsafeBytes {
            (Self.hash($0, seed: Self.seeds.0), UInt32(truncatingIfNeeded: Self.hash($0, seed: Self.seeds.1)))
        }
        let mask = entries.count - 1
        var slot = Int(truncatingIfNeeded: first) & mask
        while entries[slot].line != Entry.free.line {
            if entries[slot].first == first && entries[slot].second == second { return Int(entries[slot].line) }
            slot = (slot + 1) & mask
        }
        entries[slot] = Entry(first: first, second: second, line: max(Int32(clamping: line), .min + 1))
        count += 1
        if count * 4 > entries.count * 3 { grow() }
        return nil
    }

    private mutating func grow() {
        let old = entries
        entries = [Entry](repeating: .free, count: old.count * 2)
        let mask = entries.count - 1
        for entry in old where entry.line != Entry.free.line {
            var slot = Int(truncatingIfNeeded: entry.first) & mask
            while entries[slot].line != Entry.free.line { slot = (slot + 1) & mask }
            entries[slot] = entry
        }
    }

    /// Eight bytes at a time, each folded in by a full 64×64→128-bit multiply whose two halves are
    /// XORed (as wyhash does), both factors keyed by the seeds: several times cheaper than SipHash
    /// on every row, and with no difference between two words that passes through unchanged (a
    /// plain multiply-and-shift lets the top bit's through, so two keys could collide whatever
    /// the seeds).
    private static func hash(_ bytes: UnsafeRawBufferPointer, seed: (UInt64, UInt64)) -> UInt64 {
        @inline(__always) func fold(_ a: UInt64, _ b: UInt64) -> UInt64 {
            let (high, low) = a.multipliedFullWidth(by: b)
            return high ^ low
        }
        var hash = seed.0 ^ UInt64(bytes.count)
        var offset = 0
        while offset + 8 <= bytes.count {
            hash = fold(
                bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self) ^ seed.1, hash ^ 0x9E37_79B9_7F4A_7C15)
            offset += 8
        }
        var tail: UInt64 = 0
        for index in offset..<bytes.count { tail = tail << 8 | UInt64(bytes[index]) }
        hash = fold(tail ^ seed.1, hash ^ 0x9E37_79B9_7F4A_7C15)
        return fold(hash ^ seed.0, hash ^ 0xD6E8_FEB8_6659_FD93)
    }

    private static let seeds = (
        (UInt64.random(in: .min ... .max), UInt64.random(in: .min ... .max)),
        (UInt64.random(in: .min ... .max), UInt64.random(in: .min ... .max))
    )

    /// A tag byte per value, then a varint for an integer, or a varint length and the UTF-8 for a
    /// text: two different keys never encode alike, and years or codes take a few bytes each.
    private static func encode(_ value: CellValue, into buffer: inout [UInt8]) {
        switch value {
        case .null:
            buffer.append(0)
        case .integer(let number):
            buffer.append(1)
            // zigzag: small negatives stay short
            appendVarint(UInt64(bitPattern: (number << 1) ^ (number >> 63)), to: &buffer)
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
