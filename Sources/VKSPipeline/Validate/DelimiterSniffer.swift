/// Picks the delimiter of a CSV file from its first line: comma, semicolon or tab, whichever
/// occurs most outside quotes (comma on a tie, the RFC 4180 default).
enum DelimiterSniffer {
    static let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t")]

    static func sniff(_ prefix: ArraySlice<UInt8>) -> UInt8 {
        var counts = [Int](repeating: 0, count: candidates.count)
        var inQuotes = false
        for byte in prefix {
            if byte == UInt8(ascii: "\"") { inQuotes.toggle(); continue }
            if !inQuotes && (byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")) { break }
            if !inQuotes, let index = candidates.firstIndex(of: byte) { counts[index] += 1 }
        }
        let best = counts.indices.max { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) }!
        return counts[best] > 0 ? candidates[best] : candidates[0]
    }

    static func name(of delimiter: UInt8) -> String {
        switch delimiter {
        case UInt8(ascii: ";"): "semicolon"
        case UInt8(ascii: "\t"): "tab"
        default: "comma"
        }
    }
}
