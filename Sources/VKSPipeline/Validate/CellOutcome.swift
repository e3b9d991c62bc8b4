import VKSModel

/// What one written cell comes to before the row's rules run.
enum CellOutcome {
    /// A value; `asWritten` when its canonical text is exactly the cell's bytes, so there is no
    /// written form to keep beside it.
    case value(CellValue, asWritten: Bool)
    /// Money, converted to đồng once the row's amount unit is known; `plainDigits` when written as
    /// bare digits (then `1234` đồng is stored exactly as written).
    case money(ExactDecimal, plainDigits: Bool)
    /// A code reached through its name, an alias or a lost leading zero (reported once per file as W_ALIAS).
    case aliased(code: String)
    case problem(FindingCode, String)
}

/// Reads cells into `CellOutcome`s, cheaply for what most cells are.
///
/// Most cells are bare digits or one of a few codes repeated row after row. Bare digits are read
/// straight off the bytes, and each distinct writing of a code or unit cell is matched once per
/// file; everything else takes the general path through `CellParser` and `UnitChecker`, which gives
/// the same outcome for those cells too.
struct CellReader {
    let schema: DatasetSchema
    let parser: CellParser
    let units: UnitChecker

    /// Outcome by column and writing, for short code and unit cells (keys need no allocation).
    private var shortCodes = ShortCellCache()
    /// Per column: outcome by writing, for longer ones (names and aliases written out).
    private var longCodes: [[String: CellOutcome]]
    /// The columns' types and whether each must be filled, apart from their names: read per cell.
    private let types: [ColumnType]
    private let required: [Bool]

    init(schema: DatasetSchema, parser: CellParser, units: UnitChecker) {
        self.schema = schema
        self.parser = parser
        self.units = units
        longCodes = Array(repeating: [:], count: schema.columns.count)
        types = schema.columns.map(\.type)
        required = schema.columns.map(\.required)
    }

    /// The outcome of the cell `bytes` (valid UTF-8, in place in its record) in dataset column `index`.
    mutating func read(_ bytes: UnsafeBufferPointer<UInt8>, column index: Int) -> CellOutcome {
        if bytes.isEmpty {
            return required[index]
                ? .problem(.required, Messages.required(schema.columns[index])) : .value(.null, asWritten: true)
        }
        switch types[index] {
        case .integer:
            if let number = Self.plainInteger(bytes), number <= CellParser.maxCount {
                return .value(.integer(number), asWritten: true)
            }
        case .money:
            if let number = Self.plainInteger(bytes) {
                return .money(ExactDecimal(mantissa: number, scale: 0), plainDigits: true)
            }
        case .code, .unitCode:
            if let key = ShortCell(bytes, column: index) {
                if let known = shortCodes.outcome(of: key) { return known }
                let outcome = general(bytes, column: schema.columns[index])
                if !shortCodes.isFull { shortCodes.insert(outcome, for: key) }
                return outcome
            }
            let written = Self.text(bytes)
            if let known = longCodes[index][written] { return known }
            let outcome = general(bytes, column: schema.columns[index])
            if longCodes[index].count < ShortCellCache.capacity { longCodes[index][written] = outcome }
            return outcome
        case .text:
            // Plain ASCII is already composed and normal: the text as written, as `general` would give.
            if Text.isPlainASCII(bytes) {
                return .value(.text(String(decoding: bytes, as: UTF8.self)), asWritten: true)
            }
        }
        return general(bytes, column: schema.columns[index])
    }

