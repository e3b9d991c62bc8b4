import CVKSZlib

// Every call into zlib lives in this file: return codes are checked here and turned into
// `ReaderError`/`WriterError`, and each z_stream is released in `deinit`.

/// Decompresses a gzip stream (several members allowed, as `cat a.gz b.gz` makes) while it is read.
///
/// `limit` bounds the decompressed size: a gzip bomb stops with `.tooLarge` after `limit` bytes,
/// never after filling memory or disk.
public final class GzipInflateSource: ByteSource {
    private let upstream: ByteSource
    private let limit: Int64
    private var stream = z_stream()
    private var input: UnsafeMutableRawBufferPointer
    private var produced: Int64 = 0
    private var finished = false
    private var sawInput = false
    private var atMemberBoundary = false

    public init(upstream: ByteSource, limit: Int64 = .max, chunkSize: Int = 1 << 16) throws {
        self.upstream = upstream
        self.limit = limit
        input = .allocate(byteCount: chunkSize, alignment: 16)
        // 15 + 16: gzip wrapper only, maximum window.
        // (`deinit` runs even when this throws, and frees `input`.)
        guard vks_inflateInit2(&stream, 15 + 16) == Z_OK else {
            throw ReaderError.gzip(reason: "inflateInit2 failed", offset: 0)
        }
    }

    deinit {
        inflateEnd(&stream)
        input.deallocate()
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard !finished, buffer.count > 0 else { return 0 }
        stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = uInt(buffer.count)
        while stream.avail_out > 0 {
            if stream.avail_in == 0 {
                let count = try upstream.read(into: input)
                if count == 0 {
                    // The input may only end right after a complete member.
                    guard sawInput else { throw ReaderError.gzip(reason: "empty gzip file", offset: produced) }
                    guard atMemberBoundary else {
                        throw ReaderError.gzip(reason: "truncated gzip stream", offset: produced)
                    }
                    finished = true
                    break
                }
                sawInput = true
                stream.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.avail_in = uInt(count)
            }
            let before = stream.avail_out
            let status = inflate(&stream, Z_NO_FLUSH)
            produced += Int64(before - stream.avail_out)
            if produced > limit { throw ReaderError.tooLarge(what: .fileBytes, limit: Int(limit), line: 0) }
            switch status {
            case Z_OK, Z_BUF_ERROR:
                atMemberBoundary = false
            case Z_STREAM_END:
                // Another member may follow (`cat a.gz b.gz`): start over on what remains.
                guard inflateReset(&stream) == Z_OK else {
                    throw ReaderError.gzip(reason: "inflateReset failed", offset: produced)
                }
                atMemberBoundary = true
            default:
                let reason = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                throw ReaderError.gzip(reason: reason, offset: produced)
            }
        }
        return buffer.count - Int(stream.avail_out)
    }
}

/// Compresses into a gzip stream with no time stamp and no file name in its header, so the same
/// content always gives the same bytes (exports must be byte-identical for the same warehouse).
/// With `windowBits` -15 it writes raw deflate instead, the pieces of `GzipParts`.
public final class GzipWriter: ByteSink {
    private let destination: ByteSink
    private var stream = z_stream()
    private var output: UnsafeMutableRawBufferPointer
    private var closed = false

    /// `windowBits` 15 + 16: gzip wrapper. zlib writes MTIME 0 and no name unless deflateSetHeader is called.
    public init(destination: ByteSink, level: Int32 = 6, windowBits: Int32 = 15 + 16) throws {
        self.destination = destination
        output = .allocate(byteCount: 1 << 16, alignment: 16)
        // (`deinit` runs even when this throws, and frees `output`.)
        guard vks_deflateInit2(&stream, level, windowBits) == Z_OK else {
            throw WriterError.gzip(reason: "deflateInit2 failed")
        }
    }

    deinit {
        deflateEnd(&stream)
        output.deallocate()
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        stream.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(bytes.count)
        try pump(flush: Z_NO_FLUSH)
    }

    /// Writes the gzip trailer (or, with `Z_SYNC_FLUSH`, ends on a byte boundary without a final
    /// block). The destination is not committed here: its owner does that.
    public func finish(flush: Int32 = Z_FINISH) throws {
        guard !closed else { return }
        closed = true
        stream.next_in = nil
        stream.avail_in = 0
        try pump(flush: flush)
    }

    private func pump(flush: Int32) throws {
        repeat {
            stream.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.avail_out = uInt(output.count)
            let status = deflate(&stream, flush)
            guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                throw WriterError.gzip(reason: "deflate failed (\(status))")
            }
            let count = output.count - Int(stream.avail_out)
            if count > 0 { try destination.write(UnsafeRawBufferPointer(rebasing: output[0..<count])) }
            if flush == Z_FINISH && status == Z_STREAM_END { return }
        } while stream.avail_out == 0 || flush == Z_FINISH
    }
}
