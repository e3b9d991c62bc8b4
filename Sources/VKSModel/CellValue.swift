/// A cell after parsing: what normalisation will store.
public enum CellValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case text(String)

    public var integer: Int64? { if case .integer(let n) = self { n } else { nil } }
    public var text: String? { if case .text(let s) = self { s } else { nil } }

    /// The value as it would be written back: compared with the raw cell to keep provenance.
    public var canonicalText: String? {
        switch self {
        case .null: nil
        case .integer(let n): String(n)
        case .text(let s): s
        }
    }
}
