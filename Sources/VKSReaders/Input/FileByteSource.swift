import Glibc

/// Reads a regular file through POSIX `read(2)`.
///
/// Opened with `O_NOFOLLOW`: a symbolic link planted in the inbox is never followed out of it.
public final class FileByteSource: ByteSource {
    public let path: String
    private let descriptor: Int32

    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw ReaderError.io(path: path, errno: errno) }
        descriptor = fd
    }

    /// Opens a path given as its own bytes (NUL-terminated): names that are not UTF-8 open too.
    public init(rawPath: [CChar], displayPath: String) throws {
        path = displayPath
        let fd = rawPath.withUnsafeBufferPointer { open($0.baseAddress!, O_RDONLY | O_NOFOLLOW | O_CLOEXEC) }
        guard fd >= 0 else { throw ReaderError.io(path: displayPath, errno: errno) }
        descriptor = fd
    }

    deinit { close(descriptor) }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw ReaderError.io(path: path, errno: errno)
        }
    }
}

/// Serves bytes already in memory; used by tests and by `inspect` on small inputs.
public final class MemoryByteSource: ByteSource {
    private let bytes: [UInt8]
    private var offset = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = min(buffer.count, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.baseAddress!.copyMemory(from: source.baseAddress! + offset, byteCount: count)
        }
        offset += count
        return count
    }
}
