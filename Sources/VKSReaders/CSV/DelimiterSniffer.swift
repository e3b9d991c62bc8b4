/// Picks a CSV file's delimiter from its header and first records (SPEC §4): comma, semicolon or tab.
///
/// Excel's `sep=;` first line, when present, decides. Otherwise each candidate is counted outside
/// quotes on every complete line of the prefix; the one that splits the header and then the most
/// lines into the header's number of cells wins (comma on a tie, the RFC 4180 default).
public enum DelimiterSniffer {
    public static let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t")]

    public struct Result: Equatable, Sendable {
        public let delimiter: UInt8
        /// The first line is Excel's `sep=X`: skip it, it is not the header.
        public let hasSepLine: Bool
    }

    public static func sniff(_ prefix: ArraySlice<UInt8>) -> Result {
        var bytes = prefix
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if let sep = sepLine(bytes) { return Result(delimiter: sep, hasSepLine: true) }
        let lines = countsPerLine(bytes, maxLines: 50)
        guard let header = lines.first else { return Result(delimiter: candidates[0], hasSepLine: false) }
        var best = 0
        var bestScore = (-1, -1)
        for index in candidates.indices where header[index] > 0 {
            let agreeing = lines.dropFirst().filter { $0[index] == header[index] }.count
            let score = (agreeing, header[index])
            if score > bestScore { (best, bestScore) = (index, score) }
        }
        return Result(delimiter: candidates[best], hasSepLine: false)
    }

    public static func name(of delimiter: UInt8) -> String {
        switch delimiter {
        case UInt8(ascii: ";"): "semicolon"
        case UInt8(ascii: "\t"): "tab"
        default: "comma"
        }
    }

    /// `sep=;` (any case, optional CR) as the first line.
    private static func sepLine(_ bytes: ArraySlice<UInt8>) -> UInt8? {
        let head = Array(bytes.prefix(6))
        guard head.count >= 5, head[0] | 0x20 == UInt8(ascii: "s"), head[1] | 0x20 == UInt8(ascii: "e"),
            head[2] | 0x20 == UInt8(ascii: "p"), head[3] == UInt8(ascii: "=")
        else { return nil }
        let delimiter = head[4]
        guard delimiter != 0x0A && delimiter != 0x0D else { return nil }
        let after = head.count > 5 ? head[5] : 0x0A
        return after == 0x0A || after == 0x0D ? delimiter : nil
    }

    /// For each complete line (quotes respected), how often each candidate occurs outside quotes.
    private static func countsPerLine(_ bytes: ArraySlice<UInt8>, maxLines: Int) -> [[Int]] {
        var lines: [[Int]] = []
        var counts = [Int](repeating: 0, count: candidates.count)
        var inQuotes = false
        var lineHasContent = false
        for byte in bytes {
            if byte == UInt8(ascii: "\"") {
                inQuotes.toggle()
                lineHasContent = true
                continue
            }
            if !inQuotes && (byte == 0x0A || byte == 0x0D) {
                if lineHasContent { lines.append(counts) }
                if lines.count == maxLines { break }
                counts = [Int](repeating: 0, count: candidates.count)
                lineHasContent = false
                continue
            }
            lineHasContent = true
            if !inQuotes, let index = candidates.firstIndex(of: byte) { counts[index] += 1 }
        }
        if lines.isEmpty && lineHasContent { lines.append(counts) }  // a one-line file without a final newline
        return lines
    }
}
