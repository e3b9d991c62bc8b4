import FuzzDriver

/// libFuzzer calls this with each input.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    fuzzOne(UnsafeBufferPointer(start: data, count: size))
    return 0
}

/// SwiftPM links `main` to `FuzzXML_main`: hand the arguments to libFuzzer's driver.
@_cdecl("FuzzXML_main")
func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in
        fuzzOne(UnsafeBufferPointer(start: data, count: size))
        return 0
    }
}
