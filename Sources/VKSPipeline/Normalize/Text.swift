import Foundation

/// Text normalisation (SPEC §6) and the blind matching of codes and aliases (SPEC §3).
public enum Text {
    /// NFC, trimmed, runs of white space folded into one space: the form every stored text takes.
    public static func normalized(_ text: String) -> String {
        if isPlainASCII(text) { return text }
        let nfc = text.precomposedStringWithCanonicalMapping
        var result = ""
        result.reserveCapacity(nfc.utf8.count)
        var pendingSpace = false
        for scalar in nfc.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace {
                    result.unicodeScalars.append(" ")
                    pendingSpace = false
                }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// NFC only (no trimming): how a legacy or macOS file's decomposed letters are kept as the raw value.
    public static func composed(_ text: String) -> String {
        text.utf8.allSatisfy { $0 < 0x80 } ? text : text.precomposedStringWithCanonicalMapping
    }

    /// Printable ASCII with no space at either end and no two in a row: already normal (the common
    /// case of codes and numbers, checked without touching Foundation).
    static func isPlainASCII(_ text: String) -> Bool {
        isPlainASCII(text.utf8)
    }

    static func isPlainASCII(_ bytes: some Sequence<UInt8>) -> Bool {
        var previousSpace = true
        var isEmpty = true
        for byte in bytes {
            isEmpty = false
            guard byte >= 0x20 && byte < 0x7F else { return false }
            if byte == 0x20 {
                if previousSpace { return false }
                previousSpace = true
            } else {
                previousSpace = false
            }
        }
        return !previousSpace || isEmpty
    }

    /// The key under which codes, names and aliases are compared.
    ///
    /// Blind to case, Unicode normalisation (NFC/NFD), surrounding and repeated spaces, the look-alike
    /// `Ð` (U+00D0, Icelandic eth) typed for `Đ` (U+0110), and the two tone-mark placements of
    /// Vietnamese (`Hóa`/`Hoá`, `Thủy`/`Thuỷ`): in each word the tone marks are moved to its end, so
    /// only the letters, their vowel marks and the tone itself count.
    public static func matchKey(_ text: String) -> String {
        let decomposed = text.decomposedStringWithCanonicalMapping.lowercased()
        var key = String.UnicodeScalarView()
        var word = String.UnicodeScalarView()
        var tones = String.UnicodeScalarView()
        func flushWord() {
            guard !word.isEmpty else { return }
            if !key.isEmpty { key.append(" ") }
            key.append(contentsOf: word)
            key.append(contentsOf: tones)
            word.removeAll()
            tones.removeAll()
        }
        for scalar in decomposed.unicodeScalars {
            switch scalar.value {
            case 0x0300, 0x0301, 0x0303, 0x0309, 0x0323:  // grave, acute, tilde, hook above, dot below
                tones.append(scalar)
            case 0x00F0, 0x00D0:  // ð/Ð typed for đ/Đ
                word.append("\u{0111}")
            default:
                if scalar.properties.isWhitespace { flushWord() } else { word.append(scalar) }
            }
        }
        flushWord()
        // Recompose so keys stay short and printable.
        return String(key).precomposedStringWithCanonicalMapping
    }

    /// `matchKey` with every diacritic left out (`Hư hỏng` → `hu hong`, `Đơn vị` → `don vi`): how a
    /// header typed without Vietnamese input still finds its column.
    public static func folded(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in matchKey(text).decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.value {
            case 0x0300...0x036F: continue  // combining marks: tones, breve, circumflex, horn
            case 0x0111: result.append("d")  // đ
            default: result.append(scalar)
            }
        }
        return String(result)
    }
}