    /// The cell as text, NFC-composed as every raw value is kept.
    static func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        Text.composed(String(decoding: bytes, as: UTF8.self))
    }

    private func general(_ bytes: UnsafeBufferPointer<UInt8>, column: DatasetColumn) -> CellOutcome {
        let written = Self.text(bytes)
        switch parser.parse(written, as: column) {
        case .value(let value):
            guard column.type == .unitCode, let text = value.text else {
                return .value(value, asWritten: value.canonicalText == written)
            }
            switch units.check(text) {
            case .ok(let code): return .value(.text(code), asWritten: code == written)
            case .padded(let code): return .aliased(code: code)
            case .problem(let code, let message): return .problem(code, message)
            }
        case .money(let amount):
            return .money(amount, plainDigits: false)
        case .aliased(let code):
            return .aliased(code: code)
        case .problem(let code, let message):
            return .problem(code, message)
        }
    }

    /// `0` or digits without a leading zero, at most 18 of them (so no overflow): the number is
    /// the text and its canonical form is the same bytes. Anything else (`007`, `1.234`, `-5`) is nil.
    static func plainInteger(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard bytes.count <= 18, let first = bytes.first, first != UInt8(ascii: "0") || bytes.count == 1 else {
            return nil
        }
        var value: Int64 = 0
        for byte in bytes {
            let digit = byte &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value &* 10 &+ Int64(digit)
        }
        return value
    }
}

/// A column and up to 16 bytes written in it, packed into three words: a key for a short cell that
/// needs no allocation.
struct ShortCell: Equatable {
    private var low: UInt64 = 0
    private var high: UInt64 = 0
    private var column: Int
    private var count: Int

    init?(_ bytes: UnsafeBufferPointer<UInt8>, column: Int) {
        guard bytes.count <= 16 else { return nil }
        self.column = column
        count = bytes.count
        for (offset, byte) in bytes.enumerated() {
            if offset < 8 {
                low |= UInt64(byte) << (8 * offset)
            } else {
                high |= UInt64(byte) << (8 * (offset - 8))
            }
        }
    }

    /// A multiply-and-fold mix of the words under `seed`: `ShortCellCache`'s slot, with no per-lookup
    /// hasher setup.
    func mixed(seed: UInt64) -> UInt64 {
        var hash = (low ^ seed) &* 0xBF58_476D_1CE4_E5B9
        hash = (hash ^ high ^ hash >> 31) &* 0x94D0_49BB_1331_11EB
        hash ^= UInt64(truncatingIfNeeded: column << 8 | count)
        hash = (hash ^ hash >> 29) &* 0xBF58_476D_1CE4_E5B9
        return hash ^ hash >> 32
    }
}

/// Outcomes by `ShortCell`, in an open-addressing table. Nearly every code cell of every row is
/// looked up here, and a `Dictionary` spent most of that time setting up and finishing SipHash
/// (a tenth of `check`'s profile). A file has a few dozen distinct writings, so the table stays small;
/// one made of thousands of distinct ones fills it, and the rest are matched each time they come
/// (the memory stays bounded). The slots are mixed under a seed drawn per table, so no file can be
/// written to make the writings it does hold collide.
struct ShortCellCache {
    /// The most writings kept (also per column for the longer writings `CellReader` keeps).
    static let capacity = 4096
    private let seed = UInt64.random(in: .min ... .max)
    private var keys: [ShortCell] = []
    private var outcomes: [CellOutcome] = []
    /// Index into `keys` per slot, -1 when free; the count is a power of two, at most half full.
    private var slots = [Int32](repeating: -1, count: 64)

    func outcome(of key: ShortCell) -> CellOutcome? {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: key.mixed(seed: seed)) & mask
        while slots[slot] >= 0 {
            if keys[Int(slots[slot])] == key { return outcomes[Int(slots[slot])] }
            slot = (slot + 1) & mask
        }
        return nil
    }

    var isFull: Bool { keys.count >= Self.capacity }

    mutating func insert(_ outcome: CellOutcome, for key: ShortCell) {
        keys.append(key)
        outcomes.append(outcome)
        if keys.count * 2 > slots.count {
            slots = [Int32](repeating: -1, count: slots.count * 2)
            for index in keys.indices { place(index) }
        } else {
            place(keys.count - 1)
        }
    }

    private mutating func place(_ index: Int) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: keys[index].mixed(seed: seed)) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(index)
    }
}
