/// Passes bytes through until `limit` have gone by, then stops the read with `.tooLarge`.
///
/// Bounds what a plain (uncompressed) file may hold, as `GzipInflateSource` bounds what a gzip
/// member may expand to: SPEC §4's 1 GiB applies to both.
public final class LimitedByteSource: ByteSource {
    private let upstream: ByteSource
    private let limit: Int64
    private var delivered: Int64 = 0

    public init(upstream: ByteSource, limit: Int64) {
        self.upstream = upstream
        self.limit = limit
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = try upstream.read(into: buffer)
        delivered += Int64(count)
        if delivered > limit { throw ReaderError.tooLarge(what: .fileBytes, limit: Int(limit), line: 0) }
        return count
    }
}
