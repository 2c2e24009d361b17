import ArgumentParser
import AsyncHTTPClient
import CommerceServer
import CommerceStore
import Foundation
import NIOCore
import NIOHTTP1

/// `partner-commerce-bench`: drives a running server at a fixed concurrency and reports throughput, latency
/// percentiles and errors per phase, with two baselines measured in the same run (the HTTP ceiling and the
/// in-process engine limit), then checks against the store that every checked-out cart has exactly its orders.
@main
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "partner-commerce-bench", abstract: "Load generator for a PartnerCommerce server (Benchmarks/run.sh runs it).")

    @Option(help: "The server's base URL.") var url = "http://127.0.0.1:8080"
    @Option(help: "A partner user's access token (`partner-commerce token --user …` prints one; App+User, to confirm customers' agreements).")
    var token: String?
    @Option(
        help:
            "Comma-separated phases: ceiling, checkout, flow, point, read, mixed, engine; also list (the first customer's orders, one page) and recon (--recon-lines unbilled lines listed by seek token, then closed into an invoice); json alone times the JSON coders in-process."
    )
    var phases = "ceiling,checkout,flow,point,read,mixed,engine"
    @Option(help: "Concurrent requests in flight.") var concurrency = 32
    @Option(help: "Seconds each phase runs at most.") var duration = 10.0
    @Option(help: "Line items per cart.") var lines = 3
    @Option(
        help: "Carts prepared for the checkout phase (and checked out in-process for the engine phase); a phase that runs out of carts ends early.")
    var carts = 20_000
    @Option(help: "Customers the carts are spread over.") var customers = 16
    @Option(help: "Orders added to the first customer's history before the phases (copies of one order, straight into the store).")
    var history = 0
    @Option(help: "Unbilled lines the recon phase lists and closes (copies of one purchase's charge, straight into the store).")
    var reconLines = 100_000
    @Option(help: "The server's SQLite data folder: the correctness check and the engine phase's engine.") var dataDir: String?
    @Option(help: "The server's PostgreSQL URL: the correctness check, and where the engine phase makes a schema of its own.") var databaseURL:
        String?
    @Option(
        help:
            "Instead of the phases: profile steps (cart-create, checkout, customer-read, cart-read), each of --requests requests, each started by a line on standard input (Benchmarks/profile.sh)."
    )
    var profileSteps: String?
    @Option(help: "Requests in each profile step.") var requests = 2000

    func validate() throws {
        guard concurrency >= 1, customers >= 1, carts >= 0, history >= 0 else {
            throw ValidationError("--concurrency and --customers must be at least 1; --carts and --history not negative.")
        }
        guard (1...100).contains(lines) else { throw ValidationError("--lines must be 1 to 100, as a cart allows.") }
        guard duration > 0, duration <= 86_400 else { throw ValidationError("--duration must be more than 0 and at most a day.") }
        guard requests >= 1 else { throw ValidationError("--requests must be at least 1.") }
    }

    func run() async throws {
        let selected = Set(phases.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
        let http = BenchClient.make(concurrency: concurrency)
        let client = BenchClient(http: http, baseURL: url.hasSuffix("/") ? String(url.dropLast()) : url, token: token ?? "")
        if phases.split(separator: ",").contains("json") {
            // In-process only: what each JSON coder costs on a purchase's resources.
            for line in try JSONCost(rounds: 20_000).run() { print(line) }
            try await http.shutdown()
            return
        }
        if let profileSteps {
            do {
                try await ProfileSteps(client: client, concurrency: concurrency, requests: requests, lines: lines, customers: customers)
                    .run(profileSteps.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            } catch {
                try? await http.shutdown()
                throw error
            }
            try await http.shutdown()
            return
        }
        var results: [String: PhaseResult] = [:]
        var ledger = CheckoutLedger()
        do {
            try await runHTTPPhases(selected, client: client, results: &results, ledger: &ledger)
        } catch {
            try? await http.shutdown()
            throw error
        }
        try await http.shutdown()
        if selected.contains("engine") {
            let result = try await EngineBaseline(
                location: engineLocation(), lines: lines, concurrency: concurrency, duration: duration, carts: carts
            ).run()
            print(result.summary)
            results["engine"] = result
        }
        var correct = "unchecked"
        if let location = serverLocation(), !ledger.answers.isEmpty {
            let mismatches = try await ledger.verify(against: location, partnerID: DemoData.partner.tenantID)
            correct = mismatches.isEmpty ? "yes" : "no"
            print("correctness: \(ledger.answers.count) checked-out carts, \(mismatches.count) whose stored orders differ from the answer")
            for line in mismatches.prefix(5) { print("  \(line)") }
        }
        print(Self.lastLine(results, correct: correct))
        if correct == "no" { throw ExitCode(2) }
    }

    private func runHTTPPhases(_ selected: Set<String>, client: BenchClient, results: inout [String: PhaseResult], ledger: inout CheckoutLedger)
        async throws
    {
        if selected.contains("ceiling") {
            _ = await runPhase("warm-up", concurrency: concurrency, duration: 1) { _ in
                await client.send(.GET, "/_admin/health", authorized: false).status == 200 ? .ok : .failed(status: 0)
            }
            let result = await runPhase("ceiling", concurrency: concurrency, duration: duration) { _ in
                let status = await client.send(.GET, "/_admin/health", authorized: false).status
                return status == 200 ? .ok : .failed(status: status)
            }
            print(result.summary)
            results["ceiling"] = result
        }
        guard !selected.isDisjoint(with: ["checkout", "flow", "read", "mixed", "list", "recon"]) else { return }
        let customerIDs = try await withThrowingTaskGroup(of: String.self) { group in
            for number in 0..<customers { group.addTask { try await client.createCustomer(number) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let cartBody = CartLines.buffer(count: lines)
        let answers = AnswerLog()
        if history > 0 { try await addHistory(client: client, customerID: customerIDs[0], body: cartBody, answers: answers) }
        if selected.contains("list") {
            let path = "/v1/customers/\(customerIDs[0])/orders"
            let result = await runPhase("list", concurrency: concurrency, duration: duration) { _ in
                let status = await client.send(.GET, path).status
                return status == 200 ? .ok : .failed(status: status)
            }
            print(result.summary)
            results["list"] = result
        }
        if selected.contains("checkout") {
            let made = WorkQueue(Array(0..<carts))
            let prepared = PreparedCarts()
            let preparing = await runPhase("carts", concurrency: concurrency, duration: 3600) { worker in
                guard let number = made.take() else { return nil }
                switch await client.createCart(customerID: customerIDs[number % customerIDs.count], body: cartBody) {
                case .success(let cart):
                    prepared.add(cart)
                    return .ok
                case .failure(let error): return .failed(status: error.status)
                }
            }
            print(preparing.summary)
            let queue = WorkQueue(prepared.all)
            let result = await runPhase("checkout", concurrency: concurrency, duration: duration) { _ in
                guard let cart = queue.take() else { return nil }
                return answers.record(cart, await client.checkout(cart))
            }
            print(result.summary + (queue.take() == nil ? "  (ran out of carts)" : ""))
            results["checkout"] = result
        }
        if selected.contains("flow") {
            let result = await runPhase("flow", concurrency: concurrency, duration: duration) { worker in
                await purchase(client: client, customerID: customerIDs[worker % customerIDs.count], body: cartBody, answers: answers)
            }
            print(result.summary)
            results["flow"] = result
        }
        if !selected.isDisjoint(with: ["point", "read", "mixed"]) {
            var known = answers.sample(customers: customerIDs)
            if known.isEmpty, case .ok = await purchase(client: client, customerID: customerIDs[0], body: cartBody, answers: answers) {
                known = answers.sample(customers: customerIDs)
            }
            guard !known.isEmpty else { throw BenchError.failed("no checked-out cart to read") }
            let reads = ReadMix(known: known)
            if selected.contains("point") {
                // Single-resource reads behind a token, the issue's yardstick against the HTTP ceiling.
                let result = await runPhase("point", concurrency: concurrency, duration: duration) { worker in await reads.nextPoint(client: client) }
                print(result.summary)
                results["point"] = result
            }
            if selected.contains("read") {
                let result = await runPhase("read", concurrency: concurrency, duration: duration) { worker in
                    await reads.next(client: client, worker: worker)
                }
                print(result.summary)
                results["read"] = result
            }
            if selected.contains("mixed") {
                // Nine reads to one purchase, roughly how a storefront's traffic splits.
                let turn = AtomicCounter()
                let result = await runPhase("mixed", concurrency: concurrency, duration: duration) { worker in
                    if turn.next() % 10 == 0 {
                        return await purchase(client: client, customerID: customerIDs[worker % customerIDs.count], body: cartBody, answers: answers)
                    }
                    return await reads.next(client: client, worker: worker)
                }
                print(result.summary)
                results["mixed"] = result
            }
        }
        ledger.answers = answers.all
        if selected.contains("recon") {
            if answers.all.isEmpty {
                guard case .ok = await purchase(client: client, customerID: customerIDs[0], body: cartBody, answers: answers) else {
                    throw BenchError.failed("the recon phase needs a purchase")
                }
            }
            guard let location = serverLocation() else { throw BenchError.failed("the recon phase needs --data-dir or --database-url") }
            for line in try await ReconPhase(client: client, location: location, lines: reconLines).run() { print(line) }
        }
    }

    /// Buys once for `customerID`, then copies that order `history` times in the store (`--history`).
    private func addHistory(client: BenchClient, customerID: String, body: ByteBuffer, answers: AnswerLog) async throws {
        guard case .ok = await purchase(client: client, customerID: customerID, body: body, answers: answers),
            let orderID = answers.sample(customers: [customerID]).first(where: { $0.customerID == customerID })?.orderID,
            let location = serverLocation()
        else { throw BenchError.failed("--history needs a first purchase and --data-dir or --database-url") }
        let began = ContinuousClock.now
        let store = try await Store.open(location)
        do {
            try await store.addOrderCopiesForLoadTest(of: orderID, copies: history)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
        print("history: \(history) orders added to customer \(customerID) in \(began.duration(to: ContinuousClock.now))")
    }

    /// One purchase as a client makes it: create a cart, then check it out.
    private func purchase(client: BenchClient, customerID: String, body: ByteBuffer, answers: AnswerLog) async -> Outcome {
        switch await client.createCart(customerID: customerID, body: body) {
        case .failure(let error): return .failed(status: error.status)
        case .success(let cart): return answers.record(cart, await client.checkout(cart))
        }
    }

    private func serverLocation() -> StoreLocation? {
        if let databaseURL { return .postgres(url: databaseURL, poolSize: 2) }
        return dataDir.map { .sqlite(directory: $0) }
    }

    /// The engine phase's own store: a new folder, or a new schema in the server's PostgreSQL database.
    private func engineLocation() -> StoreLocation {
        let suffix = UUID().uuidString.prefix(8).lowercased()
        if let databaseURL { return .postgres(url: databaseURL, poolSize: 10, schema: "bench_engine_\(suffix)") }
        return .sqlite(directory: FileManager.default.temporaryDirectory.appendingPathComponent("pc-bench-engine-\(suffix)").path)
    }

    /// The machine-readable summary `run.sh` ends with.
    static func lastLine(_ results: [String: PhaseResult], correct: String) -> String {
        func rate(_ name: String) -> String { results[name].map { String(format: "%.0f", $0.perSecond) } ?? "-" }
        func fraction(_ part: String, _ whole: String) -> String {
            guard let part = results[part], let whole = results[whole], whole.perSecond > 0 else { return "-" }
            return String(format: "%.2f", part.perSecond / whole.perSecond)
        }
        let p99 = results["checkout"].map { String(format: "%.2f", $0.milliseconds(99)) } ?? "-"
        return "checkout_per_s=\(rate("checkout")) p99_ms=\(p99) flow_per_s=\(rate("flow")) engine_per_s=\(rate("engine")) "
            + "engine_fraction=\(fraction("checkout", "engine")) read_per_s=\(rate("read")) ceiling_per_s=\(rate("ceiling")) "
            + "read_fraction=\(fraction("read", "ceiling")) point_per_s=\(rate("point")) point_fraction=\(fraction("point", "ceiling")) "
            + "flow_p99_ms=\(results["flow"].map { String(format: "%.2f", $0.milliseconds(99)) } ?? "-") list_p50_ms=\(results["list"].map { String(format: "%.2f", $0.milliseconds(50)) } ?? "-") "
            + "checkout_p50_ms=\(results["checkout"].map { String(format: "%.2f", $0.milliseconds(50)) } ?? "-") correct=\(correct)"
    }
}
