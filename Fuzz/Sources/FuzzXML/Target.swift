import VKSReaders

/// Any bytes through the XML submission reader (the parser and our SAX callbacks, no XSD).
func fuzzOne(_ input: UnsafeBufferPointer<UInt8>) {
    let reader = XMLSubmissionReader(source: MemoryByteSource(Array(input)), schema: nil,
                                     limits: XMLLimits(maxCellBytes: 64, maxDepth: 8), chunkSize: 13)
    while let event = try? reader.next() { _ = event }
}
