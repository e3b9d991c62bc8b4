import VKSReaders

/// Any bytes through the XML submission reader (the parser, our SAX callbacks and the row layout,
/// no XSD). Two datasets' columns, as the pipeline passes all four, so that rows are laid out.
private let columns = [
    "staffing": ["unit_code", "total_staff", "procurators", "it_staff", "it_engineers"],
    "spending": ["unit_code", "category", "funding_source", "allocated", "spent", "amount_unit", "project_code"],
]

func fuzzOne(_ input: UnsafeBufferPointer<UInt8>) {
    let reader = XMLSubmissionReader(
        source: MemoryByteSource(Array(input)), schema: nil, columns: columns,
        limits: XMLLimits(maxCellBytes: 64, maxDepth: 8), chunkSize: 13)
    while let event = try? reader.next() { _ = event }
}
