import CommerceServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

/// `X-Locale` picks the language of every error description (issue 9), and the answer says which one it used.
@Suite struct LocaleTests {
    static let locale = HTTPField.Name("X-Locale")!

    @Test(arguments: [
        ("ja-JP", "ja-JP", "注文 ID nope が見つかりません。"), ("zh-TW", "zh-TW", "找不到訂單識別碼 nope。"),
        ("zh-Hant", "zh-TW", "找不到訂單識別碼 nope。"), ("en-US", "en-US", "Order ID nope not found."),
        ("fr-FR", "en-US", "Order ID nope not found."), ("<script>alert(1)</script>", "en-US", "Order ID nope not found."),
        (String(repeating: "ja-", count: 100), "en-US", "Order ID nope not found."),
    ])
    func faultsSpeakTheCallersLanguage(_ sent: String, _ used: String, _ description: String) async throws {
        try await TestServer.run { server in
            let response = try await server.call(
                .get, "/v1/customers/\(DemoData.customerID)/orders/nope", headers: [Self.locale: sent]
            )
            let body = try response.expectFault(.notFound, code: 20000)
            #expect(body["description"] as? String == description)
            #expect(response.headers[Self.locale] == used)
        }
    }

    @Test func lineErrorsAndBodyErrorsAreTranslatedToo() async throws {
        try await TestServer.run { server in
            let cart = #"{"lineItems":[{"id":0,"catalogItemId":"NOPE","quantity":1,"billingCycle":"monthly"}]}"#
            let created = try await server.call(.post, "/v1/customers/\(DemoData.customerID)/carts", body: cart, headers: [Self.locale: "ja-JP"])
            #expect(created.status == .created)
            let line = try #require((try created.json()["lineItems"] as? [[String: Any]])?.first)
            #expect((line["error"] as? [String: Any])?["errorDescription"] as? String == "カタログ アイテム ID NOPE は市場 US では無効です。")
            let bad = try await server.call(.post, "/v1/customers/\(DemoData.customerID)/carts", body: "{", headers: [Self.locale: "zh-TW"])
            #expect(try bad.expectFault(.badRequest, code: 800002)["description"] as? String == "要求本文不是有效的 JSON。")
            // Without a token, still in the caller's language.
            let anonymous = try await server.call(.get, "/v1/customers", token: nil, headers: [Self.locale: "ja-JP"])
            #expect(try anonymous.expectFault(.unauthorized, code: 800001)["description"] as? String == "Bearer トークンを含む Authorization ヘッダーが必要です。")
        }
    }
}
