import Glibc

// Every call into glibc's iconv lives in this file: return codes checked here and turned into
// `ReaderError`, each descriptor closed in `deinit`.

/// Transcodes a byte stream from a legacy encoding into UTF-8 while it is read.
///
/// A multi-byte sequence cut by a chunk boundary is carried over to the next chunk; bytes that do
/// not decode stop the read with `.encoding`, naming the offset of the first of them.
public final class TranscodingSource: ByteSource {
    private let upstream: ByteSource
    private let converter: iconv_t
    private let encodingName: String
    private var input: [UInt8] = []
    private var inputStart = 0
    private var consumed: Int64 = 0
    private var lines = 1
    private var exhausted = false
    private var flushed = false
    private let chunkSize: Int

    public init(upstream: ByteSource, from encodingName: String, chunkSize: Int = 1 << 16) throws {
        self.upstream = upstream
        self.encodingName = encodingName
        self.chunkSize = chunkSize
        let handle = iconv_open("UTF-8", encodingName)
        guard handle != iconv_t(bitPattern: -1) else {
            throw ReaderError.encoding(byte: 0, line: 1, reason: "iconv cannot read \(encodingName)")
        }
        converter = handle!
    }

    deinit { iconv_close(converter) }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard buffer.count >= 8 else { return 0 }
        while true {
            if inputStart == input.count && !exhausted { try refill() }
            if inputStart == input.count && exhausted { return flush(into: buffer) }
            var inLeft = input.count - inputStart
            var outLeft = buffer.count
            let result: Int = input.withUnsafeMutableBytes { raw in
                var inPointer: UnsafeMutablePointer<CChar>? =
                    raw.baseAddress!.assumingMemoryBound(to: CChar.self) + inputStart
                var outPointer: UnsafeMutablePointer<CChar>? = buffer.baseAddress!.assumingMemoryBound(to: CChar.self)
                return iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
            }
            let code = errno
            let used = (input.count - inputStart) - inLeft
            countLines(input[inputStart..<(inputStart + used)])
            inputStart += used
            consumed += Int64(used)
            let produced = buffer.count - outLeft
            if result == -1 {
                switch code {
                case E2BIG:
                    return produced
                case EINVAL:
                    // An incomplete sequence at the end of what we have: more input may finish it.
                    if exhausted {
                        throw ReaderError.encoding(
                            byte: consumed, line: lines, reason: "incomplete \(encodingName) sequence at the end")
                    }
                    if produced > 0 { return produced }
                    try refill()
                    continue
                default:
                    throw ReaderError.encoding(byte: consumed, line: lines, reason: "not \(encodingName)")
                }
            }
            if produced > 0 { return produced }
        }
    }

    /// At the end of the input: CP1258 holds its last base letter back, waiting for a combining mark.
    private func flush(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard !flushed else { return 0 }
        flushed = true
        var outLeft = buffer.count
        var outPointer: UnsafeMutablePointer<CChar>? = buffer.baseAddress!.assumingMemoryBound(to: CChar.self)
        _ = iconv(converter, nil, nil, &outPointer, &outLeft)
        return buffer.count - outLeft
    }

    private func refill() throws {
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        let count = try chunk.withUnsafeMutableBytes { try upstream.read(into: $0) }
        input.removeSubrange(0..<inputStart)
        inputStart = 0
        if count == 0 { exhausted = true } else { input.append(contentsOf: chunk[0..<count]) }
    }

    private func countLines(_ bytes: ArraySlice<UInt8>) {
        // In UTF-16 a line feed is two bytes; counting 0x0A bytes is exact for the 8-bit encodings
        // and close enough to place an error in UTF-16 (whose other 0x0A bytes are rare in Vietnamese).
        for byte in bytes where byte == 0x0A { lines += 1 }
    }
}

/// Converts UTF-8 text into another encoding (the sample generator writes legacy files with it).
public enum Iconv {
    public static func encode(_ text: String, to encodingName: String) throws -> [UInt8] {
        let handle = iconv_open(encodingName, "UTF-8")
        guard handle != iconv_t(bitPattern: -1), let converter = handle else {
            throw ReaderError.encoding(byte: 0, line: 1, reason: "iconv cannot write \(encodingName)")
        }
        defer { iconv_close(converter) }
        var input = Array(text.utf8)
        var output = [UInt8](repeating: 0, count: input.count * 4 + 16)
        var inLeft = input.count
        var outLeft = output.count
        let result: Int = input.withUnsafeMutableBytes { inRaw in
            output.withUnsafeMutableBytes { outRaw in
                var inPointer: UnsafeMutablePointer<CChar>? = inRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
                var outPointer: UnsafeMutablePointer<CChar>? = outRaw.baseAddress!.assumingMemoryBound(to: CChar.self)
                return iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
            }
        }
        guard result != -1 else {
            throw ReaderError.encoding(
                byte: Int64(input.count - inLeft), line: 1, reason: "cannot write as \(encodingName)")
        }
        return Array(output[0..<(output.count - outLeft)])
    }

    /// What each byte means in a single-byte encoding (nil where it means nothing): the encoding
    /// detector scores candidates with these tables instead of decoding the file once per candidate.
    public static func singleByteTable(_ encodingName: String) -> [Unicode.Scalar?] {
        var table = [Unicode.Scalar?](repeating: nil, count: 256)
        for byte in 0...255 {
            guard let handle = iconv_open("UTF-32LE", encodingName), handle != iconv_t(bitPattern: -1) else {
                return table
            }
            defer { iconv_close(handle) }
            var input: [UInt8] = [UInt8(byte)]
            var output = [UInt8](repeating: 0, count: 16)
            var inLeft = 1
            var outLeft = output.count
            let result: Int = input.withUnsafeMutableBytes { inRaw in
                output.withUnsafeMutableBytes { outRaw in
                    var inPointer: UnsafeMutablePointer<CChar>? = inRaw.baseAddress!.assumingMemoryBound(to: CChar.self)
                    var outPointer: UnsafeMutablePointer<CChar>? = outRaw.baseAddress!.assumingMemoryBound(
                        to: CChar.self)
                    let converted = iconv(handle, &inPointer, &inLeft, &outPointer, &outLeft)
                    // CP1258 holds a base letter back, waiting for a combining mark: flush it out.
                    return converted == -1 ? -1 : iconv(handle, nil, nil, &outPointer, &outLeft)
                }
            }
            guard result != -1, output.count - outLeft >= 4 else { continue }
            let value = UInt32(output[0]) | UInt32(output[1]) << 8 | UInt32(output[2]) << 16 | UInt32(output[3]) << 24
            table[byte] = Unicode.Scalar(value)
        }
        return table
    }
}
