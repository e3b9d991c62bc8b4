import Foundation
import Testing

/// SPEC §10: the one file a province runs. `scripts/release.sh` packs vksict with the Swift runtime
/// linked in; the packed binary checks a file in an empty folder with no Swift on any path.
struct ReleaseTests {
    @Test func thePackedBinaryRunsWithoutSwift() throws {
        let workdir = try Workdir()
        let packed = try workdir.runTool(
            "/bin/bash", [repositoryRoot + "/scripts/release.sh", "--debug", "--out", workdir.path + "/dist"])
        #expect(packed.status == 0, "\(packed.stderr)")
        let tarball = try #require(packed.stdout.split(separator: "\n").last.map(String.init))
        #expect(tarball.hasSuffix("-linux-\(machine()).tar.gz"))
        let unpacked = workdir.path + "/unpacked"
        try FileManager.default.createDirectory(atPath: unpacked, withIntermediateDirectories: true)
        #expect(try workdir.runTool("/bin/tar", ["-xzf", tarball, "-C", unpacked]).status == 0)
        let folder = try #require(try FileManager.default.contentsOfDirectory(atPath: unpacked).first)
        let binary = unpacked + "/" + folder + "/vksict"
        let guide = try String(contentsOfFile: unpacked + "/" + folder + "/HUONG-DAN.md", encoding: .utf8)
        #expect(guide.hasPrefix("## Dành cho cán bộ CNTT cấp tỉnh"))
        #expect(guide.contains("./vksict check"))

        // No Swift library is needed: none is linked dynamically.
        let libraries = try workdir.runTool("/usr/bin/ldd", [binary]).stdout
        #expect(!libraries.contains("libswift") && !libraries.contains("libFoundation"), "\(libraries)")

        let empty = workdir.path + "/elsewhere"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        try "unit_code,total_staff,procurators,it_staff\n79,40,50,4\n"
            .write(toFile: empty + "/79_2026-Q3_staffing.csv", atomically: true, encoding: .utf8)
        let checked = try workdir.runTool(
            "/usr/bin/env",
            ["-i", "-C", empty, "PATH=/usr/bin:/bin", "LD_LIBRARY_PATH=", binary, "check", "79_2026-Q3_staffing.csv"])
        #expect(checked.status == 65, "\(checked.stderr)")
        #expect(checked.stdout.contains("79_2026-Q3_staffing.csv:2: procurators: E_CONSISTENCY \"50\""))
    }

    private func machine() -> String {
        var name = utsname()
        uname(&name)
        return withUnsafeBytes(of: &name.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }
}
