import NIOHTTP1

/// The read phase's requests, in turn: get a cart, get an order, list a customer's orders, get a customer —
/// the reads a client makes around a purchase. The point phase's: get a customer, get a cart.
struct ReadMix: Sendable {
    let known: [(customerID: String, cartID: String, orderID: String)]
    private let turn = AtomicCounter()
    private let pointTurn = AtomicCounter()

    init(known: [(customerID: String, cartID: String, orderID: String)]) { self.known = known }

    func next(client: BenchClient, worker: Int) async -> Outcome {
        let step = turn.next()
        let item = known[(step / 4) % known.count]
        let path =
            switch step % 4 {
            case 0: "/v1/customers/\(item.customerID)/carts/\(item.cartID)"
            case 1: "/v1/customers/\(item.customerID)/orders/\(item.orderID)"
            case 2: "/v1/customers/\(item.customerID)/orders"
            default: "/v1/customers/\(item.customerID)"
            }
        let status = await client.send(.GET, path).status
        return status == 200 ? .ok : .failed(status: status)
    }

    /// A single-resource read behind the token: a customer, then a cart, in turn.
    func nextPoint(client: BenchClient) async -> Outcome {
        let step = pointTurn.next()
        let item = known[(step / 2) % known.count]
        let path = step % 2 == 0 ? "/v1/customers/\(item.customerID)" : "/v1/customers/\(item.customerID)/carts/\(item.cartID)"
        let status = await client.send(.GET, path).status
        return status == 200 ? .ok : .failed(status: status)
    }
}
