extension String {
    /// The text with every character a person cannot see, or that a terminal would act on, written
    /// as its code point (`<U+200B>`, `<U+001B>`): zero-width spaces and joiners, the byte order mark,
    /// bidirectional marks, control characters. What a message quotes from a province's cell is
    /// then what the officer can find and delete, and no cell can move a terminal's cursor.
    public var showingInvisibles: String {
        guard unicodeScalars.contains(where: \.isInvisible) else { return self }
        var shown = ""
        for scalar in unicodeScalars {
            if scalar.isInvisible {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                shown += "<U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + ">"
            } else {
                shown.unicodeScalars.append(scalar)
            }
        }
        return shown
    }
}

extension Unicode.Scalar {
    fileprivate var isInvisible: Bool {
        switch value {
        case 0x00...0x1F, 0x7F...0x9F: true  // C0 and C1 controls, DEL
        case 0x00AD: true  // soft hyphen
        case 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x2069, 0xFEFF: true
        default: false
        }
    }
}
