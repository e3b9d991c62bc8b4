import Foundation

/// Lists the files delivered to the inbox, at any depth, in a stable order.
///
/// Symbolic links are never followed (a link could point anywhere on the machine); names starting
/// with a dot (editor and system leftovers such as `.DS_Store`) are not submissions.
enum InboxScanner {
    struct Entry {
        /// Path relative to the inbox, as the province delivered it.
        let relativePath: String
        let absolutePath: String
    }

    struct Listing {
        var files: [Entry] = []
        var skippedLinks: [String] = []
    }

    static func scan(_ inbox: String) throws -> Listing {
        var listing = Listing()
        try walk(inbox, relative: "", into: &listing)
        listing.files.sort { $0.relativePath.utf8.lexicographicallyPrecedes($1.relativePath.utf8) }
        return listing
    }

    private static func walk(_ folder: String, relative: String, into listing: inout Listing) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
        for name in names where !name.hasPrefix(".") {
            let path = folder + "/" + name
            let relativePath = relative.isEmpty ? name : relative + "/" + name
            // attributesOfItem uses lstat: a link reports itself, not its target.
            let type = try FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType
            switch type {
            case .typeDirectory?:
                try walk(path, relative: relativePath, into: &listing)
            case .typeRegular?:
                listing.files.append(Entry(relativePath: relativePath, absolutePath: path))
            case .typeSymbolicLink?:
                listing.skippedLinks.append(relativePath)
            default:
                continue
            }
        }
    }
}
