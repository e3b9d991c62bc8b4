import VKSReaders

/// Any bytes through the CSV reader and the delimiter sniffer, with small limits so the limit paths run.
func fuzzOne(_ input: UnsafeBufferPointer<UInt8>) {
    let bytes = Array(input)
    _ = DelimiterSniffer.sniff(bytes[...])
    for delimiter in [UInt8(ascii: ","), UInt8(ascii: ";")] {
        let reader = CSVReader(
            source: MemoryByteSource(bytes), delimiter: delimiter,
            limits: CSVLimits(maxLineBytes: 512, maxCellBytes: 64, maxColumns: 16), chunkSize: 7)
        while let record = try? reader.next() {
            _ = record.strings
            _ = record.countWithoutTrailingEmpties
            _ = record.firstInvalidUTF8Cell
        }
    }
}
