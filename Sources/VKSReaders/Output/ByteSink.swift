/// Somewhere bytes are written in order: a file being written atomically, a gzip stream, memory.
public protocol ByteSink: AnyObject {
    func write(_ bytes: UnsafeRawBufferPointer) throws
}

extension ByteSink {
    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    public func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
    }
}

/// Why output could not be written. Disk full arrives here as `errno == ENOSPC`.
public enum WriterError: Error, Equatable, Sendable {
    case io(path: String, operation: String, errno: Int32)
    case gzip(reason: String)
}

/// Collects bytes in memory (tests, small outputs).
public final class MemorySink: ByteSink {
    public private(set) var bytes: [UInt8] = []
    public init() {}
    public func write(_ raw: UnsafeRawBufferPointer) throws { bytes.append(contentsOf: raw) }
}
