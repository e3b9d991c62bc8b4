import Foundation
import GRDB
import Glibc
import Testing

/// SPEC §11: a run killed at any point (kill -9), then run again, ends in the same warehouse and
/// exports as an uninterrupted run; no partial export file is ever visible.
struct CrashSafetyTests {
    static let sampleArguments = [
        "--seed", "21", "--periods", "2025-Q2,2026-Q3", "--error-share", "0.05",
        "--messy-share", "0.3", "--xml-share", "0.2",
    ]

    func prepare() throws -> Workdir {
        let workdir = try Workdir()
        try (String(contentsOfFile: workdir.pipeline, encoding: .utf8) + "\nreport: true\n")
            .write(toFile: workdir.pipeline, atomically: true, encoding: .utf8)
        let sample = try workdir.run(
            ["sample", "--out", "inbox", "--pipeline", repositoryRoot + "/pipelines/nightly.yaml"]
                + Self.sampleArguments)
        #expect(sample.status == 0)
        return workdir
    }

    /// The warehouse's content, minus what differs from run to run by design (run ids, row ids).
    static func snapshot(_ workdir: Workdir) throws -> [String] {
        let database = try DatabaseQueue(path: workdir.path + "/warehouse.sqlite")
        return try database.read { db in
            var lines: [String] = []
            let queries = [
                "SELECT name, sha256, size, status, period, dataset, province_code, encoding, delimiter, rows_total, errors, warnings, on_time, loaded_at IS NOT NULL FROM received_file ORDER BY name",
                "SELECT r.name, fr.dataset, fr.rows_total, fr.rows_rejected, fr.rows_loaded, fr.is_current, (SELECT name FROM received_file WHERE id = fr.supersedes) FROM file_return fr JOIN received_file r ON r.id = fr.file_id ORDER BY r.name, fr.dataset",
                "SELECT r.name, f.code, f.dataset, f.line, f.column_name, f.value, f.message FROM finding f JOIN received_file r ON r.id = f.file_id ORDER BY r.name, f.line, f.code, f.column_name, f.message",
                "SELECT r.name, f.* FROM staffing_fact f JOIN received_file r ON r.id = f.file_id ORDER BY r.name, f.line",
                "SELECT r.name, f.* FROM hardware_fact f JOIN received_file r ON r.id = f.file_id ORDER BY r.name, f.line",
                "SELECT r.name, f.* FROM software_fact f JOIN received_file r ON r.id = f.file_id ORDER BY r.name, f.line",
                "SELECT r.name, f.* FROM spending_fact f JOIN received_file r ON r.id = f.file_id ORDER BY r.name, f.line",
                "SELECT * FROM indicator_value ORDER BY period, province_code, indicator",
                "SELECT period, needs_aggregate, needs_export FROM period_state ORDER BY period",
            ]
            for sql in queries {
                for row in try Row.fetchAll(db, sql: sql) {
                    // file_id differs when files were ingested in another order; the name says which file.
                    lines.append(
                        row.columnNames.filter { $0 != "file_id" }.map { "\(row[$0] as DatabaseValue)" }
                            .joined(separator: "|"))
                }
            }
            return lines
        }
    }

