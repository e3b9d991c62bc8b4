import Glibc
import VKSReaders

/// An encoding or delimiter forced for files whose name matches a pattern (pipeline file key
/// `file_overrides`), for the files no detector can decide.
public struct FileOverride: Sendable, Equatable {
    /// A shell pattern (`52_*`, `*_spending.csv`) matched against the file's name, case-insensitively.
    public let pattern: String
    public let encoding: TextEncoding?
    public let delimiter: UInt8?

    public init(pattern: String, encoding: TextEncoding? = nil, delimiter: UInt8? = nil) {
        self.pattern = pattern
        self.encoding = encoding
        self.delimiter = delimiter
    }

    public func matches(_ fileName: String) -> Bool {
        fnmatch(pattern.lowercased(), fileName.lowercased(), 0) == 0
    }

    /// The overrides for a file: the first matching entry that sets each one wins.
    static func resolve(_ overrides: [FileOverride], for fileName: String) -> CSVOverrides {
        let matching = overrides.filter { $0.matches(fileName) }
        return CSVOverrides(
            encoding: matching.lazy.compactMap(\.encoding).first,
            delimiter: matching.lazy.compactMap(\.delimiter).first)
    }
}
