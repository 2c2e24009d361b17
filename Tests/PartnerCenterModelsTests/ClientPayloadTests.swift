import Foundation
import PartnerCenterModels
import Testing

/// Bodies shaped like each real client's (spec §1, clients-and-user-needs §0.2) decode into the same models.
@Suite struct ClientPayloadTests {
    let decoder = PartnerCenterJSON.makeDecoder()

    @Test func docsCamelCaseCartDecodesAndReencodes() throws {
        let body = """
            {"lineItems":[
             {"id":0,"catalogItemId":"MS-AZR-0145P","quantity":1,"billingCycle":"monthly","termDuration":"P1Y"},
             {"id":1,"catalogItemId":"DZH318Z0BQ36:004G:DZH318Z08C0S","quantity":1,"billingCycle":"one_time","termDuration":"P1Y",
              "provisioningContext":{"subscriptionId":"1C461A25-F729-4FA5-AADB-280947DD05E8","scope":"shared"}},
             {"id":5,"catalogItemId":"DZH318Z0C0WF:0001:DZH318Z0BP69","quantity":10,"billingCycle":"none","termDuration":"P1M",
              "renewsTo":{"termDuration":"P1Y"}}]}
            """
        let cart = try decoder.decode(Cart.self, from: Data(body.utf8))
        #expect(cart.lineItems.count == 3)
        #expect(cart.lineItems[1].billingCycle == .oneTime)
        #expect(cart.lineItems[1].provisioningContext?["subscriptionId"] == "1C461A25-F729-4FA5-AADB-280947DD05E8")
        #expect(cart.lineItems[2].renewsTo?.termDuration == "P1Y")
        #expect(cart.lineItems[2].billingCycle == BillingCycleType.none)

        let again = try decoder.decode(Cart.self, from: PartnerCenterJSON.makeEncoder().encode(cart))
        #expect(again == cart)
        let text = String(decoding: try PartnerCenterJSON.makeEncoder().encode(cart), as: UTF8.self)
        #expect(text.contains(#""billingCycle":"one_time""#))
        #expect(text.contains(#""catalogItemId":"MS-AZR-0145P""#))
        #expect(!text.contains("null"), "absent properties are omitted, not written as null")
    }

    @Test func dotNetPascalCaseWithNullsAndReadOnlyFields() throws {
        let body = """
            {"Id":null,"CreationTimestamp":null,"LastModifiedTimestamp":null,"ExpirationTimestamp":"0001-01-01T00:00:00",
             "LastModifiedUser":null,"Status":null,"PartnerOnRecordAttestationAccepted":null,"Links":null,"Attributes":{"Etag":null,"ObjectType":"Cart"},
             "LineItems":[{"Id":"0","CatalogItemId":"CFQ7TTC0LFLZ:0002:CFQ7TTC0K4TS","FriendlyName":null,"Quantity":1,"CurrencyCode":null,
               "BillingCycle":"Monthly","TermDuration":"P1M","Participants":null,"ProvisioningContext":{"SubscriptionId":"abc","Scope":"shared"},
               "OrderGroup":null,"AddonItems":null,"RenewsTo":null,"Error":null,"PromotionId":null,"CustomTermEndDate":null,
               "AttestationAccepted":null,"PurchaseSystem":null}]}
            """
        let cart = try decoder.decode(Cart.self, from: Data(body.utf8))
        let item = try #require(cart.lineItems.first)
        #expect(item.id == 0, "a numeric string id is read as a number")
        #expect(item.catalogItemId == "CFQ7TTC0LFLZ:0002:CFQ7TTC0K4TS")
        #expect(item.billingCycle == .monthly)
        #expect(item.provisioningContext == ["subscriptionId": "abc", "scope": "shared"], "provisioning keys come out camelCase")
        #expect(item.renewsTo == nil)
        #expect(cart.expirationTimestamp != nil, "the .NET SDK's zone-less default date parses")
        #expect(cart.attributes?.objectType == "Cart")
    }

