import VKSReaders

/// Any bytes through the encoding detector, then through the transcoder it chose.
func fuzzOne(_ input: UnsafeBufferPointer<UInt8>) {
    let bytes = Array(input)
    var detector = EncodingDetector()
    guard case .decided(let encoding)? = try? detector.detect({ MemoryByteSource(bytes) }),
        let name = encoding.iconvName,
        let source = try? TranscodingSource(upstream: MemoryByteSource(bytes), from: name, chunkSize: 5)
    else { return }
    try? source.forEachChunk(chunkSize: 11) { _ in }
}
