/// What a checkout answers: the orders placed and one error per order group that failed (spec §3.5).
public struct CartCheckoutResult: Codable, Hashable, Sendable {
    public var orders: [Order]
    public var orderErrors: [OrderError]
    public var attributes: ResourceAttributes

    public init(orders: [Order], orderErrors: [OrderError] = []) {
        self.orders = orders
        self.orderErrors = orderErrors
        self.attributes = ResourceAttributes(objectType: "CartCheckoutResult")
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: WireKey.self)
        orders = try container.decodeIfPresent([Order].self, forKey: WireKey("orders")) ?? []
        orderErrors = try container.decodeIfPresent([OrderError].self, forKey: WireKey("orderErrors")) ?? []
        attributes =
            (try? container.decodeIfPresent(ResourceAttributes.self, forKey: WireKey("attributes")))
            ?? ResourceAttributes(objectType: "CartCheckoutResult")
    }
}

/// An order group that could not be placed: `{"orderGroupId": "1", "code": 800017, "description": "…"}`.
public struct OrderError: Codable, Hashable, Sendable {
    public var orderGroupId: String
    public var code: Int
    public var description: String

    public init(orderGroupId: String, code: Int, description: String) {
        self.orderGroupId = orderGroupId
        self.code = code
        self.description = description
    }
}
