import Foundation

/// The arrival times a transport recorded for the files it put into the inbox (SPEC §4, pipeline key
/// `arrivals`): a CSV `path,arrived_at`, the path relative to the inbox, the time ISO 8601 with its
/// offset. The portal writes one; a mail gateway may.
///
/// A listed time is the file's arrival, whatever its inode says: the transport knows when the
/// province handed the file over, which may be before it reached the folder.
struct ArrivalLog {
    private(set) var arrivals: [String: Date] = [:]
    /// Lines that could not be read, as `line N: text`, for the log.
    private(set) var unreadableLines: [String] = []

    init() {}

    /// Reads the file at `path`; a missing file is an empty log (nothing arrived through the transport yet).
    init(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || (index == 0 && line.lowercased().hasPrefix("path,")) { continue }
            // Times hold no comma and paths may: the time is after the last one.
            guard let comma = line.lastIndex(of: ","),
                let arrived = Clock.parse(line[line.index(after: comma)...].trimmingCharacters(in: .whitespaces))
            else {
                unreadableLines.append("line \(index + 1): \(line)")
                continue
            }
            arrivals[Self.unquoted(String(line[..<comma]))] = arrived
        }
    }

    func arrival(of relativePath: String) -> Date? { arrivals[relativePath] }

    /// A CSV cell as written: `"a,b.csv"` is `a,b.csv`, `""` inside quotes one quote.
    private static func unquoted(_ cell: String) -> String {
        guard cell.count >= 2, cell.hasPrefix("\""), cell.hasSuffix("\"") else { return cell }
        return String(cell.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"")
    }
}
