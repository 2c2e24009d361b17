import Foundation
import PartnerCenterModels
import Testing

/// Enums are open and spelled leniently (spec §1, ARCHITECTURE decision 3).
@Suite struct OpenEnumTests {
    let decoder = PartnerCenterJSON.makeDecoder()

    @Test(arguments: [#""one_time""#, #""OneTime""#, #""oneTime""#, #""ONE_TIME""#, "4"])
    func everySpellingOfOneTime(_ json: String) throws {
        #expect(try decoder.decode(BillingCycleType.self, from: Data(json.utf8)) == .oneTime)
    }

    @Test func unknownValueIsKeptAndWrittenBack() throws {
        let value = try decoder.decode(BillingCycleType.self, from: Data(#""quarterly""#.utf8))
        #expect(value == .unknown("quarterly"))
        #expect(!value.isKnown)
        #expect(String(decoding: try JSONEncoder().encode(value), as: UTF8.self) == #""quarterly""#)
    }

    @Test func oneUnknownValueDoesNotFailAList() throws {
        let list = try decoder.decode([SubscriptionStatus].self, from: Data(#"["active","Expired","someDayNew"]"#.utf8))
        #expect(list == [.active, .expired, .unknown("someDayNew")])
    }

    @Test func outputSpellings() throws {
        let encoder = JSONEncoder()
        func text(_ value: some Encodable) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) }
        #expect(try text(BillingCycleType.oneTime) == #""one_time""#)
        #expect(try text(CartStatus.ordered) == #""Ordered""#)
        #expect(try text(OrderStatus.pending) == #""pending""#)
        #expect(try text(ParticipantType.additionalTransactionReseller) == #""additional_transaction_reseller""#)
    }

    @Test func cartErrorCodeIsANumberAndReadsNames() throws {
        #expect(try decoder.decode(CartErrorCode.self, from: Data("10001".utf8)) == .catalogItemIdIsNotValid)
        #expect(try decoder.decode(CartErrorCode.self, from: Data(#""AttestationNotAccepted""#.utf8)) == .attestationNotAccepted)
        #expect(try decoder.decode(CartErrorCode.self, from: Data("123456".utf8)).rawValue == 123456)
        #expect(String(decoding: try JSONEncoder().encode(CartErrorCode.invalidPromotionId), as: UTF8.self) == "10014")
    }
}
