/// Decides a CSV file's encoding over the whole file, not a sample (SPEC §4, issue 3).
///
/// A byte order mark decides at once (UTF-8, UTF-16 LE/BE). Otherwise the file is UTF-8 if every
/// byte sequence in it is valid UTF-8. If not, the two legacy Vietnamese encodings are scored in the
/// same single pass: each is read byte by byte through its table, and every word holding a
/// non-ASCII letter counts for it when it is a well-formed Vietnamese syllable (initial consonant,
/// one to three vowels, final consonant, at most one tone) and against it otherwise. Both encodings
/// map most high bytes to Vietnamese letters, so letter counts alone cannot tell them apart; the
/// syllables they spell can. The clear winner is taken; a file that is neither UTF-8 nor clearly
/// one of them is undecodable or ambiguous, and says so.
public struct EncodingDetector {
    public enum Outcome: Equatable, Sendable {
        case decided(TextEncoding)
        /// Not UTF-8, and no legacy encoding reads it as Vietnamese: the first bad UTF-8 byte.
        case undecodable(byte: Int64, line: Int)
        /// Both legacy encodings read it about equally well: a person must say which (pipeline file).
        case ambiguous(byte: Int64, line: Int)
        /// Not text at all: a NUL byte (no CSV has one), a spreadsheet saved under a .csv name (an
        /// .xlsx is a ZIP archive, an .xls an OLE2 file), or a gzip file without its `.gz`.
        case binary(byte: Int64, line: Int, what: NotText)
    }

    /// What a file that is not text is, by its first bytes.
    public enum NotText: Sendable, Equatable { case nul, spreadsheet, gzip }

    /// The scores of the last `detect` call, for `inspect` and tests.
    public private(set) var scores: [TextEncoding: Int] = [:]

    private static let windows1258 = Iconv.singleByteTable("CP1258")
    private static let tcvn3 = Iconv.singleByteTable("TCVN5712-1")

    public init() {}

    /// How many of the word's eight bytes are zero (exactly: no carry crosses a byte).
    static func zeroBytes(in word: UInt64) -> Int {
        let nonZero = (((word & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | word) & 0x8080_8080_8080_8080
        return 8 - nonZero.nonzeroBitCount
    }

    /// Decides the encoding of the stream `open` gives (called twice when the file is not UTF-8).
    public mutating func detect(_ open: () throws -> ByteSource) throws -> Outcome {
        // Pass 1: a byte order mark, or valid UTF-8 throughout (the common case, and a fast one).
        var validator = UTF8Validator()
        var offset: Int64 = 0
        var line = 1
        var firstInvalid: (byte: Int64, line: Int)?
        var first = true
        var outcome: Outcome?
        try open().forEachChunk { bytes in
            guard outcome == nil, firstInvalid == nil else { return }
            if first {
                first = false
                if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
                    outcome = .decided(.utf8WithBOM)
                    return
                }
                if bytes.starts(with: [0xFF, 0xFE]) {
                    outcome = .decided(.utf16LittleEndian)
                    return
                }
                if bytes.starts(with: [0xFE, 0xFF]) {
                    outcome = .decided(.utf16BigEndian)
                    return
                }
                if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
                    outcome = .binary(byte: 0, line: 1, what: .spreadsheet)
                    return
                }
                if bytes.starts(with: [0x1F, 0x8B]) {
                    outcome = .binary(byte: 0, line: 1, what: .gzip)
                    return
                }
            }
            var index = 0
            while index < bytes.count {
                // Eight bytes of ASCII without NUL at a time (most of any file): only line ends count.
                if validator.isComplete, index + 8 <= bytes.count {
                    let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                    if word & 0x8080_8080_8080_8080 == 0 && Self.zeroBytes(in: word) == 0 {
                        line += Self.zeroBytes(in: word ^ 0x0A0A_0A0A_0A0A_0A0A)
                        offset += 8
                        index += 8
                        continue
                    }
                }
                let byte = bytes[index]
                if byte == 0 {
                    outcome = .binary(byte: offset, line: line, what: .nul)
                    return
                }
                if !validator.accept(byte) {
                    firstInvalid = (offset, line)
                    return
                }
                if byte == 0x0A { line += 1 }
                offset += 1
                index += 1
            }
        }
        if let outcome { return outcome }
        if firstInvalid == nil && !validator.isComplete { firstInvalid = (offset, line) }
        guard let invalid = firstInvalid else { return .decided(.utf8) }

        // Pass 2: which legacy encoding spells Vietnamese syllables?
        var windows1258 = SyllableScore(table: Self.windows1258)
        var tcvn3 = SyllableScore(table: Self.tcvn3)
        try open().forEachChunk { bytes in
            for byte in bytes {
                windows1258.accept(byte)
                tcvn3.accept(byte)
            }
        }
        windows1258.endWord()
        tcvn3.endWord()
        // An encoding in which some byte means nothing is out of the running.
        let candidates = [(TextEncoding.windows1258, windows1258), (.tcvn3, tcvn3)].filter { !$0.1.isDisqualified }
        scores = Dictionary(uniqueKeysWithValues: candidates.map { ($0.0, $0.1.total) })
        guard let best = candidates.max(by: { $0.1.total < $1.1.total }), best.1.total > 0 else {
            return .undecodable(byte: invalid.byte, line: invalid.line)
        }
        // A clear winner: ahead of the other (if it is still in the running) by more than a fifth.
        if let other = candidates.first(where: { $0.0 != best.0 }),
            best.1.total - other.1.total <= max(1, best.1.total / 5)
        {
            return .ambiguous(byte: invalid.byte, line: invalid.line)
        }
        return .decided(best.0)
    }
}

