import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Every shell block of the README and the guides in `docs/`, run as a reader would run it: a document's blocks in
/// order in one shell (a later block uses what an earlier one set), against a real `serve` with the demo data.
///
/// What a reader would type at their own machine is mapped onto the test's: `http://127.0.0.1:8080` is the server's
/// address, `pcadmin_…` its admin key, `swift run partner-commerce` the built binary, and `serve` starts, says
/// where it listens and is stopped (on a free loopback port, in a folder of its own). Every `curl` reports its status
/// on stderr; a block fails on a non-zero exit, a 5xx or a connection that was refused.
@Suite(.serialized) struct DocsShellBlocksTests {
    /// Blocks run elsewhere, because they take a release build: the static binary (`.ci/static` runs the block's
    /// lines and proves the binary without the toolchain) and the load benchmark (`.ci/run` runs the block's lines
    /// with short durations).
    static let runElsewhere: [String: Set<Int>] = ["docs/production.md": [0, 2]]

    static var documents: [String] {
        let guides = (try? FileManager.default.contentsOfDirectory(atPath: CLITests.root.appendingPathComponent("docs").path)) ?? []
        return ["README.md"] + guides.filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }
    }

    /// The ```bash blocks of a Markdown text, in order.
    static func shellBlocks(_ text: String) -> [String] {
        text.components(separatedBy: "```bash\n").dropFirst().compactMap { $0.components(separatedBy: "```").first }
    }

    /// Puts on `PATH` what the blocks call: `partner-commerce` (the binary; `serve` starts, must say where it listens,
    /// and is stopped) and `swift` (`run` is the binary). Scripts, not shell functions: `cmd &` then `kill %1` must
    /// reach the program itself.
    static func tools(binary: String, sandbox: String) throws -> String {
        let bin = sandbox + "/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        let partnerCommerce = #"""
            #!/bin/bash
            set -eo pipefail
            [ "${1:-}" = serve ] || exec "\#(binary)" "$@"
            shift
            args=() skip=""
            for arg in "$@"; do
              if [ -n "$skip" ]; then skip=""; continue; fi
              case "$arg" in --port|--host|--data-dir) skip=1 ;; *) args+=("$arg") ;; esac
            done
            folder=$(mktemp -d "\#(sandbox)/serve.XXXXXX")
            "\#(binary)" serve --port 0 --host 127.0.0.1 --data-dir "$folder" "${args[@]}" >"$folder/out" 2>"$folder/err" &
            pid=$!
            for _ in $(seq 1 200); do grep -q "listening on" "$folder/out" && break; sleep 0.1; done
            kill "$pid"; wait "$pid" || true
            grep "listening on" "$folder/out" || { cat "$folder/out" "$folder/err" >&2; echo "serve did not start" >&2; exit 1; }

            """#
        let swift = #"""
            #!/bin/bash
            case "${1:-}" in
              run) shift; while [ "${1#-}" != "$1" ]; do shift; done; shift; exec partner-commerce "$@" ;;
              test) echo "(swift test: this test runs inside it)" ;;
              *) echo "(swift $*: not run here)" ;;
            esac

            """#
        for (name, text) in [("partner-commerce", partnerCommerce), ("swift", swift)] {
            try writeScript(bin + "/" + name, text)
        }
        return bin
    }

    /// Writes an executable script through a descriptor closed on exec. Foundation's file writing opens one that is
    /// not: a process another test spawns while the script is being written keeps it open for writing for its whole
    /// life, and running the script then fails with "Text file busy".
    static func writeScript(_ path: String, _ text: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
    }

    /// Every `curl` reports its status on stderr, after what the block asked it to print.
    static let prelude = #"""
        set -eo pipefail
        curl() { command curl -w '%{stderr}[HTTP %{http_code}] %{method} %{url_effective}\n' "$@"; }

        """#

    @Test(arguments: documents) func everyShellBlockRuns(_ document: String) async throws {
        let text = try String(contentsOf: CLITests.root.appendingPathComponent(document), encoding: .utf8)
        let elsewhere = Self.runElsewhere[document] ?? []
        var blocks = Self.shellBlocks(text).enumerated().filter { !elsewhere.contains($0.offset) }.map(\.element)
        let postgres = ProcessInfo.processInfo.environment["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        if document == "docs/production.md" {
            // Several nodes on one PostgreSQL: the test's database stands in for the example's.
            guard let postgres else {
                print("docs/production.md: its PostgreSQL block needs DATABASE_URL; skipped")
                return
            }
            blocks = blocks.map {
                $0.replacingOccurrences(of: "postgres://partnercommerce:secret@db.internal:5432/partnercommerce?sslmode=require", with: postgres)
            }
        }
        guard !blocks.isEmpty else { return }
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let data = folder + "/data"
        let served = try await CLITests.Served.start(dataDir: data)
        defer { served.stopInBackground() }
        let key = try #require(served.adminKey)
        let ports = (try ClientCLITests.freePort(), try ClientCLITests.freePort())
        let bin = try Self.tools(binary: CLITests.binary, sandbox: folder)
        let script =
            Self.prelude
            // The guides' ports first: the server's own port may hold the digits 8081 or 8082.
            + blocks.joined(separator: "\n")
            .replacingOccurrences(of: ":8081", with: ":\(ports.0)").replacingOccurrences(of: "--port 8081", with: "--port \(ports.0)")
            .replacingOccurrences(of: ":8082", with: ":\(ports.1)").replacingOccurrences(of: "--port 8082", with: "--port \(ports.1)")
            .replacingOccurrences(of: "http://127.0.0.1:8080", with: served.base)
            .replacingOccurrences(of: "pcadmin_…", with: key)
            .replacingOccurrences(of: "--upstream https://api.partnercenter.microsoft.com", with: "--upstream \(served.base)")
            .replacingOccurrences(of: "--against https://api.partnercenter.microsoft.com", with: "--against \(served.base)")
        let home = ClientCLITests.Home()
        defer { home.remove() }
        // The demo admin agent's (App+User): the guides confirm agreements, which App-only tokens may not.
        let token = try await CLITests.run(["token", "--data-dir", data, "--user", "admin@contosopartnerdemo.onmicrosoft.com"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let ran = try await home.run(
            ["cd \(folder) && " + script],
            extra: [
                "PATH": bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"), "PARTNER_COMMERCE_DATA_DIR": data,
                "PARTNER_CENTER_TOKEN": token, "DATABASE_URL": "",
            ], shell: true
        )
        let report = "\(document)\nstdout:\n\(ran.stdout)\nstderr:\n\(ran.stderr)"
        #expect(ran.status == 0, "\(report)")
        #expect(!ran.stderr.contains("[HTTP 5"), "a server error: \(report)")
        #expect(!ran.stderr.contains("[HTTP 000"), "a refused connection: \(report)")
    }
}
