import Foundation
import TestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

#if canImport(Glibc)
    import Glibc
#endif

/// `record` → `replay` → `drift` round trip (issue 22), with our own server as the upstream: a real Partner Center
/// cannot be reached here, and the tools treat any server alike.
@Suite(.serialized) struct RecordReplayDriftTests {
    static let tenant = "4f9c2a71-8d3e-4b5a-9c6f-1e2d3c4b5a69"
    static let secret = "demo-client-secret-do-not-use-in-production"
    static let customer = ClientCLITests.customerID

    /// One request; the status, the `location` header and the body.
    static func send(
        _ method: String, _ url: String, token: String? = nil, json: String? = nil, form: String? = nil
    ) async throws -> (status: Int, headers: [String: String], body: Data) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        request.setValue(UUID().uuidString, forHTTPHeaderField: "MS-RequestId")
        if let json {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(json.utf8)
        } else if let form {
            request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(form.utf8)
        } else if method == "POST" {
            request.httpBody = Data()
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        var headers: [String: String] = [:]
        for (name, value) in http?.allHeaderFields ?? [:] { headers["\(name)".lowercased()] = "\(value)" }
        return (http?.statusCode ?? 0, headers, data)
    }

    /// Changes the recorded answer of a fixture, leaving its request alone.
    static func edit(_ path: String, _ change: (inout [String: Any]) throws -> Void) throws {
        var exchange = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        var answer = try #require(exchange["response"] as? [String: Any])
        try change(&answer)
        exchange["response"] = answer
        try JSONSerialization.data(withJSONObject: exchange, options: [.prettyPrinted, .sortedKeys]).write(to: URL(fileURLWithPath: path))
    }