/// Reads bytes through one single-byte encoding's table and scores the words they spell.
struct SyllableScore {
    let table: [Unicode.Scalar?]
    private(set) var total = 0
    /// Once a byte means nothing in the encoding, the encoding is out.
    private(set) var isDisqualified = false
    /// No Vietnamese syllable is longer: a longer run of letters is not one, and is not kept.
    private static let longestSyllable = 8
    private var word: [Unicode.Scalar] = []
    private var wordHasNonASCII = false

    init(table: [Unicode.Scalar?]) { self.table = table }

    mutating func accept(_ byte: UInt8) {
        guard !isDisqualified else { return }
        guard let scalar = table[Int(byte)] else {
            isDisqualified = true
            return
        }
        if VietnameseSyllable.isLetterOrTone(scalar) {
            if word.count <= Self.longestSyllable { word.append(scalar) }
            if scalar.value >= 0x80 { wordHasNonASCII = true }
        } else {
            endWord()
            if scalar.value >= 0x80 { total -= 1 }  // a symbol where Vietnamese text has letters
        }
    }

    mutating func endWord() {
        guard !isDisqualified else { return }
        if wordHasNonASCII {
            total += word.count <= Self.longestSyllable && VietnameseSyllable.isWellFormed(word) ? 2 : -2
        }
        word.removeAll(keepingCapacity: true)
        wordHasNonASCII = false
    }
}

/// Just enough Vietnamese orthography to tell a real syllable from mojibake.
enum VietnameseSyllable {
    /// Each base vowel followed by its five toned forms (grave, acute, hook, tilde, dot below).
    private static let tonedVowels = [
        "aàáảãạ", "ăằắẳẵặ", "âầấẩẫậ", "eèéẻẽẹ", "êềếểễệ", "iìíỉĩị", "oòóỏõọ", "ôồốổỗộ", "ơờớởỡợ",
        "uùúủũụ", "ưừứửữự", "yỳýỷỹỵ",
    ]
    private static let toneMarks: Set<UInt32> = [0x0300, 0x0301, 0x0303, 0x0309, 0x0323]
    /// Lower-case letter → (base letter, carries a tone).
    private static let letters: [Unicode.Scalar: (base: Unicode.Scalar, toned: Bool)] = {
        var map: [Unicode.Scalar: (Unicode.Scalar, Bool)] = [:]
        for row in tonedVowels {
            let scalars = Array(row.unicodeScalars)
            for (index, scalar) in scalars.enumerated() { map[scalar] = (scalars[0], index > 0) }
        }
        map["đ"] = ("đ", false)
        for value in UInt32(0x61)...0x7A {
            let s = Unicode.Scalar(value)!
            map[s] = map[s] ?? (s, false)
        }
        return map
    }()
    private static let vowels: Set<Unicode.Scalar> = Set(tonedVowels.map { $0.unicodeScalars.first! })
    private static let initials = [
        "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
        "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
    ]
    .map { Array($0.unicodeScalars) }
    private static let finals = ["ng", "nh", "ch", "c", "m", "n", "p", "t", ""].map { Array($0.unicodeScalars) }

    static func isLetterOrTone(_ scalar: Unicode.Scalar) -> Bool {
        toneMarks.contains(scalar.value) || letters[lowercased(scalar)] != nil
    }

    private static func lowercased(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        if scalar.value >= 0x41 && scalar.value <= 0x5A { return Unicode.Scalar(scalar.value + 0x20)! }
        let lower = String(scalar).lowercased().unicodeScalars
        return lower.count == 1 ? lower.first! : scalar
    }

    /// Initial consonant, one to three vowels, final consonant; one tone at most; a tone mark only
    /// right after a vowel.
    static func isWellFormed(_ word: [Unicode.Scalar]) -> Bool {
        var base: [Unicode.Scalar] = []
        var tones = 0
        for scalar in word {
            if toneMarks.contains(scalar.value) {
                guard let last = base.last, vowels.contains(last) else { return false }
                tones += 1
                continue
            }
            guard let letter = letters[lowercased(scalar)] else { return false }
            base.append(letter.base)
            if letter.toned { tones += 1 }
        }
        guard tones <= 1, !base.isEmpty, base.count <= 7 else { return false }
        for initial in initials where base.starts(with: initial) {
            for final in finals
            where base.count >= initial.count + final.count
                && Array(base.suffix(final.count)) == final
            {
                let nucleus = base[initial.count..<(base.count - final.count)]
                if (1...3).contains(nucleus.count) && nucleus.allSatisfy(vowels.contains) { return true }
            }
        }
        return false
    }
}

/// Validates UTF-8 one byte at a time, across chunk boundaries (RFC 3629: no overlongs, no
/// surrogates, nothing above U+10FFFF).
struct UTF8Validator {
    private var needed = 0
    private var lower: UInt8 = 0x80
    private var upper: UInt8 = 0xBF

    var isComplete: Bool { needed == 0 }

    mutating func accept(_ byte: UInt8) -> Bool {
        if needed == 0 {
            switch byte {
            case 0x00...0x7F: return true
            case 0xC2...0xDF: needed = 1
            case 0xE0:
                needed = 2
                lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: needed = 2
            case 0xED:
                needed = 2
                upper = 0x9F
            case 0xF0:
                needed = 3
                lower = 0x90
            case 0xF1...0xF3: needed = 3
            case 0xF4:
                needed = 3
                upper = 0x8F
            default: return false
            }
            return true
        }
        guard byte >= lower && byte <= upper else {
            needed = 0
            lower = 0x80
            upper = 0xBF
            return false
        }
        lower = 0x80
        upper = 0xBF
        needed -= 1
        return true
    }
}
