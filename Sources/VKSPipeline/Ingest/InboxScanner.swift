import Glibc
import VKSReaders

/// Lists the files delivered to the inbox, at any depth, in a stable order.
///
/// Read with opendir/readdir so a name is taken as the bytes it is: a name that is not valid UTF-8
/// is still opened by its own bytes (and shown with U+FFFD), never skipped or mistaken for another.
/// Symbolic links are never followed (a link could point anywhere on the machine); names starting
/// with a dot (editor and system leftovers such as `.DS_Store`) are not submissions.
enum InboxScanner {
    struct Entry {
        /// Path relative to the inbox, as the province delivered it (for people; lossy if not UTF-8).
        let relativePath: String
        /// The path's own bytes, NUL-terminated, to open exactly that file.
        let rawPath: [CChar]

        func open() throws -> FileByteSource { try FileByteSource(rawPath: rawPath, displayPath: relativePath) }
    }

    struct Listing {
        var files: [Entry] = []
        var skippedLinks: [String] = []
    }

    enum ScanError: Error, CustomStringConvertible {
        case unreadable(String, Int32)
        var description: String {
            if case .unreadable(let path, let code) = self { return "cannot read folder \(path): \(String(cString: strerror(code)))" }
            return ""
        }
    }

    static func scan(_ inbox: String) throws -> Listing {
        var listing = Listing()
        try walk(Array(inbox.utf8CString.dropLast()), relative: [], into: &listing)
        listing.files.sort { $0.rawPath.lexicographicallyPrecedes($1.rawPath) }
        return listing
    }

    private static func walk(_ folder: [CChar], relative: [CChar], into listing: inout Listing) throws {
        guard let directory = opendir(folder + [0]) else {
            throw ScanError.unreadable(display(folder), errno)
        }
        defer { closedir(directory) }
        var names: [[CChar]] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                Array(raw.bindMemory(to: CChar.self).prefix { $0 != 0 })
            }
            if name.first == CChar(UInt8(ascii: ".")) { continue }   // ., .., hidden leftovers
            names.append(name)
        }
        for name in names.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            let path = folder + [CChar(UInt8(ascii: "/"))] + name
            let relativePath = relative.isEmpty ? name : relative + [CChar(UInt8(ascii: "/"))] + name
            var status = stat()
            guard lstat(path + [0], &status) == 0 else { continue }
            switch status.st_mode & S_IFMT {
            case S_IFDIR:
                try walk(path, relative: relativePath, into: &listing)
            case S_IFREG:
                listing.files.append(Entry(relativePath: display(relativePath), rawPath: path + [0]))
            case S_IFLNK:
                listing.skippedLinks.append(display(relativePath))
            default:
                continue   // sockets, devices, pipes: not submissions
            }
        }
    }

    private static func display(_ bytes: [CChar]) -> String {
        String(decoding: bytes.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
