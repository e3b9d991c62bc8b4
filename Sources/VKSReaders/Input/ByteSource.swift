/// A stream of bytes read in chunks: a file, a gzip member, later a transcoder.
///
/// Readers pull from a `ByteSource` instead of loading a file whole, so memory stays bounded by the
/// chunk size and the largest record, never by the size of what a province sent.
public protocol ByteSource: AnyObject {
    /// Fills the front of `buffer` and returns how many bytes were written; 0 means the stream has ended.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

extension ByteSource {
    /// Reads the stream to its end, handing each chunk to `body`. Used to hash and copy files.
    public func forEachChunk(
        chunkSize: Int = 1 << 16,
        _ body: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = try read(into: buffer)
            if count == 0 { return }
            try body(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
    }
}
