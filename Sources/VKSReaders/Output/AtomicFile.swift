import Glibc

/// A file that appears whole under its final name or not at all.
///
/// Bytes go to a hidden temporary file beside the destination; `commit()` fsyncs it, renames it
/// into place and fsyncs the folder, so a crash or kill at any moment leaves either the old file
/// or the new one, never a half-written one. Without `commit()` the temporary file is removed.
public final class AtomicFile: ByteSink {
    public let path: String
    private let temporaryPath: String
    private var descriptor: Int32
    private var pending: [UInt8] = []
    private static let bufferLimit = 1 << 16

    public init(path: String) throws {
        self.path = path
        let folder = AtomicFile.folder(of: path)
        let name = String(path.split(separator: "/").last ?? "")
        temporaryPath = folder + "/.tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))-" + name
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw WriterError.io(path: temporaryPath, operation: "open", errno: errno) }
        pending.reserveCapacity(AtomicFile.bufferLimit)
    }

    deinit {
        if descriptor >= 0 {
            close(descriptor)
            unlink(temporaryPath)
        }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        pending.append(contentsOf: bytes)
        if pending.count >= AtomicFile.bufferLimit { try flush() }
    }

    /// Makes the file durable under its final name.
    public func commit() throws {
        try commit(as: path)
    }

    /// Makes the file durable under another name than announced (the archive learns a file's
    /// name, its SHA-256, only once every byte has been written).
    public func commit(as destination: String) throws {
        try flush()
        guard fsync(descriptor) == 0 else {
            throw WriterError.io(path: temporaryPath, operation: "fsync", errno: errno)
        }
        close(descriptor)
        descriptor = -1
        guard rename(temporaryPath, destination) == 0 else {
            let code = errno
            unlink(temporaryPath)
            throw WriterError.io(path: destination, operation: "rename", errno: code)
        }
        try AtomicFile.syncFolder(AtomicFile.folder(of: destination))
    }

    private func flush() throws {
        var offset = 0
        while offset < pending.count {
            let written = pending.withUnsafeBytes {
                Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw WriterError.io(path: temporaryPath, operation: "write", errno: errno)
            }
            offset += written
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// The same guarantee for a library that writes a file by its name (libxlsxwriter): `write` is
    /// given a hidden temporary path beside `path`, and what it left there is made durable under
    /// `path`. When `write` throws, nothing appears.
    public static func writing(_ path: String, _ write: (String) throws -> Void) throws {
        let file = try AtomicFile(path: path)
        try write(file.temporaryPath)
        // Whatever file the library left under the name (it may have replaced the one opened here)
        // is the one made durable.
        let written = open(file.temporaryPath, O_RDONLY | O_CLOEXEC)
        guard written >= 0 else { throw WriterError.io(path: file.temporaryPath, operation: "open", errno: errno) }
        defer { close(written) }
        guard fsync(written) == 0 else {
            throw WriterError.io(path: file.temporaryPath, operation: "fsync", errno: errno)
        }
        try file.commit()
    }

    /// Removes temporary files a killed writer left in `folder` (the caller holds the run lock, so no
    /// live writer owns any of them).
    public static func removeLeftovers(in folder: String) {
        guard let directory = opendir(folder) else { return }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.bindMemory(to: UInt8.self).prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasPrefix(".tmp-") { unlink(folder + "/" + name) }
        }
    }

    /// fsync on a folder makes a rename in it durable.
    public static func syncFolder(_ folder: String) throws {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw WriterError.io(path: folder, operation: "open", errno: errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw WriterError.io(path: folder, operation: "fsync", errno: errno) }
    }

    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
