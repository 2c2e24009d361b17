import CommerceStore
import Synchronization

/// Every checkout answer the run received, by cart: what the store must hold afterwards.
final class AnswerLog: Sendable {
    private let answers = Mutex<[String: (customerID: String, orders: [String])]>([:])

    /// Notes a checkout's answer and turns it into the phase's outcome.
    func record(_ cart: PreparedCart, _ answer: Result<[String], BenchError>) -> Outcome {
        switch answer {
        case .success(let orders):
            answers.withLock { $0[cart.cartID] = (cart.customerID, orders) }
            return .ok
        case .failure(let error):
            return .failed(status: error.status)
        }
    }

    var all: [String: [String]] { answers.withLock { $0.mapValues(\.orders) } }

    /// Up to a few hundred checked-out carts with their customer and first order, for the read phases.
    func sample(customers: [String]) -> [(customerID: String, cartID: String, orderID: String)] {
        answers.withLock { answers in
            answers.prefix(500).compactMap { cartID, answer in answer.orders.first.map { (answer.customerID, cartID, $0) } }
        }
    }
}

/// The correctness check: each checked-out cart has in the store exactly the orders its answer named — not
/// more (a retry or race placed a second set), not fewer (an answer for orders never kept).
struct CheckoutLedger {
    var answers: [String: [String]] = [:]

    /// Lines describing every cart whose stored orders differ from its answer; empty when all agree.
    func verify(against location: StoreLocation, partnerID: String) async throws -> [String] {
        let store = try await Store.open(location)
        let stored: [String: Set<String>]
        do {
            stored = try await store.orderIDsByCart(partnerID: partnerID)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
        return answers.compactMap { cartID, orders in
            let kept = stored[cartID] ?? []
            return kept == Set(orders) && orders.count == Set(orders).count
                ? nil : "cart \(cartID): answered \(orders.sorted()), stored \(kept.sorted())"
        }
    }
}

/// Carts made ready by many tasks at once.
final class PreparedCarts: Sendable {
    private let carts = Mutex<[PreparedCart]>([])
    func add(_ cart: PreparedCart) { carts.withLock { $0.append(cart) } }
    var all: [PreparedCart] { carts.withLock { $0 } }
}

/// A counter many tasks draw turns from.
final class AtomicCounter: Sendable {
    private let value = Atomic<Int>(0)
    func next() -> Int { value.add(1, ordering: .relaxed).oldValue }
}
