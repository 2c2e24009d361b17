import Foundation
import PartnerCenterModels
import Testing

@testable import CommerceServer

/// The parts of record, replay and drift that hold rules of their own: masking, file names, matching, shape and ids.
struct RecordingTests {
    static func json(_ text: String) throws -> JSONValue { try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) }

    @Test func secretsAreMaskedInJSONFormsAndHeadersButErrorCodesStay() throws {
        let json = ExchangeRedaction.body(
            Array(#"{"client_secret":"s3cret","nested":[{"refresh_token":"r"}],"code":800009,"description":"x"}"#.utf8), contentType: nil)
        let text = String(decoding: json, as: UTF8.self)
        #expect(!text.contains("s3cret") && !text.contains(#""r""#))
        #expect(text.contains(#""code":800009"#), "a Partner Center error code is no secret: \(text)")
        let grant = ExchangeRedaction.body(Array(#"{"code":"auth-code-value"}"#.utf8), contentType: nil)
        #expect(!String(decoding: grant, as: UTF8.self).contains("auth-code-value"))
        // A form sent as JSON, or JSON cut short, still hides its secrets.
        for body in ["client_id=a&client_secret=s3cret&password=p4ss", #"{"client_secret": "s3cret", "password": "p4ss""#] {
            let masked = String(decoding: ExchangeRedaction.body(Array(body.utf8), contentType: "application/json"), as: UTF8.self)
            #expect(!masked.contains("s3cret") && !masked.contains("p4ss"), "\(masked)")
        }
        let headers = ExchangeRedaction.headers([
            ("Authorization", "Bearer eyJ.secret.token"), ("Cookie", "a=b"), ("MS-RequestId", "r1"), ("Content-Length", "12"), ("Host", "h"),
            ("Accept", "a"), ("accept", "b"),
        ])
        #expect(headers == ["authorization": "Bearer [redacted]", "cookie": "[redacted]", "ms-requestid": "r1", "accept": "a, b"])
    }

    @Test func fileNamesAreNumberedAndReadable() {
        #expect(
            ExchangeFolder.fileName(
                number: 7, method: "post",
                path: "/v1/customers/d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d/carts/b4c8fdea-cbe4-4d17-9576-13fcacbf9605/checkout?x=1")
                == "0007-POST-v1-customers-d6bf25b7-carts-b4c8fdea-checkout.json"
        )
        #expect(ExchangeFolder.fileName(number: 12_345, method: "GET", path: "/") == "12345-GET.json")
        #expect(ExchangeFolder.fileName(number: 1, method: "GET", path: "/%2e%2e/../etc/passwd").hasPrefix("0001-GET-2e-2e-etc-passwd"))
    }

    @Test func bodiesKeepJSONAsJSONAndEverythingElseAsText() throws {
        #expect(RecordedBody.split(Array(#" {"a":1.5}"#.utf8)).json == .object(["a": .number(1.5)]))
        #expect(RecordedBody.split(Array("a=b".utf8)).text == "a=b")
        let binary: [UInt8] = [0xFF, 0x00, 0xC3]
        let kept = try #require(RecordedBody.split(binary).text)
        #expect(RecordedBody.bytes(json: nil, text: kept) == binary)
        #expect(RecordedBody.split([]).json == nil && RecordedBody.split([]).text == nil)
    }

    static func entry(_ name: String, _ method: String, _ path: String, body: JSONValue? = nil, status: Int = 200) -> ExchangeFolder.Entry {
        ExchangeFolder.Entry(
            name: name,
            exchange: RecordedExchange(
                request: .init(method: method, path: path, headers: [:], body: body, bodyText: nil),
                response: .init(status: status, headers: [:], body: .object(["n": .string(name)]), bodyText: nil)
            )
        )
    }

    @Test func replayServesEachMatchOnceInOrder() throws {
        let replay = ExchangeReplay([
            Self.entry("1", "GET", "/v1/carts/A", status: 200), Self.entry("2", "POST", "/v1/carts", body: try Self.json(#"{"q":1}"#)),
            Self.entry("3", "GET", "/v1/carts/A", status: 201), Self.entry("4", "GET", "/v1/carts?size=2"),
        ])
        func served(_ method: String, _ path: String, _ body: String = "") -> String {
            switch replay.answer(method: method, path: path, body: Array(body.utf8), contentType: nil) {
            case .answer(let entry): entry.name
            case .unmatched(let why): why
            }
        }
        #expect(served("get", "/V1/CARTS/a") == "1", "method and route ignore case")
        #expect(served("GET", "/v1/carts/A") == "3")
        #expect(served("GET", "/v1/carts/A").contains("already served"))
        #expect(served("POST", "/v1/carts", #"{"q": 2}"#).contains("with another body"))
        #expect(served("POST", "/v1/carts", #" { "q" : 1 } "#) == "2", "JSON bodies compare as JSON")
        #expect(served("GET", "/v1/carts?size=3").contains("nothing was recorded"), "the query is compared exactly")
        #expect(replay.unserved == 1)
    }

    @Test func shapeDriftReportsFieldsTypesAndEnumsButNotData() throws {
        let recorded = try Self.json(
            #"{"id":"a","status":"active","qty":1,"when":"2026-01-01T00:00:00Z","gone":true,"items":[{"x":1},{"x":2}],"note":null}"#)
        let now = try Self.json(#"{"id":"b","status":"Suspended","qty":"1","when":"2027-02-02T00:00:00Z","new":[],"items":[{"x":3}],"note":"set"}"#)
        let found = ShapeDrift.differences(recorded: recorded, now: now).map(\.description)
        #expect(
            found == [
                "gone: missing now (recorded as boolean)", "qty: number recorded, string now",
                #"status: enum value "active" recorded, "Suspended" now"#,
                "new: extra now (array)",
            ])
        #expect(ShapeDrift.differences(recorded: recorded, now: recorded).isEmpty)
        #expect(ShapeDrift.differences(recorded: nil, now: .object([:])).map(\.description) == ["body: extra now (object)"])
    }

    @Test func idsTheServerGaveReplaceTheRecordedOnes() throws {
        var ids = IdentifierMap()
        ids.learn(
            recorded: try Self.json(
                #"{"id":"b4c8fdea-cbe4-4d17-9576-13fcacbf9605","orderId":"ord-1234","name":"Contoso Ltd","lineItems":[{"offerId":"OFFER:1"}]}"#),
            now: try Self.json(
                #"{"id":"11111111-2222-3333-4444-555555555555","orderId":"ord-9876","name":"Fabrikam Ltd","lineItems":[{"offerId":"OFFER:2"}]}"#),
            recordedLocation: "/v1/orders/old-order-7", nowLocation: "/v1/orders/new-order-8"
        )
        #expect(
            ids.apply("/v1/customers/c/carts/b4c8fdea-cbe4-4d17-9576-13fcacbf9605/checkout")
                == "/v1/customers/c/carts/11111111-2222-3333-4444-555555555555/checkout")
        #expect(ids.apply(#"{"orderId":"ord-1234"}"#) == #"{"orderId":"ord-9876"}"#)
        #expect(ids.apply("Contoso Ltd") == "Contoso Ltd", "names are data, not ids")
        #expect(ids.apply("OFFER:1") == "OFFER:2")
        #expect(ids.apply("/v1/orders/old-order-7") == "/v1/orders/new-order-8")
    }
}
