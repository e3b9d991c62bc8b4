/// One `<row>` of an XML submission: its dataset, the line it starts on, and its cells laid out as a
/// CSV record in the order of the dataset's columns (`XMLSubmissionReader`'s `columns`): an element
/// not written is an empty cell, one written twice keeps its last text, one not among the columns
/// is left out (the XSD reports it).
public struct XMLRow: Sendable, Equatable {
    public let dataset: String
    public let line: Int
    public let record: CSVRecord
}

/// Something wrong with an XML file, with where it is.
public struct XMLProblem: Error, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Not well-formed XML (the parser stops here).
        case malformed
        /// Well-formed, but not what the published XSD describes.
        case schema
        /// A DOCTYPE: refused outright, a submission never needs one (and it is how XXE and
        /// entity bombs get in).
        case doctype
        /// Elements nested deeper than a submission ever goes.
        case tooDeep
        /// A text longer than the cell limit.
        case tooLarge
    }

    public let kind: Kind
    public let line: Int
    public let column: Int?
    /// The element concerned, when known.
    public let element: String?
    /// The dataset element it is inside, when it is inside one.
    public var dataset: String?
    /// libxml2's own words, in English (the pipeline puts them in a Vietnamese message).
    public let detail: String

    public init(kind: Kind, line: Int, column: Int?, element: String?, detail: String, dataset: String? = nil) {
        self.kind = kind
        self.line = line
        self.column = column
        self.element = element
        self.detail = detail
        self.dataset = dataset
    }
}

/// What the reader hands out, in document order.
public enum XMLEvent: Sendable, Equatable {
    /// The root element's attributes (`province`, `period`, `submittedAt`) and its line.
    case submission(attributes: [String: String], line: Int)
    case row(XMLRow)
    case problem(XMLProblem)
}
