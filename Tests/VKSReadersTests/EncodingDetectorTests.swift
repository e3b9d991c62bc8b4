import Testing

@testable import VKSReaders

/// Known Vietnamese text, as the provinces' office software writes it.
let vietnameseSamples = [
    "Mã đơn vị,Loại thiết bị,Số lượng\n79,Máy tính để bàn,10\n79-01,Máy tính xách tay,5\n79-02,Thiết bị chuyển mạch,2\n",
    "unit_code,category\n79,Bộ lưu điện\n",
    "Tình trạng,Nơi triển khai\nĐang sử dụng,Điện toán đám mây\nNgừng sử dụng,Cấp tỉnh\nThử nghiệm,Trung ương\n",
    "Nội dung chi,Nguồn kinh phí\nAn toàn thông tin,Ngân sách địa phương\nĐào tạo,Khác\nBảo trì,Trung ương\n",
]

func detect(_ bytes: [UInt8]) throws -> EncodingDetector.Outcome {
    var detector = EncodingDetector()
    return try detector.detect { MemoryByteSource(bytes) }
}

func decode(_ bytes: [UInt8], from encoding: TextEncoding) throws -> String {
    var source: ByteSource = MemoryByteSource(bytes)
    if let name = encoding.iconvName { source = try TranscodingSource(upstream: source, from: name, chunkSize: 7) }
    var out: [UInt8] = []
    try source.forEachChunk(chunkSize: 16) { out.append(contentsOf: $0) }
    return String(decoding: out, as: UTF8.self)
}

struct EncodingDetectorTests {
    @Test(arguments: vietnameseSamples)
    func utf8WithAndWithoutBOM(_ text: String) throws {
        #expect(try detect(Array(text.utf8)) == .decided(.utf8))
        #expect(try detect([0xEF, 0xBB, 0xBF] + Array(text.utf8)) == .decided(.utf8WithBOM))
    }

    @Test(arguments: vietnameseSamples)
    func utf16ByItsByteOrderMark(_ text: String) throws {
        let little = try Iconv.encode(text, to: "UTF-16LE")
        let big = try Iconv.encode(text, to: "UTF-16BE")
        #expect(try detect([0xFF, 0xFE] + little) == .decided(.utf16LittleEndian))
        #expect(try detect([0xFE, 0xFF] + big) == .decided(.utf16BigEndian))
        #expect(try decode(little, from: .utf16LittleEndian) == text)
    }

    @Test(arguments: vietnameseSamples)
    func windows1258(_ text: String) throws {
        let bytes = try Iconv.encode(text, to: "CP1258")
        #expect(try detect(bytes) == .decided(.windows1258))
        #expect(
            try decode(bytes, from: .windows1258).unicodeScalars.elementsEqual(text.unicodeScalars)
                || (try decode(bytes, from: .windows1258)) == text)
    }

    @Test(arguments: vietnameseSamples)
    func tcvn3(_ text: String) throws {
        let bytes = try Iconv.encode(text, to: "TCVN5712-1")
        #expect(try detect(bytes) == .decided(.tcvn3))
        #expect(try decode(bytes, from: .tcvn3) == text)
    }

    @Test func bytesNoEncodingReadsAsVietnamese() throws {
        // Valid ASCII, then bytes that are neither UTF-8 nor Vietnamese letters in CP1258 or TCVN3.
        let bytes = Array("a,b\n1,2\n".utf8) + [0x81, 0x8D, 0x8F, 0x90, 0x9D, 0x0A]
        #expect(try detect(bytes) == .undecodable(byte: 8, line: 3))
    }

    @Test func truncatedUTF8AtTheEndIsNotUTF8() throws {
        let bytes = Array("a,b\n1,".utf8) + [0xE1, 0xBB]
        #expect(try detect(bytes) != .decided(.utf8))
    }

    @Test func transcodingErrorNamesOffsetAndLine() throws {
        // 0x81 means nothing in Windows-1258: forced on a file holding it, the read stops there.
        #expect { try decode(Array("ab\nc".utf8) + [0x81], from: .windows1258) } throws: { error in
            guard case ReaderError.encoding(let byte, let line, _) = error else { return false }
            return byte == 4 && line == 2
        }
    }

    @Test func similarButNotVietnameseIsNotRead() throws {
        // Latin-1 French is not UTF-8 and spells no Vietnamese syllables.
        let bytes =
            Array("nom,ville\n".utf8) + [0x47, 0x61, 0x72, 0xE7, 0x6F, 0x6E, 0x2C, 0x43, 0x72, 0xE8, 0x6D, 0x65, 0x0A]
        #expect(try detect(bytes) != .decided(.windows1258))
    }

    @Test func syllables() {
        func word(_ text: String) -> [Unicode.Scalar] { Array(text.unicodeScalars) }
        for good in ["nghiêng", "Trường", "hoá", "hóa", "khuya", "đồng", "Máy", "quốc", "gì"] {
            #expect(VietnameseSyllable.isWellFormed(word(good)), "\(good)")
        }
        for bad in ["mµy", "tÜnh", "áá", "xyzá", "ðồng", "hoà̀"] {
            #expect(!VietnameseSyllable.isWellFormed(word(bad)), "\(bad)")
        }
    }
}

struct TCVN3OrWindows1258Tests {
    /// TCVN3 defines bytes Windows-1258 leaves undefined (0x81 Ả, 0x8E Ỉ): Windows-1258 is then out of
    /// the running, and TCVN3 decides alone.
    @Test func tcvn3CapitalsUndefinedInWindows1258() throws {
        let bytes = try Iconv.encode("Tên đơn vị\nVKSND TỈNH Bình Dương\nẢnh hưởng\n", to: "TCVN5712-1")
        #expect(bytes.contains(0x8E))
        #expect(try detect(bytes) == .decided(.tcvn3))
    }

    @Test func aLongRunOfLettersIsNotASyllable() throws {
        let bytes = [UInt8](repeating: 0xE1, count: 100_000)  // á á á … in Windows-1258
        #expect(try detect(bytes) != .decided(.windows1258))
    }
}

/// Plain ASCII is skipped eight bytes at a time; where a NUL or a bad byte lands must not depend on it.
struct EncodingDetectorWordSkipTests {
    @Test func zeroBytesAreCountedExactly() {
        #expect(EncodingDetector.zeroBytes(in: 0) == 8)
        #expect(EncodingDetector.zeroBytes(in: 0x0101_0101_0101_0101) == 0)
        #expect(EncodingDetector.zeroBytes(in: 0x8000_0000_0000_00FF) == 6)
        #expect(EncodingDetector.zeroBytes(in: 0x0A00_0A00_0100_7F00) == 4)
    }

    /// Lines of every length before the odd byte, at every offset: byte and line are exact.
    @Test func bytePositionAndLineAfterLongASCII() throws {
        for prefix in 0..<20 {
            let text = (0..<prefix).map { String(repeating: "x", count: $0) + "\n" }.joined()
            let before = Array(text.utf8)
            #expect(
                try detect(before + [0x00, 0x41])
                    == .binary(byte: Int64(before.count), line: prefix + 1, what: .nul))
            #expect(try detect(before + Array("ab\nc".utf8)) == .decided(.utf8))
            #expect(try detect(before + Array("Mã đơn vị\n".utf8)) == .decided(.utf8))
        }
    }
}
