import ArgumentParser
import Foundation
import GRDB
import VKSPipeline
import VKSReaders

/// Exit codes of SPEC §10 (sysexits).
enum ExitStatus {
    static let rejected = ExitCode(65)
    static let inputMissing = ExitCode(66)
    static let internalError = ExitCode(70)
    static let ioError = ExitCode(74)
    static let locked = ExitCode(75)
    static let configuration = ExitCode(78)
}

/// What an operator should know after a write failure (disk full, a file-size limit, permissions).
let ioHint =
    "vksict: bước bị lỗi đã được hoàn tác, mọi tệp vẫn nguyên vẹn; hãy giải phóng dung lượng đĩa "
    + "(hoặc sửa quyền truy cập) rồi chạy lại: lần chạy sẽ tiếp tục từ chỗ đã dừng."

/// Runs a command body and turns what it throws into a message and a sysexits code.
func withExitCodes(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ExitCode {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch let error as RunLock.LockError {
        standardError("vksict: \(error)")
        if case .held = error { throw ExitStatus.locked }
        throw ExitStatus.ioError
    } catch let error as PipelineConfig.ConfigError {
        standardError("vksict: \(error)")
        if case .missing = error { throw ExitStatus.inputMissing }
        throw ExitStatus.configuration
    } catch let error as PipelineError {
        standardError("vksict: \(error)")
        switch error {
        case .inputMissing, .noWarehouse: throw ExitStatus.inputMissing
        case .notWritable: throw ExitStatus.ioError
        case .staleFigures: throw ExitCode(64)  // stages asked in the wrong order: the message says which first
        case .internalFailure: throw ExitStatus.internalError
        }
    } catch let error as ReferenceError {
        standardError("vksict: \(error)")
        if case .missingFile = error { throw ExitStatus.inputMissing }
        throw ExitStatus.configuration
    } catch let error as WriterError {
        standardError("vksict: ghi tệp thất bại: \(error)")
        standardError(ioHint)
        throw ExitStatus.ioError
    } catch let error as ReaderError {
        standardError("vksict: đọc tệp thất bại: \(error)")
        throw ExitStatus.ioError
    } catch let error as DatabaseError {
        standardError("vksict: lỗi kho dữ liệu: \(error)")
        let ioCodes: [ResultCode] = [.SQLITE_IOERR, .SQLITE_FULL, .SQLITE_CANTOPEN]
        guard ioCodes.contains(error.resultCode.primaryResultCode) else { throw ExitStatus.internalError }
        standardError(ioHint)
        throw ExitStatus.ioError
    } catch let error as CocoaError {
        standardError("vksict: \(error.localizedDescription)")
        throw error.code == .fileReadNoSuchFile ? ExitStatus.inputMissing : ExitStatus.ioError
    } catch {
        standardError("vksict: lỗi nội bộ (hãy báo cho Cục 2 kèm dòng này): \(error)")
        throw ExitStatus.internalError
    }
}
