import Foundation
import PartnerCenterModels
import Testing

/// `PartnerCenterJSON.encode` writes what Foundation's encoder (`makeEncoder()`) writes, byte for byte: for random
/// JSON (keys, escapes, numbers, nesting), for every resource with every property set, and for the docs' example.
@Suite struct CanonicalJSONTests {
    static func foundation(_ value: some Encodable) throws -> String {
        String(decoding: try PartnerCenterJSON.makeEncoder().encode(value), as: UTF8.self)
    }

    func expectSame(_ value: some Encodable, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try PartnerCenterJSON.encodeText(value) == Self.foundation(value), sourceLocation: sourceLocation)
    }

    /// A repeatable generator (SplitMix64), so a failure names its seed.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let alphabet: [String] = [
        "a", "b", "Z", "_", "-", " ", "0", "9", "\"", "\\", "/", "\n", "\r", "\t", "\u{08}", "\u{0C}", "\u{01}", "\u{1F}", "\u{7F}", "é",
        "ß", "漢", "🙂", "\u{2028}", "\u{FFFF}", "\u{10000}", "x\u{301}",
    ]

    static func randomText(_ rng: inout Seeded) -> String {
        String((0..<Int.random(in: 0...8, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }.joined())
    }

    static func randomValue(_ rng: inout Seeded, depth: Int) -> JSONValue {
        switch Int.random(in: 0..<(depth > 3 ? 4 : 6), using: &rng) {
        case 0: return .string(randomText(&rng))
        case 1:
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: return .number(Double(Int.random(in: -1_000_000...1_000_000, using: &rng)))
            case 1: return .number(Double(Int.random(in: -100_000...100_000, using: &rng)) / 100)
            default: return .number(Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF))
            }
        case 2: return .bool(Bool.random(using: &rng))
        case 3: return .null
        case 4: return .array((0..<Int.random(in: 0...4, using: &rng)).map { _ in randomValue(&rng, depth: depth + 1) })
        default:
            var object: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0...5, using: &rng) { object[randomText(&rng)] = randomValue(&rng, depth: depth + 1) }
            return .object(object)
        }
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func randomJSONIsWrittenAsFoundationWritesIt(_ seed: UInt64) throws {
        var rng = Seeded(state: seed)
        for round in 0..<1_000 {
            let value = Self.randomValue(&rng, depth: 0)
            let ours = try PartnerCenterJSON.encodeText(value)
            let theirs = try Self.foundation(value)
            #expect(ours == theirs, "seed \(seed), round \(round)")
            if ours != theirs { return }
        }
    }

    @Test func everyPropertyOfTheResourcesIsWrittenAsFoundationWritesIt() throws {
        let date = Date(timeIntervalSince1970: 1_733_486_400.123)
        var line = CartLineItem(
            id: 3, catalogItemId: "CFQ7TTC0LH0Z:0001:CFQ7TTC0K18P", quantity: 25, billingCycle: .monthly, termDuration: "P1Y",
            friendlyName: "Ünïcødé \"quoted\" / slash \\ back", provisioningContext: ["subscriptionId": "x", "Scope": "shared", "zeta": "é"]
        )
        line.currencyCode = "USD"
        line.participants = [CartParticipant(key: .transactionReseller, value: "5357564")]
        line.orderGroup = "0"
        line.renewsTo = RenewsTo(termDuration: "P1M")
        line.error = CartError(
            errorCode: CartErrorCode(rawValue: 12345), errorDescription: "Line\nbreak\ttab", additionalInformation: ["b": "2", "a": "1"])
        line.promotionId = "promo"
        line.customTermEndDate = date
        line.attestationAccepted = true
        line.purchaseSystem = "PartnerCenter"
        line.addonItems = [CartLineItem(id: 4, catalogItemId: "addon", quantity: 1)]
        var cart = Cart(id: "b6b5f1b8-6b4a-4b8e-9e1a-3f2a1c0d9e8f", lineItems: [line], status: .active)
        cart.creationTimestamp = date
        cart.lastModifiedTimestamp = date.addingTimeInterval(0.5)
        cart.expirationTimestamp = date.addingTimeInterval(7 * 86_400)
        cart.lastModifiedUser = "user"
        cart.partnerOnRecordAttestationAccepted = false
        try expectSame(cart)

        var orderLine = OrderLineItem(lineItemNumber: 0, offerId: "MS-AZR-0145P", quantity: 2)
        orderLine.pricing = try PartnerCenterJSON.makeDecoder().decode(
            OrderLineItemPricing.self,
            from: Data(#"{"listPrice":12.5,"discountedPrice":0.1,"proratedPrice":1e-7,"price":123456789.125,"extendedPrice":-0.0}"#.utf8)
        )
        orderLine.links = OrderLineItemLinks(product: Link(uri: "/products/a b", method: "GET"), subscription: Link(uri: "/subscriptions/1"))
        orderLine.customTermEndDate = date
        orderLine.additionalPartnerIdsOnRecord = ["1", "2"]
        var order = Order(id: "order-1", referenceCustomerId: "customer", billingCycle: .annual, lineItems: [orderLine, orderLine])
        order.creationDate = date
        order.status = .pending
        order.totalPrice = 1e20
        order.client = ["name": "Bench", "Version": "1"]
        try expectSame(order)
        try expectSame(CartCheckoutResult(orders: [order], orderErrors: [OrderError(orderGroupId: "1", code: 5, description: "Fail.")]))
        try expectSame(ResourceCollection(items: [order, order]))
        try expectSame([cart])
        try expectSame(["when": date])
        try expectSame(ApiFault(code: 800002, description: "Bad \"input\".", data: ["a", "b"]))
    }

    /// Types Foundation writes its own way are left to Foundation, so the bytes still agree.
    @Test func whatItDoesNotWriteItselfIsStillFoundations() throws {
        try expectSame(["f": Float(0.1)])
        try expectSame(["u": URL(string: "https://example.com/a b")!])
        try expectSame(["d": Data([0, 1, 2, 250])])
        try expectSame(["n": Decimal(string: "12.345")!])
        #expect(throws: (any Error).self) { try PartnerCenterJSON.encode(["nan": Double.nan]) }
    }

    /// Conformances that use containers in less common ways: nested containers (written to before and after their
    /// parent writes again), a keyed container asked for twice, a key given twice, a super encoder, a value that
    /// writes nothing. Each gives Foundation's bytes, or Foundation's error.
    struct Unusual: Encodable {
        enum Keys: String, CodingKey { case zeta, alpha, nested, list, middle }
        enum Inner: String, CodingKey { case b, a }
        var shape: Int

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            switch shape {
            case 0:
                try container.encode(1, forKey: .zeta)
                var nested = container.nestedContainer(keyedBy: Inner.self, forKey: .nested)
                try nested.encode("x", forKey: .b)
                try nested.encode("y", forKey: .a)
                var list = container.nestedUnkeyedContainer(forKey: .list)
                try list.encode(3)
                try list.encode("four")
                try container.encode(true, forKey: .alpha)
            case 1:
                var nested = container.nestedContainer(keyedBy: Inner.self, forKey: .nested)
                try container.encode(2, forKey: .zeta)
                try nested.encode("late", forKey: .a)
            case 2:
                try container.encode(1, forKey: .zeta)
                var again = encoder.container(keyedBy: Keys.self)
                try again.encode(2, forKey: .alpha)
            case 3:
                try container.encode(1, forKey: .zeta)
                try container.encode(2, forKey: .zeta)
            case 4:
                try container.encode(1, forKey: .zeta)
                try 5.encode(to: container.superEncoder())
            default:
                try container.encode([String: Int](), forKey: .middle)
                try container.encode([Int](), forKey: .list)
            }
        }
    }

    @Test(arguments: 0...5) func unusualContainersGiveFoundationsBytes(_ shape: Int) throws {
        let value = Unusual(shape: shape)
        let theirs = try? Self.foundation(value)
        let ours = try? PartnerCenterJSON.encodeText(value)
        #expect(ours == theirs)
    }
}
