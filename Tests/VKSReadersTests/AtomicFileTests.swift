import Glibc
import Testing

@testable import VKSReaders

struct AtomicFileTests {
    func temporaryFolder() -> String {
        var template = Array("/tmp/vksict-test-XXXXXX".utf8CString)
        return String(cString: mkdtemp(&template)!)
    }

    func contents(of folder: String) -> [String] {
        guard let dir = opendir(folder) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    @Test func uncommittedFileLeavesNothing() throws {
        let folder = temporaryFolder()
        do {
            let file = try AtomicFile(path: folder + "/out.csv")
            try file.write("half")
        }
        #expect(contents(of: folder).isEmpty)
    }

    @Test func committedFileAppearsWhole() throws {
        let folder = temporaryFolder()
        let file = try AtomicFile(path: folder + "/out.csv")
        try file.write("a,b\n")
        #expect(contents(of: folder).allSatisfy { $0.hasPrefix(".tmp-") })
        try file.commit()
        #expect(contents(of: folder) == ["out.csv"])
        let source = try FileByteSource(path: folder + "/out.csv")
        var read: [UInt8] = []
        try source.forEachChunk { read.append(contentsOf: $0) }
        #expect(read == Array("a,b\n".utf8))
    }

    @Test func symlinkIsNotFollowedWhenReading() throws {
        let folder = temporaryFolder()
        symlink("/etc/hostname", folder + "/link.csv")
        #expect { try FileByteSource(path: folder + "/link.csv") } throws: { error in
            if case ReaderError.io(_, let code) = error { return code == ELOOP }
            return false
        }
    }
}
