/// Builds the `XMLRow`s of a submission from the SAX callbacks: the dataset element being read, the
/// row inside it, the cell inside that.
///
/// A row's cell texts go end to end into one buffer, with where each column's text lies, and become
/// one `CSVRecord` in column order when the row ends: a row costs one record, not a `String` per
/// element name and text. The buffers are kept from row to row, and the state is one value so that
/// each callback touches the reader once (each access to a class's property is checked for
/// exclusivity at run time).
struct XMLRowAssembly {
    /// Each dataset element's column names, as bytes to compare with libxml2's element names.
    private let columns: [String: [[UInt8]]]
    private(set) var dataset = ""
    private var datasetColumns: [[UInt8]] = []
    /// The address libxml2 gave each column's element name once it was seen: libxml2 interns names,
    /// so the next cell of that column is found by address, without comparing bytes.
    private var seenNames: [UnsafePointer<UInt8>?] = []

    private var rowLine = 0
    private var rowText: [UInt8] = []
    /// Where each column's text is in `rowText`; -1: not written in this row.
    private var cellStart: [Int] = []
    private var cellEnd: [Int] = []

    /// The cell's column (-1 when not among the dataset's), its element's name as libxml2 interned it
    /// (valid for the whole parse; made a `String` only for a problem), the length of its text so far.
    private var cellColumn = -1
    private var cellName: UnsafePointer<UInt8>?
    private var cellLength = 0

    init(columns: [String: [String]]) {
        self.columns = columns.mapValues { $0.map { Array($0.utf8) } }
    }

    mutating func beginDataset(_ name: UnsafePointer<UInt8>?) {
        dataset = Self.string(name) ?? ""
        datasetColumns = columns[dataset] ?? []
        seenNames = Array(repeating: nil, count: datasetColumns.count)
        cellStart = Array(repeating: -1, count: datasetColumns.count)
        cellEnd = cellStart
    }

    mutating func beginRow(line: Int) {
        rowLine = line
        rowText.removeAll(keepingCapacity: true)
        for column in cellStart.indices { cellStart[column] = -1 }
    }

    mutating func beginCell(_ name: UnsafePointer<UInt8>?) {
        cellName = name
        cellColumn = -1
        if let name { cellColumn = column(named: name) }
        cellLength = 0
        if cellColumn >= 0 { cellStart[cellColumn] = rowText.count }
    }

    /// Adds text to the cell; false (and nothing added) once the cell would exceed `limit` bytes.
    mutating func append(_ text: UnsafePointer<UInt8>, count: Int, limit: Int) -> Bool {
        cellLength += count
        guard cellLength <= limit else { return false }
        if cellColumn >= 0 { rowText.append(contentsOf: UnsafeBufferPointer(start: text, count: count)) }
        return true
    }

    mutating func endCell() {
        if cellColumn >= 0 { cellEnd[cellColumn] = rowText.count }
    }

    /// The row's cells in column order, as one record. An element written twice keeps its last text.
    /// (`mutating` though it changes nothing: called through the callbacks' state pointer, a
    /// non-mutating call copied the whole assembly, its buffers retained, on every row.)
    mutating func endRow() -> XMLRow {
        var record = CSVRecord(position: CSVPosition(byte: 0, line: rowLine, record: 0))
        record.storage.reserveCapacity(rowText.count)
        record.ends.reserveCapacity(cellStart.count)
        rowText.withUnsafeBufferPointer { text in
            for column in cellStart.indices {
                if cellStart[column] >= 0 && cellEnd[column] >= cellStart[column] {
                    record.storage.append(
                        contentsOf: UnsafeBufferPointer(rebasing: text[cellStart[column]..<cellEnd[column]]))
                }
                record.ends.append(record.storage.count)
            }
        }
        return XMLRow(dataset: dataset, line: rowLine, record: record)
    }

    /// The column whose element is `name`; -1 when none is.
    private mutating func column(named name: UnsafePointer<UInt8>) -> Int {
        if let seen = seenNames.firstIndex(of: name) { return seen }
        guard let column = datasetColumns.firstIndex(where: { Self.same(name, $0) }) else { return -1 }
        seenNames[column] = name
        return column
    }

    /// The element of the cell being read, for a problem's report.
    var cellElement: String? { Self.string(cellName) }

    static func string(_ name: UnsafePointer<UInt8>?) -> String? { name.map { String(cString: $0) } }

    /// Whether libxml2's NUL-terminated `name` is `bytes`.
    private static func same(_ name: UnsafePointer<UInt8>, _ bytes: [UInt8]) -> Bool {
        for (offset, byte) in bytes.enumerated() where name[offset] != byte { return false }
        return name[bytes.count] == 0
    }
}
