import Foundation
import Testing

@testable import PartnerCenterModels

/// `PartnerCenterJSON.decodeRequest` and `decodeStored` read what Foundation's decoders read, value for value,
/// and leave to Foundation (errors included) whatever `TreeDecoder` does not read exactly as Foundation would.
@Suite struct TreeDecoderTests {
    static let lenient = PartnerCenterJSON.makeDecoder()

    /// Both decoders, side by side: equal values, or both refuse.
    func expectSame<T: Decodable & Equatable>(_ type: T.Type, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let ours = try? PartnerCenterJSON.decodeRequest(type, from: Data(text.utf8))
        let theirs = try? Self.lenient.decode(type, from: Data(text.utf8))
        #expect(ours == theirs, "\(text)", sourceLocation: sourceLocation)
    }

    /// Whether the input is read without Foundation (the point of it: the usual bodies must be).
    func readsItself<T: Decodable>(_ type: T.Type, _ text: String, lenient: Bool = true) -> Bool {
        guard let tree = Data(text.utf8).withUnsafeBytes({ JSONTree.parse($0) }) else { return false }
        let state = TreeDecoder.State(lenientKeys: lenient)
        return (try? TreeDecoder.decode(type, from: tree, state: state)) != nil && !state.gaveUp
    }

    static let docsCart = """
        {"lineItems":[{"id":0,"catalogItemId":"DZH318Z0BQ36:0001:DZH318Z0BTKJ","quantity":2,"billingCycle":"monthly","termDuration":"P1M",
        "provisioningContext":{"subscriptionId":"9d2e2b7f-01d5-4e6e-9d21-b7a5c4e6d3c2","Scope":"shared"}},
        {"id":1,"catalogItemId":"CFQ7TTC0LH0Z:0001:CFQ7TTC0K18P","quantity":1,"billingCycle":"Monthly","TermDuration":"P1Y","renewsTo":{"termDuration":"P1Y"}}]}
        """

    @Test func theUsualBodiesAreReadWithoutFoundationAndAlike() {
        #expect(readsItself(Cart.self, Self.docsCart))
        expectSame(Cart.self, Self.docsCart)
        let customer = """
            {"companyProfile":{"domain":"contoso.onmicrosoft.com","companyName":"Contoso"},
             "billingProfile":{"email":"a@contoso.com","culture":"en-US","language":"en","companyName":"Contoso",
              "defaultAddress":{"country":"US","city":"Redmond","state":"WA","addressLine1":"1 Main St","postalCode":"98052"}}}
            """
        #expect(readsItself(Customer.self, customer))
        expectSame(Customer.self, customer)
    }

    /// Inputs Foundation reads its own way, or refuses: each must come out as Foundation's.
    @Test(arguments: [
        #"{"lineItems":[{"id":"0","catalogItemId":"A","quantity":1}]}"#,
        #"{"lineItems":[{"id":1.0,"catalogItemId":"A","quantity":2e0}]}"#,
        #"{"lineItems":[{"id":0,"catalogItemId":"A","quantity":1.5}]}"#,
        #"{"lineItems":[{"id":0,"CatalogItemId":"A","catalogitemid":"B","quantity":1}]}"#,
        #"{"lineItems":[{"id":0,"catalogItemId":"A","quantity":1,"attestationAccepted":"TRUE"}]}"#,
        #"{"lineItems":[{"id":0,"catalogItemId":"\u00e9\ud83d\ude00\"\\\/","quantity":1}]}"#,
        #"{"lineItems":[{"id":0,"catalogItemId":"A","quantity":1,"provisioningContext":{"N":1,"B":true,"S":"x","Z":null}}]}"#,
        #"{"lineItems":[{"id":0,"catalogItemId":"A","quantity":99999999999999999999}]}"#,
        #"{"lineItems":[{"id":0,"catalogItemId":"A","quantity":1,"error":{"errorCode":"CatalogItemIdIsNotValid","errorDescription":"x"}}]}"#,
        #"{"lineItems":[{"id":0,"catalogItemId":"A","quantity":1,"customTermEndDate":"2026-12-31"}]}"#,
        #"{"lineItems":[{"id":0,"catalogItemId":"A","quantity":1,"customTermEndDate":"yesterday"}]}"#,
        #"{"lineItems":null}"#, #"{"lineItems":{}}"#, #"[]"#, #"{}"#, #"{"lineItems":[]} x"#, #"{"lineItems":[1,]}"#, "\"text\"",
        #"{"lineItems":[{"id":-0,"quantity":-1e400}]}"#, #"{"a":"\u0000","lineItems":[]}"#, #"{"lineItems":[{"id":0}],"lineItems":[]}"#,
    ])
    func oddBodiesComeOutAsFoundationsDo(_ text: String) {
        expectSame(Cart.self, text)
    }

