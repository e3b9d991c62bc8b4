import Foundation
import Glibc
import VKSReaders

/// Lists the files delivered to the inbox, at any depth, in a stable order, with the times that say
/// when each arrived and whether it is still being written.
///
/// Read with opendir/readdir so a name is taken as the bytes it is: a name that is not valid UTF-8
/// is still opened by its own bytes (and shown with U+FFFD), never skipped or mistaken for another.
/// Symbolic links are never followed (a link could point anywhere on the machine). Names that are
/// never submissions (SPEC §4: dot-files, Windows' `Thumbs.db` and `desktop.ini`, Office lock files
/// `~$*`, partial downloads and transfers) are skipped without a finding. A folder or file that cannot be read
/// stops nothing: it is listed as unreadable and the scan goes on.
enum InboxScanner {
    struct Entry {
        /// Path relative to the inbox, as the province delivered it (for people; lossy if not UTF-8).
        let relativePath: String
        /// The path's own bytes, NUL-terminated, to open exactly that file.
        let rawPath: [CChar]
        let size: Int64
        /// Last change of the inode (ctime): set when the file is created, written or renamed into the
        /// folder, and no copying tool can set it back.
        let changed: Date

        func open() throws -> FileByteSource { try FileByteSource(rawPath: rawPath, displayPath: relativePath) }

        /// Whether the file changed within the last `seconds` before `now`: it may still be arriving.
        /// The inode's change time moves with every write, and with every change of size or
        /// modification time; the modification time itself may be anything a copying tool kept (a
        /// province's machine whose clock runs ahead), so it never holds a file back.
        func isSettling(seconds: Int, now: Date) -> Bool {
            seconds > 0 && changed.timeIntervalSince(now) > -Double(seconds)
        }
    }

    struct Listing {
        var files: [Entry] = []
        var skippedLinks: [String] = []
        /// Names that are never submissions, left where they are.
        var skippedNames: [String] = []
        /// Folders and files that could not be read, with the system's reason.
        var unreadable: [Unreadable] = []
    }

    struct Unreadable: Sendable, Equatable {
        let path: String
        let reason: String
    }

    static func scan(_ inbox: String) -> Listing {
        var listing = Listing()
        walk(Array(inbox.utf8CString.dropLast()), relative: [], into: &listing)
        listing.files.sort { $0.rawPath.lexicographicallyPrecedes($1.rawPath) }
        return listing
    }

    /// Whether a file name is one that offices' machines leave beside real files (SPEC §4).
    static func isNeverASubmission(_ name: String) -> Bool {
        let lowered = name.lowercased()
        if lowered.hasPrefix(".") || lowered.hasPrefix("~$") { return true }
        if lowered == "thumbs.db" || lowered == "desktop.ini" { return true }
        // `.filepart`: WinSCP's name for a file it is still uploading.
        return [".part", ".tmp", ".crdownload", ".filepart"].contains { lowered.hasSuffix($0) }
    }

    private static func walk(_ folder: [CChar], relative: [CChar], into listing: inout Listing) {
        guard let directory = opendir(folder + [0]) else {
            listing.unreadable.append(
                Unreadable(path: relative.isEmpty ? "." : display(relative), reason: reason(errno)))
            return
        }
        defer { closedir(directory) }
        var names: [[CChar]] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                Array(raw.bindMemory(to: CChar.self).prefix { $0 != 0 })
            }
            if name == [46] || name == [46, 46] { continue }  // . and ..
            names.append(name)
        }
        for name in names.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            let path = folder + [CChar(UInt8(ascii: "/"))] + name
            let relativePath = relative.isEmpty ? name : relative + [CChar(UInt8(ascii: "/"))] + name
            if isNeverASubmission(display(name)) {
                listing.skippedNames.append(display(relativePath))
                continue
            }
            var status = stat()
            guard lstat(path + [0], &status) == 0 else {
                // Gone since the folder was read (a transfer tool renaming into place): nothing to take.
                if errno != ENOENT {
                    listing.unreadable.append(Unreadable(path: display(relativePath), reason: reason(errno)))
                }
                continue
            }
            switch status.st_mode & S_IFMT {
            case S_IFDIR:
                walk(path, relative: relativePath, into: &listing)
            case S_IFREG:
                listing.files.append(
                    Entry(
                        relativePath: display(relativePath), rawPath: path + [0],
                        size: Int64(status.st_size), changed: date(status.st_ctim)))
            case S_IFLNK:
                listing.skippedLinks.append(display(relativePath))
            default:
                continue  // sockets, devices, pipes: not submissions
            }
        }
    }

    private static func date(_ time: timespec) -> Date {
        Date(timeIntervalSince1970: TimeInterval(time.tv_sec) + TimeInterval(time.tv_nsec) / 1e9)
    }

    private static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }

    private static func display(_ bytes: [CChar]) -> String {
        String(decoding: bytes.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
