import VKSModel
import VKSReaders

/// `vksict_<period>.zip` (SPEC §9): the period's files, uncompressed, in one archive that every
/// Windows opens with a double click (Windows 10 has nothing that opens a `.csv.gz`). Each
/// `.csv.gz` goes in as its `.csv`; the report and the feedback files as they are.
enum PeriodZip {
    static func name(_ period: ReportingPeriod) -> String { "vksict_\(period).zip" }

    /// Writes the archive of `files` (names relative to `folder`, in the order given) beside them,
    /// whole or not at all; returns its SHA-256.
    static func write(_ name: String, of files: [String], in folder: String) throws -> String {
        let file = try AtomicFile(path: folder + "/" + name)
        let hashing = HashingSink(destination: file)
        let zip = StoredZipWriter(sink: hashing)
        for file in files {
            let path = folder + "/" + file
            if file.hasSuffix(".gz") {
                try zip.add(String(file.dropLast(".gz".count))) {
                    try GzipInflateSource(upstream: try FileByteSource(path: path))
                }
            } else {
                try zip.add(file) { try FileByteSource(path: path) }
            }
        }
        try zip.finish()
        try file.commit()
        return hashing.hexDigest
    }
}
