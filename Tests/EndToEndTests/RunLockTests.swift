import Foundation
import GRDB
import Glibc
import Testing

struct RunLockTests {
    @Test func secondWriterExits75NamingTheFirstAndStaleLocksDoNotBlock() throws {
        let workdir = try Workdir()
        try HandInbox.deliver(to: workdir)
        let lockPath = workdir.path + "/warehouse.sqlite.lock"
        let fd = open(lockPath, O_RDWR | O_CREAT, 0o644)
        #expect(fd >= 0)
        _ = "pid 4242, run 20261005T010000Z-abcd, run\n".withCString { write(fd, $0, strlen($0)) }
        #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)
        let refused = try workdir.vksict("run")
        #expect(refused.status == 75)
        #expect(refused.stderr.contains("pid 4242, run 20261005T010000Z-abcd"))
        #expect(!FileManager.default.fileExists(atPath: workdir.path + "/warehouse.sqlite"))
        close(fd)  // as when the holder dies: the kernel drops the lock
        #expect(try workdir.vksict("run").status == 65)
        // An analyst's read-only command is not blocked by a writer.
        let writer = open(lockPath, O_RDWR)
        #expect(flock(writer, LOCK_EX | LOCK_NB) == 0)
        let listed = try workdir.vksict("rejections")
        #expect(listed.status == 0)
        #expect(listed.stdout.contains("01_2026-Q3_hardware.csv"))
        close(writer)
    }
}
