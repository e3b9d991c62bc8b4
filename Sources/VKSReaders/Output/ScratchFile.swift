import Glibc

/// A temporary file for the process's own use (a workbook's copy, its sheet as CSV): written in
/// large pieces and closed, never fsynced, since nothing survives a crash that needs it.
public final class ScratchFile: ByteSink {
    public let path: String
    private var descriptor: Int32
    private var pending: [UInt8] = []

    public init(path: String) throws {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw WriterError.io(path: path, operation: "open", errno: errno) }
    }

    deinit { if descriptor >= 0 { Glibc.close(descriptor) } }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        pending.append(contentsOf: bytes)
        if pending.count >= 1 << 16 { try flush() }
    }

    public func close() throws {
        try flush()
        Glibc.close(descriptor)
        descriptor = -1
    }

    private func flush() throws {
        var offset = 0
        while offset < pending.count {
            let written = pending.withUnsafeBytes {
                Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw WriterError.io(path: path, operation: "write", errno: errno)
            }
            offset += written
        }
        pending.removeAll(keepingCapacity: true)
    }
}
