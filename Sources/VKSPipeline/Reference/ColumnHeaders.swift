import VKSModel

/// How offices head each dataset column (SPEC §3, §4): its English name, its Vietnamese label, and
/// the everyday spellings of `column_headers.csv` (`Hư hỏng`, `Số kỹ sư CNTT`, `ĐVT`).
///
/// A header matches blind to case, Unicode normalisation, spacing and tone-mark placement
/// (`Text.matchKey`), and also with its diacritics left out altogether (`Text.folded`: `Hong` for
/// `Hỏng`), as long as that leaves it one column's. A header that matches none but is a slip away
/// from one (`Tong bien chee`) is named as probably that column (`nearest`), never silently dropped.
public struct ColumnHeaders: Sendable {
    /// One spelling from the reference data: for a column of `dataset`, or (nil) of every dataset
    /// that has the column (`unit_code`).
    public struct Spelling: Sendable, Equatable {
        public let dataset: Dataset?
        public let column: String
        public let header: String
    }

    private var exact: [Dataset: [String: Int]] = [:]
    private var folded: [Dataset: [String: Int]] = [:]

    /// The names and labels of SPEC §3 alone (no reference data at hand).
    public static let namesAndLabels = ColumnHeaders(checked: [])

    /// Throws when a spelling names no column, or when one spelling would stand for two columns of a
    /// dataset (which one would a file mean?).
    public init(_ spellings: [Spelling]) throws {
        for spelling in spellings {
            let datasets = spelling.dataset.map { [$0] } ?? Dataset.allCases
            guard datasets.contains(where: { $0.schema.index(of: spelling.column) != nil }) else {
                throw ReferenceError.unknownColumn(file: Self.fileName, column: spelling.column)
            }
        }
        self.init(checked: spellings)
        for dataset in Dataset.allCases {
            let schema = dataset.schema
            var seen: [String: Int] = [:]
            for (header, column) in Self.headers(of: dataset, spellings) {
                let key = Text.matchKey(header)
                if let other = seen[key], other != column {
                    throw ReferenceError.ambiguousAlias(
                        list: Self.fileName, text: header,
                        codes: [schema.columns[other].name, schema.columns[column].name])
                }
                seen[key] = column
            }
        }
    }

    private init(checked spellings: [Spelling]) {
        for dataset in Dataset.allCases {
            var exact: [String: Int] = [:]
            var folded: [String: Int?] = [:]
            for (header, column) in Self.headers(of: dataset, spellings) {
                exact[Text.matchKey(header)] = column
                let key = Text.folded(header)
                // Two columns that differ only in their diacritics are told apart by them alone.
                folded[key] = folded[key].map { $0 == column ? column : nil } ?? column
            }
            self.exact[dataset] = exact
            self.folded[dataset] = folded.compactMapValues { $0 }
        }
    }

    public static let fileName = "column_headers.csv"

    /// Every header of `dataset` and the column index it stands for.
    private static func headers(of dataset: Dataset, _ spellings: [Spelling]) -> [(String, Int)] {
        let schema = dataset.schema
        var headers: [(String, Int)] = []
        for (index, column) in schema.columns.enumerated() {
            headers.append((column.name, index))
            headers.append((column.label, index))
        }
        for spelling in spellings where spelling.dataset == nil || spelling.dataset == dataset {
            if let index = schema.index(of: spelling.column) { headers.append((spelling.header, index)) }
        }
        return headers
    }

    /// The column `header` names in `dataset`, by its index in the schema.
    public func column(_ header: String, in dataset: Dataset) -> Int? {
        exact[dataset]![Text.matchKey(header)] ?? folded[dataset]![Text.folded(header)]
    }

    /// The column `header` is probably a slip for: one or two letters away from one of its spellings
    /// (diacritics aside), and from no other column's. Nil when nothing is that close.
    public func nearest(_ header: String, in dataset: Dataset) -> Int? {
        let key = Array(Text.folded(header).unicodeScalars)
        guard key.count >= 4 else { return nil }
        let allowed = key.count >= 10 ? 2 : 1
        var found: Int?
        for (spelling, column) in folded[dataset]! {
            let other = Array(spelling.unicodeScalars)
            guard abs(other.count - key.count) <= allowed, Self.distance(key, other, atMost: allowed) <= allowed else {
                continue
            }
            if let found, found != column { return nil }
            found = column
        }
        return found
    }

    /// Levenshtein distance, given up once it passes `limit` (`a` is never empty here).
    private static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], atMost limit: Int) -> Int {
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            if current.min()! > limit { return limit + 1 }
            previous = current
        }
        return previous[b.count]
    }
}
