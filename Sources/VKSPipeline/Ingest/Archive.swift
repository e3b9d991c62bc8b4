import Crypto
import Foundation
import VKSReaders

/// The content-addressed archive of every byte a province sent: `archive/<ab>/<sha256>`.
///
/// A file is copied and hashed in one pass into a temporary file, fsynced, and renamed into place
/// before anything is derived from it. Identical content lands on the same name, so storing twice
/// is harmless and a crash half-way leaves at most a stray temporary file.
public struct Archive: Sendable {
    public let folder: String

    public init(folder: String) { self.folder = folder }

    public func path(of sha256: String) -> String {
        folder + "/" + sha256.prefix(2) + "/" + sha256
    }

    public struct Stored: Sendable {
        public let sha256: String
        public let size: Int64
    }

    /// The SHA-256 of a stream, read in chunks.
    public static func sha256(of source: ByteSource) throws -> String {
        try digest(of: source).sha256
    }

    /// The SHA-256 and size of a stream, read in chunks.
    public static func digest(of source: ByteSource) throws -> Stored {
        var hasher = SHA256()
        var size: Int64 = 0
        try source.forEachChunk {
            hasher.update(bufferPointer: $0)
            size += Int64($0.count)
        }
        return Stored(sha256: hasher.finalize().lowercaseHex, size: size)
    }

    /// Copies a file's bytes into the archive and returns their SHA-256 and size.
    public func store(from source: ByteSource) throws -> Stored {
        try FileManager.default.createDirectory(atPath: folder + "/tmp", withIntermediateDirectories: true)
        let staging = try AtomicFile(path: folder + "/tmp/incoming")
        var hasher = SHA256()
        var size: Int64 = 0
        try source.forEachChunk { chunk in
            hasher.update(bufferPointer: chunk)
            size += Int64(chunk.count)
            try staging.write(chunk)
        }
        let sha = hasher.finalize().lowercaseHex
        let final = path(of: sha)
        if FileManager.default.fileExists(atPath: final) {
            return Stored(sha256: sha, size: size)  // the staging copy is removed when `staging` goes
        }
        try FileManager.default.createDirectory(atPath: folder + "/" + sha.prefix(2), withIntermediateDirectories: true)
        try staging.commit(as: final)
        return Stored(sha256: sha, size: size)
    }
}
