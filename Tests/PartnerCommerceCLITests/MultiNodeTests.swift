import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Several nodes on one store (issue: exactly once across nodes, shared fulfilment).
@Suite(.serialized) struct MultiNodeTests {
    @Test(.enabled(if: Nodes.databaseURL != nil, "DATABASE_URL is not set: the two-node test runs on SQLite only"))
    func postgresIsAvailableForTheTwoNodeTest() throws {
        // The PostgreSQL case needs a database of its own; this fails when none can be made.
        let url = try Nodes.freshPostgresDatabase()
        #expect(url.contains("/pc_nodes_"))
    }

    /// Two `serve` processes on one store: one PostgreSQL database, or one SQLite file (whose file lock then
    /// serialises the two processes' transactions).
    @Test(arguments: CrashTests.engines)
    func twoNodesCheckOutEachCartOnceAndFulfilEachOrderOnce(_ engine: String) async throws {
        let folder = CLITests.temporaryFolder()
        defer { if ProcessInfo.processInfo.environment["KEEP_TEST_DATA"] == nil { try? FileManager.default.removeItem(atPath: folder) } else { print("DATA \(folder)") } }
        let url = engine == "postgres" ? try Nodes.freshPostgresDatabase() : nil
        let store = Nodes.storeArguments(folder: folder, databaseURL: url)
        let serve = (url.map { ["--database-url", $0] } ?? []) + ["--fulfilment-delay", "1"]
        let nodes = [try CLITests.Served(dataDir: folder, extra: serve), try CLITests.Served(dataDir: folder, extra: serve)]
        defer { for node in nodes { _ = node.stop(SIGTERM) } }
        let token = try Nodes.token(store)
        var carts: [String] = []
        for index in 0..<20 { carts.append(try await Nodes.newCart(base: nodes[index % 2].base, token: token)) }

        // 100 concurrent checkouts: every cart five times, spread over both nodes.
        let answers = await withTaskGroup(of: (String, Int, String).self) { group in
            for round in 0..<5 {
                for (index, cart) in carts.enumerated() {
                    let node = nodes[(index + round) % 2]
                    group.addTask {
                        let answer = await Nodes.send("POST", "\(node.base)/v1/customers/\(Nodes.customer)/carts/\(cart)/checkout", token: token)
                        return (cart, answer?.status ?? 0, answer?.body ?? "")
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(answers.count == 100)
        for cart in carts {
            let mine = answers.filter { $0.0 == cart }
            let created = mine.filter { $0.1 == 201 }
            #expect(mine.allSatisfy { $0.1 == 201 || ($0.1 == 409 && $0.2.contains("800064")) }, "\(mine.map(\.1))")
            #expect(Set(created.map(\.2)).count == 1, "every 201 for cart \(cart) carries the same body")
        }
        let orders = await Nodes.orders(base: nodes[1].base, token: token)
        #expect(orders.count == 20, "exactly one order per cart")

        // Both nodes run the fulfilment worker; each order gets its one subscription once.
        let deadline = Date().addingTimeInterval(30)
        var completed: [[String: Any]] = []
        while Date() < deadline {
            completed = await Nodes.orders(base: nodes[0].base, token: token)
            if completed.count == 20, completed.allSatisfy({ $0["status"] as? String == "completed" }) { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(completed.allSatisfy { $0["status"] as? String == "completed" })
        let listed = await Nodes.send("GET", "\(nodes[0].base)/v1/customers/\(Nodes.customer)/subscriptions", token: token)
        let subscriptions = Nodes.json(listed?.body ?? "")["items"] as? [[String: Any]] ?? []
        let byOrder = Dictionary(grouping: subscriptions.compactMap { $0["orderId"] as? String }, by: { $0 })
        #expect(byOrder.count == 20 && byOrder.values.allSatisfy { $0.count == 1 }, "one subscription per order, none twice")
    }
}
