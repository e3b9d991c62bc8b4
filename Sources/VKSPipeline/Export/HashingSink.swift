import Crypto
import VKSReaders

/// Passes bytes on while computing their SHA-256: the manifest's hash of a file costs no second read.
final class HashingSink: ByteSink {
    private let destination: ByteSink
    private var hasher = SHA256()

    init(destination: ByteSink) { self.destination = destination }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        hasher.update(bufferPointer: bytes)
        try destination.write(bytes)
    }

    var hexDigest: String { hasher.finalize().lowercaseHex }
}
