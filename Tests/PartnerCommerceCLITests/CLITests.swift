import Foundation
import TestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

#if canImport(Glibc)
    import Glibc
#endif

/// The `partner-commerce` executable as a user runs it: real process, real port, real signals.
@Suite(.serialized) struct CLITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let binary = root.appendingPathComponent(".build/debug/partner-commerce").path

    /// Runs the binary to completion and returns its exit status and output, off the cooperative threads.
    static func run(_ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
        try await offThePool {
            let process = try ChildProcess(binary, arguments, output: .pipe, error: .pipe)
            // stderr is read on a thread of its own: a child that fills one pipe while we drain the other would stall.
            let errors = ErrorsReader(process.standardError)
            let output = process.standardOutput?.readDataToEndOfFile() ?? Data()
            let status = process.waitUntilExit()
            return (status, String(decoding: output, as: UTF8.self), String(decoding: errors.wait(), as: UTF8.self))
        }
    }

    /// Reads a pipe to its end on a thread of its own.
    final class ErrorsReader: @unchecked Sendable {
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)
        init(_ handle: FileHandle?) {
            Thread.detachNewThread {
                self.data = handle?.readDataToEndOfFile() ?? Data()
                self.done.signal()
            }
        }
        func wait() -> Data {
            done.wait()
            return data
        }
    }

    /// A running `serve` process and the address it printed.
    final class Served: @unchecked Sendable {
        let process: ChildProcess
        let base: String
        /// The admin key, when this start made it (printed once, before the address).
        let adminKey: String?
        /// Everything printed up to and including the `listening on` line.
        let printed: String

        let output: FileHandle

        /// Starts `serve` and waits (off the cooperative threads) for the address it prints. `errorLog` keeps stderr
        /// (the log) in that file; `environment` adds variables.
        static func start(dataDir: String, extra: [String] = [], errorLog: String? = nil, environment: [String: String] = [:]) async throws -> Served
        {
            try await start(["serve", "--port", "0", "--data-dir", dataDir] + extra, errorLog: errorLog, environment: environment)
        }

        /// Starts any command that prints `listening on http://…` (`serve`, `record`, `replay`) and waits for it.
        /// `launcher` runs the binary through another program (`prlimit --nofile=…`).
        static func start(
            _ arguments: [String], errorLog: String? = nil, environment: [String: String] = [:], launcher: [String] = []
        ) async throws -> Served {
            try await offThePool { try Served(arguments, errorLog: errorLog, environment: environment, launcher: launcher) }
        }

        private init(_ arguments: [String], errorLog: String?, environment: [String: String], launcher: [String]) throws {
            if let errorLog { _ = FileManager.default.createFile(atPath: errorLog, contents: nil) }
            process = try ChildProcess(
                launcher.first ?? CLITests.binary, launcher.isEmpty ? arguments : Array(launcher.dropFirst()) + [CLITests.binary] + arguments,
                environment: ProcessInfo.processInfo.environment.merging(environment) { $1 }, output: .pipe,
                error: errorLog.map { .file($0) } ?? .null
            )
            let handle = try #require(process.standardOutput)
            output = handle
            var text = ""
            while !text.contains("listening on"), !text.contains("\n\n") {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
            }
            while text.contains("listening on"), !text.hasSuffix("\n") {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
            }
            let lines = text.split(separator: "\n").map(String.init)
            guard let printed = lines.first(where: { $0.hasPrefix("listening on http://") }) else {
                process.stopInBackground(SIGKILL)
                throw CLIError("serve printed '\(text)'")
            }
            base = String(printed.dropFirst("listening on ".count))
            self.printed = text
            adminKey = lines.first { $0.hasPrefix("admin key") }?.split(separator: " ").last.map(String.init)
        }

        /// Sends a signal and waits for the process to end (killed after 20 s); returns its exit status.
        func stop(_ signal: Int32) async -> Int32 { await process.stop(signal) }

        /// Stops the process without waiting, for a `defer`.
        func stopInBackground() { process.stopInBackground() }
    }

    /// Every command and subcommand prints its help: ArgumentParser refuses a command whose options clash (two
    /// `--url`s) only when it is run, so each one is run here.
    @Test func everyCommandPrintsItsHelp() async throws {
        var pending: [[String]] = [[]]
        var seen = 0
        while let path = pending.popLast() {
            let ran = try await Self.run(path + ["--help"])
            #expect(ran.status == 0, "\(path.joined(separator: " ")): \(ran.stdout)\(ran.stderr)")
            #expect(!ran.stdout.contains("Validation failed"), "\(path.joined(separator: " ")): \(ran.stdout)")
            seen += 1
            // The listing ends at its first blank line (a "See 'help'" line follows).
            guard let listing = ran.stdout.components(separatedBy: "SUBCOMMANDS:\n").dropFirst().first?.components(separatedBy: "\n\n").first else {
                continue
            }
            for line in listing.split(separator: "\n") where line.hasPrefix("  ") && !line.hasPrefix("   ") {
                guard let name = line.split(separator: " ").first else { continue }
                pending.append(path + [String(name)])
            }
        }
        #expect(seen > 40, "\(seen) commands")
    }

    struct CLIError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    static func get(_ url: String, token: String? = nil) async throws -> (Int, String) {
        var request = URLRequest(url: URL(string: url)!)
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func servePrintsWhereItListensAndStopsCleanly(_ signal: Int32) async throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let served = try await Served.start(dataDir: folder)
        #expect(served.base.hasPrefix("http://127.0.0.1:"))
        let (status, body) = try await Self.get(served.base + "/_admin/health")
        #expect(status == 200, "\(body)")
        #expect(await served.stop(signal) == 0)
    }

    @Test func tokenCommandPrintsATokenTheServerAccepts() async throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let served = try await Served.start(dataDir: folder)
        defer { served.stopInBackground() }
        let minted = try await Self.run(["token", "--data-dir", folder])
        #expect(minted.status == 0, "\(minted.stderr)")
        let token = minted.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.split(separator: ".").count == 3)
        let (status, body) = try await Self.get(served.base + "/v1/customers/d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d", token: token)
        #expect(status == 200, "\(body)")
        let (unknown, _) = try await Self.get(served.base + "/v1/customers", token: nil)
        #expect(unknown == 401)
        let refused = try await Self.run(["token", "--data-dir", folder, "--partner", "00000000-0000-0000-0000-00000000abcd"])
        #expect(refused.status != 0)
    }

    @Test func logFormatJSONWritesOneObjectALineWithTheRequestsIds() async throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let log = folder + "/serve.log"
        let served = try await Served.start(dataDir: folder, errorLog: log, environment: ["LOG_FORMAT": "json"])
        // A refused sign-in is logged with the request's ids.
        var request = URLRequest(url: URL(string: served.base + "/common/oauth2/v2.0/token")!)
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        request.setValue("log-correlation-1", forHTTPHeaderField: "MS-CorrelationId")
        request.httpBody = Data(
            "grant_type=client_credentials&client_id=nobody&client_secret=x&scope=https%3A%2F%2Fapi.partnercenter.microsoft.com%2F.default".utf8)
        _ = try await URLSession.shared.data(for: request)
        #expect(await served.stop(SIGTERM) == 0)
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        #expect(!lines.isEmpty)
        let objects = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(objects.count == lines.count, "every line is a JSON object: \(lines.prefix(3))")
        #expect(objects.contains { $0["ms-correlationid"] as? String == "log-correlation-1" && $0["level"] as? String == "info" })
        #expect(objects.allSatisfy { $0["time"] is String && $0["message"] is String })
    }

    @Test func serveCanStartWithItsClockFrozen() async throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let served = try await Served.start(dataDir: folder, extra: ["--clock", "frozen"])
        let key = try #require(served.adminKey)
        let (status, body) = try await Self.get(served.base + "/_admin/clock", token: key)
        #expect(status == 200, "\(body)")
        #expect(body.contains(#""frozen":true"#), "\(body)")
        #expect(await served.stop(SIGTERM) == 0)
        // Restarted with --clock system, the store's clock runs again.
        let again = try await Served.start(dataDir: folder, extra: ["--clock", "system"])
        defer { again.stopInBackground() }
        let (_, running) = try await Self.get(again.base + "/_admin/clock", token: key)
        #expect(running.contains(#""frozen":false"#), "\(running)")
    }

    @Test func catalogImportReplacesTheCatalogAndRefusesBadFiles() async throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let file = folder + "/catalog.json"
        try #"""
        {"products":[{"id":"TESTPRODUCT1","title":"Only product","productType":{"id":"SaaS","displayName":"SaaS"},"targetViews":["SaaS"],
          "skus":[{"id":"0001","title":"Only SKU","minimumQuantity":1,"maximumQuantity":5,"supportedBillingCycles":["monthly"],
            "availabilities":[{"id":"AV000001","terms":[{"duration":"P1M","description":"1 Month","billingCycle":"monthly"}]}]}]}],
         "offers":[]}
        """#.write(toFile: file, atomically: true, encoding: .utf8)
        let imported = try await Self.run(["catalog", "import", file, "--data-dir", folder])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("imported 1 products and 0 offers"))

        let served = try await Served.start(dataDir: folder)
        defer { served.stopInBackground() }
        let token = try await Self.run(["token", "--data-dir", folder]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let (found, _) = try await Self.get(served.base + "/v1/products/TESTPRODUCT1?country=US", token: token)
        #expect(found == 200)
        let (gone, _) = try await Self.get(served.base + "/v1/products/DZH318Z0BQ36?country=US", token: token)
        #expect(gone == 404)

        try #"{"products":[{"id":"BROKEN"}]}"#.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try await Self.run(["catalog", "import", file, "--data-dir", folder]).status != 0)
        let (still, _) = try await Self.get(served.base + "/v1/products/TESTPRODUCT1?country=US", token: token)
        #expect(still == 200, "a refused import changes nothing")
    }
}

/// Which store a command opens when flags and environment disagree.
@Suite struct StoreSelectionTests {
    @Test func anExplicitDataDirWinsOverDATABASE_URLInTheEnvironment() async throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = "postgres://nobody@127.0.0.1:1/nothing?sslmode=disable"
        let process = try ChildProcess(CLITests.binary, ["migrate", "--data-dir", folder], environment: environment, output: .pipe)
        let printed = try await offThePool { String(decoding: process.standardOutput?.readDataToEndOfFile() ?? Data(), as: UTF8.self) }
        #expect(await process.exited() == 0)
        #expect(printed.hasPrefix("sqlite store"), "\(printed)")
    }
}
