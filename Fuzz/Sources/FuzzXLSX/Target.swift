import Foundation
import VKSReaders

/// Any bytes through the workbook reader: a zip (`PK…`) opened as a workbook from a file, its first
/// sheet written out as CSV; anything else read as a sheet part's XML, with a few shared strings.
private let path = NSTemporaryDirectory() + "fuzz-xlsx-\(getpid()).xlsx"

func fuzzOne(_ input: UnsafeBufferPointer<UInt8>) {
    let bytes = Array(input)
    if bytes.starts(with: [0x50, 0x4B]) {
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        guard let workbook = try? XLSXWorkbook(path: path, limits: XLSXLimits(maxUncompressedBytes: 1 << 20)),
            let sheet = workbook.sheets.first
        else { return }
        try? workbook.writeCSV(of: sheet, to: MemorySink())
    } else {
        _ = try? XLSXWorkbook.csv(ofSheetXML: bytes, strings: ["Mã đơn vị", "79", "Hà Nội"])
    }
}
