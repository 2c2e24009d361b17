import Foundation
import NIOHTTP1

/// The fixed request mix `Benchmarks/profile.sh` measures, step by step: each step sends exactly `requests`
/// requests at `concurrency`, so what the server spends on a step, divided by `requests`, is its cost per request.
///
/// The script attaches its counters to the server between steps: before each one this prints `ready STEP` and
/// waits for a line on standard input; after it, `done STEP requests=N seconds=S errors=E`. Customers are made
/// first, outside every step.
struct ProfileSteps {
    let client: BenchClient
    let concurrency: Int
    let requests: Int
    let lines: Int
    let customers: Int

    static let known = ["cart-create", "checkout", "customer-read", "cart-read"]

    func run(_ steps: [String]) async throws {
        if let unknown = steps.first(where: { !Self.known.contains($0) }) {
            throw BenchError.failed("unknown profile step \(unknown); the steps are \(Self.known.joined(separator: ", "))")
        }
        let customerIDs = try await withThrowingTaskGroup(of: String.self) { group in
            for number in 0..<customers { group.addTask { try await client.createCustomer(number) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let body = CartLines.buffer(count: lines)
        let carts = PreparedCarts()
        for step in steps {
            say("ready \(step)")
            guard readLine() != nil else { return }
            let made = carts.all
            let turn = AtomicCounter()
            let result = await runPhase(step, concurrency: concurrency, duration: 86_400) { _ -> Outcome? in
                let index = turn.next()
                guard index < requests else { return nil }
                switch step {
                case "cart-create":
                    switch await client.createCart(customerID: customerIDs[index % customerIDs.count], body: body) {
                    case .success(let cart):
                        carts.add(cart)
                        return .ok
                    case .failure(let error): return .failed(status: error.status)
                    }
                case "checkout":
                    guard index < made.count else { return .failed(status: 0) }
                    switch await client.checkout(made[index]) {
                    case .success: return .ok
                    case .failure(let error): return .failed(status: error.status)
                    }
                case "customer-read":
                    let status = await client.send(.GET, "/v1/customers/\(customerIDs[index % customerIDs.count])").status
                    return status == 200 ? .ok : .failed(status: status)
                default:
                    guard !made.isEmpty else { return .failed(status: 0) }
                    let cart = made[index % made.count]
                    let status = await client.send(.GET, "/v1/customers/\(cart.customerID)/carts/\(cart.cartID)").status
                    return status == 200 ? .ok : .failed(status: status)
                }
            }
            let errors = result.errors.values.reduce(0, +)
            say(String(format: "done %@ requests=%d seconds=%.3f errors=%d", step as NSString, result.completed + errors, result.seconds, errors))
        }
        say("end")
    }

    /// A line for the script, written at once (standard output is buffered when it is a pipe).
    private func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