    /// Every export file, with the manifest's run id left out (it names the run that loaded the data).
    static func exports(_ workdir: Workdir) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let root = workdir.exports
        for path in FileManager.default.subpaths(atPath: root) ?? [] {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isFolder), !isFolder.boolValue
            else { continue }
            var data = try Data(contentsOf: URL(fileURLWithPath: root + "/" + path))
            if path.hasSuffix("manifest.json") {
                data = Data(
                    String(decoding: data, as: UTF8.self).split(separator: "\n")
                        .filter { !$0.contains("\"run_id\"") }.joined(separator: "\n").utf8)
            }
            files[path] = data
        }
        return files
    }

    /// What a reader of the exports folder could see right after the kill: no partial file.
    static func checkNothingHalfWritten(_ workdir: Workdir) throws {
        let root = workdir.exports
        for path in FileManager.default.subpaths(atPath: root) ?? [] {
            let name = path.split(separator: "/").last.map(String.init) ?? path
            if name.hasPrefix(".tmp-") { continue }  // hidden beside, never under a real name
            if path.hasSuffix(".csv.gz") {
                let test = try workdir.runTool("/bin/gzip", ["-t", root + "/" + path])
                #expect(test.status == 0, "\(path) is not a whole gzip file")
            }
            if path.hasSuffix("manifest.json") {
                // A manifest vouches for every file it lists: each is there with its SHA-256.
                let folder = root + "/" + path.dropLast("manifest.json".count)
                let manifest = try JSONSerialization.jsonObject(
                    with: Data(contentsOf: URL(fileURLWithPath: root + "/" + path)))
                for file in (manifest as? [String: Any])?["files"] as? [[String: Any]] ?? [] {
                    let sha = try workdir.runTool("/usr/bin/sha256sum", [folder + (file["name"] as! String)])
                    #expect(sha.stdout.hasPrefix(file["sha256"] as! String), "\(path): \(file["name"]!)")
                }
            }
        }
    }

    @Test func killedAtAnyPointThenRerunEndsAsAnUninterruptedRun() throws {
        let reference = try prepare()
        let started = Date()
        #expect(try reference.vksict("run").status == 65)
        let duration = Date().timeIntervalSince(started)
        let expectedSnapshot = try Self.snapshot(reference)
        let expectedExports = try Self.exports(reference)
        #expect(expectedExports.count > 20)

        try Self.killAndRunAgain(
            at: 6, across: duration, prepare: prepare, expecting: expectedSnapshot, expectedExports)
    }

    /// Kills `vksict run` at `points` moments spread across `duration`, each on a workdir `prepare`
    /// makes, runs it again, and compares warehouse and exports with the uninterrupted run's.
    static func killAndRunAgain(
        at points: Int, across duration: TimeInterval, prepare: () throws -> Workdir,
        expecting expectedSnapshot: [String], _ expectedExports: [String: Data]
    ) throws {
        for point in 1...points {
            let workdir = try prepare()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: vksictExecutable)
            process.arguments = ["run", workdir.pipeline]
            process.currentDirectoryURL = URL(fileURLWithPath: workdir.path)
            process.environment = ProcessInfo.processInfo.environment.merging(["VKSICT_NOW": workdir.now]) { $1 }
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(useconds_t(duration * Double(point) / Double(points + 1) * 1_000_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            try checkNothingHalfWritten(workdir)

            let rerun = try workdir.vksict("run")
            #expect([0, 65].contains(rerun.status), "kill point \(point): \(rerun.stderr)")
            #expect(try snapshot(workdir) == expectedSnapshot, "kill point \(point)")
            let exports = try Self.exports(workdir)
            #expect(Set(exports.keys) == Set(expectedExports.keys), "kill point \(point)")
            for (path, data) in expectedExports { #expect(exports[path] == data, "kill point \(point): \(path)") }
        }
    }
}

extension CrashSafetyTests {
    /// A second night with every kind of work that is not a new file: a file still being copied (left
    /// for later), a reference change that lets refused files through (re-checked and loaded), and a
    /// new indicator (computed for every open period). Killed at any point, then run again, it ends
    /// as the uninterrupted night does.
    func prepareSecondNight() throws -> Workdir {
        let workdir = try prepare()
        let reference = try workdir.useOwnReferenceData()
        let indicators = try workdir.useOwn("indicators")
        #expect(try workdir.vksict("run").status == 65)
        let yaml = try String(contentsOfFile: workdir.pipeline, encoding: .utf8)
        try yaml.replacingOccurrences(of: "settle_seconds: 0", with: "settle_seconds: 3600")
            .write(toFile: workdir.pipeline, atomically: true, encoding: .utf8)
        try workdir.deliver(
            "79/dang-chep/79_2026-Q3_staffing.csv", "unit_code,total_staff,procurators,it_staff\n79,1,1,1\n")
        // The sample's deliberate software error, PM-KHAC, becomes a catalog entry.
        try
            (String(contentsOfFile: reference + "/software_catalog.csv", encoding: .utf8)
            + "PMKHAC,Phần mềm khác,no,PM-KHAC\n")
            .write(toFile: reference + "/software_catalog.csv", atomically: true, encoding: .utf8)
        try DefinitionTests.i15.write(
            toFile: indicators + "/I15_printers_per_staff.sql", atomically: true, encoding: .utf8)
        return workdir
    }

    @Test func aSecondNightKilledAtAnyPointThenRerunEndsAsAnUninterruptedOne() throws {
        let reference = try prepareSecondNight()
        #expect(try reference.vksict("rejections").stdout.contains("\"PM-KHAC\""))
        let started = Date()
        let night = try reference.vksict("run")
        let duration = Date().timeIntervalSince(started)
        #expect(night.stderr.contains("1 tệp đang được chép vào, để lần chạy sau"))
        #expect(!(try reference.vksict("rejections").stdout.contains("\"PM-KHAC\"")))  // checked again, accepted
        #expect(indicator(try reference.exportRows("2026-Q3", "indicators.csv.gz"), "79", "I15") != nil)
        let expectedSnapshot = try Self.snapshot(reference)
        let expectedExports = try Self.exports(reference)

        try Self.killAndRunAgain(
            at: 4, across: duration, prepare: prepareSecondNight, expecting: expectedSnapshot,
            expectedExports)
    }
}
