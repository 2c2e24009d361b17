import CommerceCore
import Foundation
import PartnerCenterModels
import Testing

/// CartRules on their own, no store and no HTTP: each line error it gives (10001–10019), the order groups, the ids,
/// and the shape refused outright. The codes it never gives (quota 10002, inventory 10003, participants 10004,
/// 10006, 10008, registration 10011, seats per subscription 10015) belong to checks this server does not make.
@Suite struct CartRulesTests {
    /// A small catalog with one item of each kind the rules tell apart.
    static let catalogJSON = #"""
        {"products": [
          {"id": "LICENCE00001", "title": "Licence", "productType": {"id": "OnlineServices"}, "targetViews": ["OnlineServices"],
           "skus": [{"id": "0001", "title": "Licence", "minimumQuantity": 1, "maximumQuantity": 300, "supportedBillingCycles": ["monthly", "annual"],
             "availabilities": [{"id": "AV1", "terms": [{"duration": "P1M", "billingCycle": "monthly"}, {"duration": "P1Y", "billingCycle": "annual"},
                                                         {"duration": "P1Y", "billingCycle": "monthly"}]}]}]},
          {"id": "TRIAL0000001", "title": "Trial", "productType": {"id": "OnlineServices"}, "targetViews": ["OnlineServices"],
           "skus": [{"id": "0001", "title": "Trial", "minimumQuantity": 1, "maximumQuantity": 25, "isTrial": true, "supportedBillingCycles": ["none"],
             "availabilities": [{"id": "AV1", "terms": [{"duration": "P1M", "billingCycle": "none"}]}]}]},
          {"id": "ATTEST000001", "title": "Attested", "productType": {"id": "OnlineServices"}, "targetViews": ["OnlineServices"],
           "skus": [{"id": "0001", "title": "Attested", "minimumQuantity": 1, "maximumQuantity": 10, "supportedBillingCycles": ["monthly"],
             "attestationProperties": {"attestationType": "Windows365", "enforceAttestation": true},
             "availabilities": [{"id": "AV1", "terms": [{"duration": "P1M", "billingCycle": "monthly"}]}]}]},
          {"id": "ADDON0000001", "title": "Add-on", "productType": {"id": "OnlineServices"}, "targetViews": ["OnlineServices"],
           "skus": [{"id": "0001", "title": "Add-on", "minimumQuantity": 5, "maximumQuantity": 300, "supportedBillingCycles": ["monthly"],
             "dynamicAttributes": {"isAddon": true, "prerequisiteSkus": ["LICENCE00001:0001"]},
             "availabilities": [{"id": "AV1", "terms": [{"duration": "P1M", "billingCycle": "monthly"}]}]}]},
          {"id": "RESERVE00001", "title": "Reservation", "productType": {"id": "Azure"}, "targetViews": ["Azure"],
           "skus": [{"id": "0001", "title": "Reservation", "minimumQuantity": 1, "maximumQuantity": 100, "supportedBillingCycles": ["one_time"],
             "provisioningVariables": ["Scope", "SubscriptionId", "Duration"],
             "availabilities": [{"id": "AV1", "terms": [{"duration": "P1Y", "billingCycle": "one_time"}]}]}]}
        ],
        "offers": [
          {"id": "LEGACY-OFFER-1", "name": "Legacy", "minimumQuantity": 1, "maximumQuantity": 10, "supportedBillingCycles": ["monthly", "annual"]},
          {"id": "AZURE-PLAN-1", "name": "Azure plan", "minimumQuantity": 1, "maximumQuantity": 1, "supportedBillingCycles": ["monthly"]},
          {"id": "LEGACY-ADDON-1", "name": "Legacy add-on", "minimumQuantity": 1, "maximumQuantity": 10, "supportedBillingCycles": ["monthly"],
           "isAddOn": true, "prerequisiteOffers": ["LEGACY-OFFER-1"]},
          {"id": "JAPAN-OFFER-1", "name": "Sold in Japan", "minimumQuantity": 1, "maximumQuantity": 5, "supportedBillingCycles": ["monthly"], "countries": ["JP"]}
        ]}
        """#

    static let now = Date(timeIntervalSince1970: 1_768_435_200)  // 2026-01-15T00:00:00Z

    static func context(sandbox: SandboxLimits? = nil, existing: Int = 0) throws -> CartContext {
        let file = try JSONDecoder().decode(CatalogFile.self, from: Data(catalogJSON.utf8))
        var context = CartContext(
            customerID: "customer-1", market: Market.named("US")!, catalog: try Catalog(file),
            subscriptions: [
                "azure-active": OwnedSubscription(id: "azure-active", offerId: "AZURE-PLAN-1", isActive: true, isAzure: true),
                "azure-suspended": OwnedSubscription(id: "azure-suspended", offerId: "AZURE-PLAN-1", isActive: false, isAzure: true),
                "licence-10": OwnedSubscription(id: "licence-10", offerId: "LICENCE00001:0001", isActive: true, isAzure: false, quantity: 10),
            ],
            now: now
        )
        context.sandbox = sandbox
        context.subscriptionCount = existing
        return context
    }

    static func line(
        _ item: String?, quantity: Int? = 1, cycle: BillingCycleType? = .monthly, term: String? = "P1M", context: [String: String]? = nil,
        change: (inout CartLineItem) -> Void = { _ in }
    ) -> CartLineItem {
        var line = CartLineItem(
            catalogItemId: item ?? "", quantity: quantity ?? 0, billingCycle: cycle, termDuration: term, provisioningContext: context)
        if item == nil { line.catalogItemId = nil }
        if quantity == nil { line.quantity = nil }
        change(&line)
        return line
    }

    static let reservation: [String: String] = ["scope": "shared", "subscriptionId": "azure-active"]

    /// One line and the code its error must carry (`nil`: it can be bought).
    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var line: CartLineItem
        var code: Int?
    }

    static let cases: [Case] = [
        Case(description: "a licence that can be bought", line: line("LICENCE00001:0001:AV1"), code: nil),
        Case(description: "no catalogItemId", line: line(nil), code: 10001),
        Case(description: "an unknown catalog item", line: line("NOPE00000001:0001:AV1"), code: 10001),
        Case(description: "no quantity", line: line("LICENCE00001:0001:AV1", quantity: nil), code: 10010),
        Case(description: "quantity 0", line: line("LICENCE00001:0001:AV1", quantity: 0), code: 10010),
        Case(description: "over the maximum", line: line("LICENCE00001:0001:AV1", quantity: 301), code: 10010),
        Case(description: "no billing cycle", line: line("LICENCE00001:0001:AV1", cycle: nil), code: 10010),
        Case(description: "a billing cycle not offered", line: line("LICENCE00001:0001:AV1", cycle: .oneTime), code: 10013),
        Case(description: "a term not offered", line: line("LICENCE00001:0001:AV1", term: "P3Y"), code: 10010),
        Case(description: "no term where terms exist", line: line("LICENCE00001:0001:AV1", term: nil), code: 10010),
        Case(description: "a term and cycle offered together", line: line("LICENCE00001:0001:AV1", cycle: .annual, term: "P1Y"), code: nil),
        Case(
            description: "a reservation with what it needs", line: line("RESERVE00001:0001:AV1", cycle: .oneTime, term: "P1Y", context: reservation),
            code: nil),
        Case(
            description: "a reservation without its subscription",
            line: line("RESERVE00001:0001:AV1", cycle: .oneTime, term: "P1Y", context: ["scope": "shared"]), code: 10010),
        Case(
            description: "a reservation of another scope",
            line: line("RESERVE00001:0001:AV1", cycle: .oneTime, term: "P1Y", context: ["scope": "global", "subscriptionId": "azure-active"]),
            code: 10010
        ),
        Case(
            description: "a reservation for a subscription the customer lacks",
            line: line("RESERVE00001:0001:AV1", cycle: .oneTime, term: "P1Y", context: ["scope": "shared", "subscriptionId": "azure-other"]),
            code: 10007
        ),
        Case(
            description: "a reservation for a suspended Azure subscription",
            line: line("RESERVE00001:0001:AV1", cycle: .oneTime, term: "P1Y", context: ["scope": "shared", "subscriptionId": "azure-suspended"]),
            code: 10007
        ),
        Case(
            description: "a reservation for a licence subscription",
            line: line("RESERVE00001:0001:AV1", cycle: .oneTime, term: "P1Y", context: ["scope": "shared", "subscriptionId": "licence-10"]),
            code: 10007
        ),
        Case(description: "attestation not accepted", line: line("ATTEST000001:0001:AV1"), code: 10012),
        Case(description: "attestation accepted", line: line("ATTEST000001:0001:AV1") { $0.attestationAccepted = true }, code: nil),
        Case(description: "a promotion", line: line("LICENCE00001:0001:AV1") { $0.promotionId = "PROMO1" }, code: 10014),
        Case(
            description: "a custom term end on a trial",
            line: line("TRIAL0000001:0001:AV1", cycle: BillingCycleType(wire: "none")) { $0.customTermEndDate = now.addingTimeInterval(86_400) },
            code: 10016
        ),
        Case(
            description: "a custom term end on a legacy offer",
            line: line("LEGACY-OFFER-1", term: nil) { $0.customTermEndDate = now.addingTimeInterval(86_400) }, code: 10016
        ),
        Case(
            description: "a custom term end today", line: line("LICENCE00001:0001:AV1", cycle: .annual, term: "P1Y") { $0.customTermEndDate = now },
            code: 10017
        ),
        Case(
            description: "a custom term end past the first term",
            line: line("LICENCE00001:0001:AV1", cycle: .annual, term: "P1Y") { $0.customTermEndDate = now.addingTimeInterval(400 * 86_400) },
            code: 10017
        ),
        Case(
            description: "a custom term end within the first term",
            line: line("LICENCE00001:0001:AV1", cycle: .annual, term: "P1Y") { $0.customTermEndDate = now.addingTimeInterval(200 * 86_400) },
            code: nil
        ),
        Case(description: "an add-on with no parent", line: line("ADDON0000001:0001:AV1", quantity: 5), code: 10010),
        Case(
            description: "an add-on for an unknown parent subscription",
            line: line("ADDON0000001:0001:AV1", quantity: 5, context: ["parentSubscriptionId": "nobody"]), code: 10007
        ),
        Case(
            description: "an add-on for a parent of another offer",
            line: line("ADDON0000001:0001:AV1", quantity: 5, context: ["parentSubscriptionId": "azure-active"]), code: 10010
        ),
        Case(
            description: "an add-on below its own minimum",
            line: line("ADDON0000001:0001:AV1", quantity: 3, context: ["parentSubscriptionId": "licence-10"]),
            code: 10019
        ),
        Case(
            description: "an add-on above its base's seats",
            line: line("ADDON0000001:0001:AV1", quantity: 11, context: ["parentSubscriptionId": "licence-10"]), code: 10018
        ),
        Case(
            description: "an add-on within its base's seats",
            line: line("ADDON0000001:0001:AV1", quantity: 10, context: ["parentSubscriptionId": "licence-10"]),
            code: nil
        ),
    ]

    @Test(arguments: cases) func aLineGetsTheErrorItsProblemNames(_ test: Case) throws {
        let lines = try CartRules.evaluate([test.line], context: try Self.context())
        #expect(
            lines.first?.error?.errorCode.rawValue == test.code,
            "\(test.description): \(lines.first?.error.map { "\($0.errorDescription)" } ?? "no error")")
    }

    @Test func theSandboxCapsAreLineErrorsToo() throws {
        let sandbox = SandboxLimits(customersPerPartner: 75, subscriptionsPerCustomer: 2, licencesPerSubscription: 25)
        let lines = try CartRules.evaluate(
            [Self.line("LICENCE00001:0001:AV1", quantity: 26), Self.line("LICENCE00001:0001:AV1"), Self.line("LICENCE00001:0001:AV1")],
            context: try Self.context(sandbox: sandbox, existing: 1)
        )
        #expect(lines.map { $0.error?.errorCode.rawValue } == [10009, nil, 10009])
    }

    @Test func anAddOnsErrorIsItsParentsToo() throws {
        var parent = Self.line("LICENCE00001:0001:AV1", quantity: 4)
        parent.addonItems = [Self.line("ADDON0000001:0001:AV1", quantity: 5)]
        let line = try #require(try CartRules.evaluate([parent], context: try Self.context()).first)
        #expect(line.addonItems?.first?.error?.errorCode.rawValue == 10018)
        #expect(line.error?.errorCode.rawValue == 10010)
        #expect(line.addonItems?.first?.orderGroup == line.orderGroup, "an add-on is ordered with its parent")
    }

    @Test func orderGroupsFollowPurchaseSystemAndBillingCycleInFirstSeenOrder() throws {
        let lines = try CartRules.evaluate(
            [
                Self.line("LEGACY-OFFER-1", term: nil), Self.line("LICENCE00001:0001:AV1"), Self.line("LEGACY-OFFER-1", cycle: .annual, term: nil),
                Self.line("LICENCE00001:0001:AV1", cycle: .annual, term: "P1Y"),
                Self.line("RESERVE00001:0001:AV1", cycle: .oneTime, term: "P1Y", context: Self.reservation), Self.line("LEGACY-OFFER-1", term: nil),
                Self.line("LICENCE00001:0001:AV1"),
            ],
            context: try Self.context()
        )
        #expect(lines.map(\.orderGroup) == ["OMS-0", "0", "OMS-1", "1", "2", "OMS-0", "0"])
        #expect(lines.allSatisfy { $0.currencyCode == "USD" })
    }

    @Test func idsAreKeptWhenUniqueAndOtherwiseTheNextFree() throws {
        let lines = try CartRules.evaluate(
            [5, 5, nil, -3, 0].map { id in Self.line("LICENCE00001:0001:AV1") { $0.id = id } }, context: try Self.context()
        )
        #expect(lines.map(\.id) == [5, 6, 7, 8, 0])
    }

    /// An id the server makes is one a client may send back: past Int32.max the count goes on from 0, skipping the
    /// ids given (`ArithmeticBoundsTests` holds the single line after Int32.max).
    @Test(arguments: [
        ([Int(Int32.max) - 1, nil, nil, 0], [Int(Int32.max) - 1, Int(Int32.max), 1, 0])
    ])
    func madeIdsStayInTheRangeAClientMaySend(_ given: [Int?], _ expected: [Int]) throws {
        let lines = try CartRules.evaluate(given.map { id in Self.line("LICENCE00001:0001:AV1") { $0.id = id } }, context: try Self.context())
        #expect(lines.map(\.id) == expected)
    }

    @Test(arguments: [
        ("no line items", [CartLineItem]()),
        ("101 line items", Array(repeating: CartRulesTests.line("LICENCE00001:0001:AV1"), count: 101)),
        ("an id past Int32", [CartRulesTests.line("LICENCE00001:0001:AV1") { $0.id = Int(Int32.max) + 1 }]),
    ])
    func aCartThatIsNotACartIsRefusedWhole(_ name: String, _ items: [CartLineItem]) throws {
        #expect(throws: CommerceError.self, "\(name)") { try CartRules.checkShape(items) }
    }
}