    static func canonical(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    static func object(_ data: Data) -> [String: Any] { (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:] }

    /// A client's purchase: a token from the token endpoint, the customer, a cart, the cart again, its checkout and
    /// the orders. Returns each answer's status and JSON body, and the token it used.
    static func purchase(at base: String) async throws -> [(status: Int, body: [String: Any])] {
        let form =
            "grant_type=client_credentials&client_id=7b1d3e58-2c4f-4a6b-9d8e-0f1a2b3c4d5e&client_secret=\(secret)"
            + "&resource=https%3A%2F%2Fapi.partnercenter.microsoft.com"
        let signIn = try await send("POST", "\(base)/\(tenant)/oauth2/token", form: form)
        let token = try #require(object(signIn.body)["access_token"] as? String, "\(String(decoding: signIn.body, as: UTF8.self))")
        let read = try await send("GET", "\(base)/v1/customers/\(customer)", token: token)
        let lines =
            #"{"lineItems":[{"id":0,"catalogItemId":"\#(ClientCLITests.licence)","quantity":2,"billingCycle":"monthly","termDuration":"P1M"}]}"#
        let cart = try await send("POST", "\(base)/v1/customers/\(customer)/carts", token: token, json: lines)
        let cartID = try #require(object(cart.body)["id"] as? String, "\(String(decoding: cart.body, as: UTF8.self))")
        let again = try await send("GET", "\(base)/v1/customers/\(customer)/carts/\(cartID)", token: token)
        let checkout = try await send("POST", "\(base)/v1/customers/\(customer)/carts/\(cartID)/checkout", token: token)
        let orders = try await send("GET", "\(base)/v1/customers/\(customer)/orders", token: token)
        return [signIn, read, cart, again, checkout, orders].map { ($0.status, object($0.body)) }
    }

    @Test func recordReplayAndDriftRoundTrip() async throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let fixtures = folder + "/fixtures"
        // Orders stay pending throughout: a fulfilment between the recording and the drift check would be drift too.
        let upstream = try await CLITests.Served.start(dataDir: folder + "/data", extra: ["--fulfilment-delay", "3600"])
        defer { upstream.stopInBackground() }

        // record: the client sees the upstream's answers, and each exchange is a file, in order, secrets masked.
        let recorder = try await CLITests.Served.start(["record", "--upstream", upstream.base, "--port", "0", "--fixtures", fixtures])
        let recorded = try await Self.purchase(at: recorder.base)
        #expect(recorded.map(\.status) == [200, 200, 201, 200, 201, 200])
        #expect(await recorder.process.stop(SIGTERM) == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: fixtures).sorted()
        #expect(files.count == 6, "\(files)")
        #expect(files.first?.hasPrefix("0001-POST-4f9c2a71-oauth2-token") == true, "\(files)")
        #expect(files.last?.hasPrefix("0006-GET-v1-customers-d6bf25b7-orders") == true, "\(files)")
        let texts = try files.map { try String(contentsOfFile: fixtures + "/" + $0, encoding: .utf8) }
        let token = try #require(recorded[0].body["access_token"] as? String)
        for text in texts {
            #expect(!text.contains(Self.secret) && !text.contains(token) && !text.contains(String(token.suffix(40))), "a secret in a fixture")
        }
        #expect(texts[0].contains("client_secret=[redacted]") && texts[0].contains(#""access_token" : "[redacted]""#))
        #expect(texts[1].contains(#""authorization" : "Bearer [redacted]""#))

        // replay: the same calls get the recorded answers, in order, each once; anything else a clear ApiFault.
        let replayer = try await CLITests.Served.start(["replay", fixtures, "--port", "0"])
        let replayed = try await Self.purchase(at: replayer.base)
        #expect(replayed.map(\.status) == recorded.map(\.status))
        for (index, (old, new)) in zip(recorded, replayed).enumerated() where index > 0 {
            #expect(try Self.canonical(old.body) == Self.canonical(new.body), "exchange \(index + 1) answered otherwise")
        }
        let twice = try await Self.send("GET", "\(replayer.base)/v1/customers/\(Self.customer)")
        #expect(twice.status == 404)
        #expect(Self.object(twice.body)["code"] as? Int == 1000)
        #expect((Self.object(twice.body)["description"] as? String)?.contains("already served") == true)
        let unknown = try await Self.send("DELETE", "\(replayer.base)/v1/customers/\(Self.customer)")
        #expect((Self.object(unknown.body)["description"] as? String)?.contains("nothing was recorded for DELETE") == true)
        #expect(await replayer.process.stop(SIGTERM) == 0)

        // drift: the upstream answers as recorded (new cart ids and all), so nothing differs.
        let minted = try await CLITests.run(["token", "--data-dir", folder + "/data"])
        let bearer = minted.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let clean = try await CLITests.run(["drift", fixtures, "--against", upstream.base, "--token", bearer])
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        #expect(clean.stdout.contains("6 exchanges: 5 same, 0 differ, 0 failed, 1 skipped"), "\(clean.stdout)")

        // A deliberately changed answer: the recorded cart gets a field renamed, a type changed and an enum value
        // respelled; the recorded checkout another status. Drift names each, and exits 1.
        try Self.edit(fixtures + "/" + files[2]) { answer in
            var body = try #require(answer["body"] as? [String: Any])
            body["createdAt"] = body.removeValue(forKey: "creationTimestamp")
            var lines = try #require(body["lineItems"] as? [[String: Any]])
            lines[0]["quantity"] = "2"
            lines[0]["billingCycle"] = "everyMonth"
            body["lineItems"] = lines
            answer["body"] = body
        }
        try Self.edit(fixtures + "/" + files[4]) { answer in answer["status"] = 200 }
        let drifted = try await CLITests.run(["drift", fixtures, "--against", upstream.base, "--token", bearer])
        #expect(drifted.status == 1, "\(drifted.stdout)\(drifted.stderr)")
        for line in [
            "createdAt: missing now (recorded as string)", "creationTimestamp: extra now (string)",
            "lineItems[0].quantity: string recorded, number now",
            #"lineItems[0].billingCycle: enum value "everyMonth" recorded, "monthly" now"#, "status: 200 recorded, 201 now",
            "6 exchanges: 3 same, 2 differ, 0 failed, 1 skipped",
        ] {
            #expect(drifted.stdout.contains(line), "drift did not report '\(line)':\n\(drifted.stdout)")
        }
    }
}
