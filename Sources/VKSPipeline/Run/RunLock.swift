import Foundation
import Glibc

/// The warehouse's write lock: two overlapping runs must never both write (SPEC §1).
///
/// An advisory `flock` on `<warehouse>.lock`. The kernel drops it when the process ends, however it
/// ends, so a killed run never leaves a stale lock behind. The holder writes who it is into the file,
/// so the run that is refused can name the one that is running.
public final class RunLock: Sendable {
    public let path: String
    private let descriptor: Int32

    public enum LockError: Error, CustomStringConvertible {
        case held(path: String, holder: String)
        case io(path: String, errno: Int32)

        public var description: String {
            switch self {
            case .held(let path, let holder): "another run holds the warehouse lock \(path): \(holder)"
            case .io(let path, let code): "cannot open the lock \(path): \(String(cString: strerror(code)))"
            }
        }
    }

    /// Takes the lock of `warehouse` at once, or throws `.held` naming the running holder.
    public init(warehouse: String, runID: String, command: String) throws {
        path = warehouse + ".lock"
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true)
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw LockError.io(path: path, errno: errno) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder =
                (try? String(contentsOfFile: path, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            close(descriptor)
            throw LockError.held(path: path, holder: holder.isEmpty ? "unknown" : holder)
        }
        let note = "pid \(getpid()), run \(runID), \(command), since \(Clock.system.timestamp)\n"
        ftruncate(descriptor, 0)
        _ = note.withCString { write(descriptor, $0, strlen($0)) }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