    /// Random bodies made of the properties clients send, in any case, with values of every JSON type.
    @Test(arguments: [11, 12, 13, 14])
    func randomBodiesComeOutAsFoundationsDo(_ seed: UInt64) {
        var rng = CanonicalJSONTests.Seeded(state: seed)
        let names = [
            "id", "catalogItemId", "quantity", "billingCycle", "termDuration", "friendlyName", "provisioningContext", "orderGroup",
            "renewsTo", "promotionId", "attestationAccepted", "currencyCode", "addonItems", "customTermEndDate", "participants",
        ]
        let values = [
            "0", "1", "-3", "1.0", "\"7\"", "\"monthly\"", "\"Annual\"", "\"P1M\"", "true", "\"false\"", "null", "{}", "[]",
            #"{"termDuration":"P1Y"}"#, #"{"subscriptionId":"X","Scope":"s"}"#, #""2027-01-01T00:00:00Z""#,
            #"[{"key":"transaction_reseller","value":"1"}]"#,
            "\"é\\n\\u00e9\"",
        ]
        for round in 0..<400 {
            let lines = (0..<Int.random(in: 0...3, using: &rng)).map { _ in
                let fields = (0..<Int.random(in: 0...6, using: &rng)).map { _ -> String in
                    var name = names.randomElement(using: &rng)!
                    if Bool.random(using: &rng) { name = name.prefix(1).uppercased() + name.dropFirst() }
                    return "\"\(name)\":\(values.randomElement(using: &rng)!)"
                }
                return "{" + fields.joined(separator: ",") + "}"
            }
            let body = #"{"LineItems":["# + lines.joined(separator: ",") + "]}"
            let ours = try? PartnerCenterJSON.decodeRequest(Cart.self, from: Data(body.utf8))
            let theirs = try? Self.lenient.decode(Cart.self, from: Data(body.utf8))
            #expect(ours == theirs, "seed \(seed) round \(round): \(body)")
            if ours != theirs { return }
        }
    }

    /// What the store keeps reads back as it was, without Foundation.
    @Test func storedBodiesAreReadWithoutFoundationAndAlike() throws {
        let cart = try Self.lenient.decode(Cart.self, from: Data(Self.docsCart.utf8))
        let stored = try PartnerCenterJSON.encodeText(cart)
        #expect(readsItself(Cart.self, stored, lenient: false))
        #expect(try PartnerCenterJSON.decodeStored(Cart.self, from: Data(stored.utf8)) == cart)
    }

    struct Money: Codable, Equatable {
        var amount: Decimal
        var amounts: [Decimal]?
    }

    /// Stored money is read without Foundation, exactly as Foundation reads it; anything else goes to Foundation.
    @Test(arguments: [
        #"{"amount":3.6}"#, #"{"amount":-6.5}"#, #"{"amount":559.97}"#, #"{"amount":0}"#, #"{"amount":-0}"#, #"{"amount":0.0825}"#,
        #"{"amount":123456789012345678901234567.89}"#, #"{"amount":36,"amounts":[43.2,-0.54,7.74,0.01]}"#,
        #"{"amount":1e3}"#, #"{"amount":1.5E-2}"#, #"{"amount":"3.6"}"#, #"{"amount":12345678901234567890123456789012345678901234}"#,
        #"{"amount":null}"#, #"{"amount":true}"#,
    ])
    func moneyIsReadAsFoundationReadsIt(_ text: String) {
        let ours = try? PartnerCenterJSON.decodeStored(Money.self, from: Data(text.utf8))
        let theirs = try? JSONDecoder().decode(Money.self, from: Data(text.utf8))
        #expect(ours == theirs, "\(text)")
        if !text.contains("e"), !text.contains("E"), !text.contains("\""), text.count < 60, ours != nil {
            #expect(readsItself(Money.self, text, lenient: false), "\(text) is read without Foundation")
        }
    }
}
