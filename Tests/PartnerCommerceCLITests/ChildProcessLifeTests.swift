import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Children the tests start die with the test runner: each carries the parent-death signal, and it is tied to a
/// thread that lives as long as the runner, not to the short-lived thread that asked for the child.
@Suite struct ChildProcessLifeTests {
    @Test func aChildCarriesTheParentDeathSignal() async throws {
        // prctl(PR_GET_PDEATHSIG = 2) as the child sees it: 9 is SIGKILL, 0 would be none.
        let script = "import ctypes; v = ctypes.c_int(); ctypes.CDLL(None).prctl(2, ctypes.byref(v)); print(v.value)"
        let output = try await offThePool {
            let child = try ChildProcess("/usr/bin/env", ["python3", "-c", script], output: .pipe)
            let text = String(decoding: child.standardOutput?.readDataToEndOfFile() ?? Data(), as: UTF8.self)
            child.waitUntilExit()
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        #expect(output == "9")
    }

    @Test func aChildOutlivesTheThreadThatStartedIt() async throws {
        // offThePool's thread ends as soon as the child is started; the child must not go with it.
        let child = try await offThePool { try ChildProcess("/bin/sleep", ["30"]) }
        try await Task.sleep(for: .milliseconds(500))
        #expect(!child.hasEnded && kill(child.processIdentifier, 0) == 0, "the child died with the thread that started it")
        #expect(await child.stop(SIGTERM) == SIGTERM)
    }
}
