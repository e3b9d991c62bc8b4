import Foundation
import GRDB
import VKSModel
import VKSReaders

/// `findings.csv.gz` (SPEC §9, §12), compressed one province at a time and joined into one gzip
/// member (`GzipParts`). The pieces are kept in the warehouse (`export_part`): a night that changed
/// one province compresses that province's findings again, not the year's hundreds of thousands.
/// Both ways give the same bytes, since the file is always made of the same pieces.
struct FindingsExport {
    static let name = "findings.csv.gz"
    /// Recorded beside a period's pieces: they are all there, made by this format of the file.
    /// Change it when the rows are written differently, so no piece of the old format is reused.
    /// Zlib's version is in it too: another zlib may compress the same rows to other bytes.
    static let completeKey = "#complete-v1-zlib-" + GzipParts.zlibVersionText

    /// One province's findings, compressed; `key` is '' for files of no known province (first, as
    /// SQL sorts them).
    struct Part: Sendable {
        let key: String
        let deflated: DeflatedPart
        let rows: Int
    }

    struct Written {
        let sha256: String
        let rows: Int
        let parts: [Part]
    }

    /// Writes `folder/findings.csv.gz` for `period` (its `quarters`); with `provinces`, only those
    /// provinces' pieces (and those of files of no known province) are made again.
    static func write(
        period: ReportingPeriod, quarters: [Period], provinces owed: Set<String>?, folder: String,
        _ db: Database
    ) throws -> Written {
        var parts: [String: Part] = [:]
        var owed = owed
        if let changed = owed {
            let stored = try stored(period: period, db)
            if stored[completeKey] == nil {
                owed = nil  // no whole set of pieces kept (an older warehouse, another format): all of them
            } else {
                parts = stored.filter { $0.key != completeKey && !$0.key.isEmpty && !changed.contains($0.key) }
            }
        }
        var current: (key: String, writer: DeflatePartWriter, rows: Int)?
        func finishCurrent() throws {
            guard let (key, writer, rows) = current else { return }
            parts[key] = Part(key: key, deflated: try writer.finish(), rows: rows)
        }
        try FindingRow.forEach(quarters: quarters, province: nil, provinces: owed, asClosed: true, db) { finding in
            let key = finding.provinceCode ?? ""
            if current?.key != key {
                try finishCurrent()
                current = (key, try DeflatePartWriter(), 0)
            }
            try current!.writer.write(ExportCell.line(finding.exportCells) + "\r\n")
            current!.rows += 1
        }
        try finishCurrent()

        let header = try DeflatePartWriter()
        try header.write([0xEF, 0xBB, 0xBF])
        try header.write(FindingRow.columns.joined(separator: ",") + "\r\n")
        let ordered = parts.values.sorted { $0.key < $1.key }
        let file = try AtomicFile(path: folder + "/" + name)
        let hashing = HashingSink(destination: file)
        try GzipParts.write([try header.finish()] + ordered.map(\.deflated), to: hashing)
        try file.commit()
        return Written(sha256: hashing.hexDigest, rows: ordered.reduce(0) { $0 + $1.rows }, parts: ordered)
    }

    static func stored(period: ReportingPeriod, _ db: Database) throws -> [String: Part] {
        let rows = try Row.fetchAll(
            db, sql: "SELECT part, bytes, crc32, length, rows FROM export_part WHERE period = ? AND name = ?",
            arguments: [period, name])
        return Dictionary(
            uniqueKeysWithValues: rows.map { row in
                let key: String = row[0]
                let bytes: [UInt8] = Array((row[1] as Data?) ?? Data())
                return (
                    key,
                    Part(
                        key: key, deflated: DeflatedPart(bytes: bytes, crc32: UInt32(row[2] as Int64), length: row[3]),
                        rows: row[4])
                )
            })
    }

    /// Records the pieces of what `write` wrote, once the export's manifest vouches for it.
    static func record(_ parts: [Part], period: ReportingPeriod, _ db: Database) throws {
        try db.execute(sql: "DELETE FROM export_part WHERE period = ? AND name = ?", arguments: [period, name])
        let complete = Part(key: completeKey, deflated: DeflatedPart(bytes: [], crc32: 0, length: 0), rows: 0)
        for part in parts + [complete] {
            try db.execute(
                sql: """
                    INSERT INTO export_part (period, name, part, bytes, crc32, length, rows) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    period, name, part.key, Data(part.deflated.bytes), Int64(part.deflated.crc32),
                    part.deflated.length, part.rows,
                ])
        }
    }
}