    @Test func javaZeroedPrimitivesAndAddOnSpelling() throws {
        let body = """
            {"lineItems":[{"id":0,"catalogItemId":"91FD106F-4B2C-4938-95AC-F54F74E9A239","quantity":5,"billingCycle":"MONTHLY",
              "addOnItems":[{"id":1,"catalogItemId":"C94271D8-B431-4A25-A3C5-A57737A1C909","quantity":0,"billingCycle":"monthly"}],
              "participants":[{"key":"transaction_reseller","value":"5357564"}]}]}
            """
        let cart = try decoder.decode(Cart.self, from: Data(body.utf8))
        let item = try #require(cart.lineItems.first)
        #expect(item.addonItems?.first?.quantity == 0)
        #expect(item.billingCycle == .monthly)
        #expect(item.participants == [CartParticipant(key: .transactionReseller, value: "5357564")])

        let order = try decoder.decode(
            Order.self,
            from: Data(#"{"id":"x","lineItems":[{"lineItemNumber":0,"offerId":"o","quantity":1}],"totalPrice":0.0,"status":"completed"}"#.utf8))
        #expect(order.totalPrice == 0)
        #expect(order.status == .completed)
    }

    @Test func propertyNamesMatchRegardlessOfCase() throws {
        let body = #"{"LINEITEMS":[{"CATALOGITEMID":"a:b:c","qUaNtItY":"3","billingcycle":"one_time"}]}"#
        let cart = try decoder.decode(Cart.self, from: Data(body.utf8))
        #expect(cart.lineItems.first?.catalogItemId == "a:b:c")
        #expect(cart.lineItems.first?.quantity == 3)
        #expect(cart.lineItems.first?.billingCycle == .oneTime)
    }

    @Test func docsTableSpellingCreationTimeStampIsAccepted() throws {
        let cart = try decoder.decode(Cart.self, from: Data(#"{"creationTimeStamp":"2019-01-16T00:45:41.6062996Z","lineItems":[]}"#.utf8))
        #expect(cart.creationTimestamp.map(WireDate.format) == "2019-01-16T00:45:41.6063000Z")
    }

    @Test func seedCheckoutResponseDecodes() throws {
        // The seeds' response example, with its elided "links: {...}" and "..." removed.
        let body = """
            {"orders":[
             {"id":"3c6f2530-1e31-4088-8230-dd1c31a18bce","alternateId":"3c6f2530-1e31-4088-8230-dd1c31a18bce",
              "referenceCustomerId":"28045616-f6b9-462f-9701-0d89b5e65c44","billingCycle":"monthly","currencyCode":"USD",
              "lineItems":[{"lineItemNumber":0,"offerId":"MS-AZR-0145P","subscriptionId":"EF2E1307-86E6-40E3-A794-872403FBD31C",
                "termDuration":"P1Y","transactionType":"New","friendlyName":"Microsoft Azure","quantity":1}],
              "creationDate":"2019-01-16T00:48:44.76+00:00","status":"completed","transactionType":"UserPurchase"},
             {"id":"311qiN8iFwkv-XARWMvXRYAwYKMACVqv1","alternateId":"0a3624c6e47d","billingCycle":"one_time","currencySymbol":"$",
              "lineItems":[{"lineItemNumber":0,"offerId":"DZH318Z0BQ36:004G:DZH318Z08C0S","termDuration":"P1Y","transactionType":"New","quantity":1}],
              "creationDate":"2019-01-16T00:48:51.6578126Z","status":"pending","transactionType":"UserPurchase"}]}
            """
        let result = try decoder.decode(CartCheckoutResult.self, from: Data(body.utf8))
        #expect(result.orders.count == 2)
        #expect(result.orderErrors.isEmpty)
        #expect(result.orders[0].creationDate.map(WireDate.format) == "2019-01-16T00:48:44.7600000Z")
        #expect(result.orders[1].billingCycle == .oneTime)
        #expect(result.orders[1].status == .pending)
        let text = String(decoding: try PartnerCenterJSON.makeEncoder().encode(result), as: UTF8.self)
        #expect(text.contains(#""objectType":"CartCheckoutResult""#))
    }

    @Test func apiFaultAcceptsStringOrNumberCode() throws {
        let fromString = try decoder.decode(ApiFault.self, from: Data(#"{"code":"3000","description":"x","data":[],"source":"PartnerFD"}"#.utf8))
        let fromNumber = try decoder.decode(
            ApiFault.self, from: Data(#"{"code":800090,"description":"y","data":[{"a":1}],"source":"PartnerFD"}"#.utf8))
        #expect(fromString.code == 3000)
        #expect(fromNumber.code == 800090)
        let text = String(decoding: try PartnerCenterJSON.makeEncoder().encode(fromString), as: UTF8.self)
        #expect(text == #"{"code":3000,"data":[],"description":"x","source":"PartnerFD"}"#)
    }
}
