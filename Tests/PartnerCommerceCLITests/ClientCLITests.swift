import CommerceCore
import CommerceServer
import CommerceStore
import Foundation
import HummingbirdTesting
import PartnerCenterModels
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The client commands of the built binary against a live server: the CLI guide's walk-through, the exit codes,
/// `--output json`, `--dry-run`, profiles, and the PowerShell cmdlet line of the docs.
@Suite struct ClientCLITests {
    static let customerID = "d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d"
    static let licence = "CFQ7TTC0LFLZ:0002:CFQ7TTC0K4TS"
    static let legacyOffer = "91FD106F-4B2C-4938-95AC-F54F74E9A239"

    /// A finished command.
    struct Ran {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// A user's home for one test: its own config folder, so profiles never touch the real one.
    struct Home {
        let folder = temporaryFolder()

        var environment: [String: String] {
            var environment = ProcessInfo.processInfo.environment
            environment["HOME"] = folder
            environment["XDG_CONFIG_HOME"] = folder + "/config"
            for name in ["PARTNER_CENTER_TOKEN", "PARTNER_CENTER_URL", "PARTNER_CENTER_PROFILE"] { environment[name] = nil }
            return environment
        }

        var profiles: String { folder + "/config/partner-commerce/profiles.json" }

        /// Runs the binary (or `bash -c script` when `shell` is set) with this home, off the test's threads.
        func run(_ arguments: [String], extra: [String: String] = [:], shell: Bool = false) async throws -> Ran {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let environment = self.environment.merging(extra) { $1 }
            let output = folder + "/out-\(UUID().uuidString)"
            let errors = folder + "/err-\(UUID().uuidString)"
            let executable = shell ? "/bin/bash" : CLITests.binary
            let argv = shell ? ["-euo", "pipefail", "-c"] + arguments : arguments
            let status = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int32, any Error>) in
                // The wait blocks a thread; not one of the cooperative pool, which the in-process server needs.
                Thread.detachNewThread {
                    do {
                        let process = try ChildProcess(executable, argv, environment: environment, output: .file(output), error: .file(errors))
                        continuation.resume(returning: process.waitUntilExit())
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
            }
            let read = { (path: String) in (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
            return Ran(status: status, stdout: read(output), stderr: read(errors))
        }

        /// Logs the home in to `base` as the demo partner's app.
        func login(_ base: String) async throws {
            let ran = try await run([
                "login", "--url", base, "--tenant", DemoData.partner.tenantID, "--client-id", DemoData.applicationID,
                "--client-secret", DemoData.applicationSecret,
            ])
            #expect(ran.status == 0, "\(ran.stderr)")
        }

        func remove() { try? FileManager.default.removeItem(atPath: folder) }
    }

    /// Runs `body` against an in-process server on a loopback port (real HTTP), with the demo data.
    static func withServer(
        placementFaults: any PlacementFaults = NoPlacementFaults(), _ body: @Sendable (_ base: String, _ token: String) async throws -> Void
    ) async throws {
        try await TestServer.run { configuration in
            configuration.fulfilmentDelay = 0.2
            configuration.throttling = nil
            configuration.placementFaults = placementFaults
        } _: { server in
            try await body(server.base, server.token)
        }
    }

    @Test func theCLIGuidesWalkThroughRuns() async throws {
        let guide = try String(contentsOf: CLITests.root.appendingPathComponent("docs/cli.md"), encoding: .utf8)
        let section = try #require(guide.components(separatedBy: "## Using the CLI").dropFirst().first)
        let block = try #require(section.components(separatedBy: "```bash\n").dropFirst().first?.components(separatedBy: "```").first)
        let home = Home()
        defer { home.remove() }
        try await Self.withServer { base, _ in
            let script = block.replacingOccurrences(of: "http://127.0.0.1:8080", with: base)
            let binaries = URL(fileURLWithPath: CLITests.binary).deletingLastPathComponent().path
            let ran = try await home.run(
                [script], extra: ["PATH": binaries + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")], shell: true)
            #expect(ran.status == 0, "stdout:\n\(ran.stdout)\nstderr:\n\(ran.stderr)")
            #expect(ran.stdout.contains("Logged in to \(base)"))
            #expect(ran.stdout.contains("CFQ7TTC0LFLZ:0002:CFQ7TTC0K4TS"))
            #expect(ran.stdout.contains("Fulfilled"), "the order was provisioned: \(ran.stdout)")
            #expect(ran.stdout.components(separatedBy: "completed").count >= 2)
        }
    }

    /// docs/recording.md: its block, with this server as the upstream and free ports.
    @Test func theRecordingGuidesBlockRuns() async throws {
        let section = try String(contentsOf: CLITests.root.appendingPathComponent("docs/recording.md"), encoding: .utf8)
        let block = try #require(section.components(separatedBy: "```bash\n").dropFirst().first?.components(separatedBy: "```").first)
        let home = Home()
        defer { home.remove() }
        try await Self.withServer { base, _ in
            try await home.login(base)
            let (recorder, replayer) = (try Self.freePort(), try Self.freePort())
            let script =
                "cd \(home.folder)\n"
                // The guide's ports first: the server's own port may hold the digits 8081 or 8082.
                + block.replacingOccurrences(of: ":8081", with: ":\(recorder)").replacingOccurrences(of: "--port 8081", with: "--port \(recorder)")
                .replacingOccurrences(of: ":8082", with: ":\(replayer)").replacingOccurrences(of: "--port 8082", with: "--port \(replayer)")
                .replacingOccurrences(of: "https://api.partnercenter.microsoft.com", with: base)
            let binaries = URL(fileURLWithPath: CLITests.binary).deletingLastPathComponent().path
            let ran = try await home.run(
                [script], extra: ["PATH": binaries + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")], shell: true)
            #expect(ran.status == 0, "stdout:\n\(ran.stdout)\nstderr:\n\(ran.stderr)")
            // The list came through the recorder and again from the replay, then drift found nothing.
            #expect(ran.stdout.components(separatedBy: "d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d").count >= 3, "\(ran.stdout)")
            #expect(ran.stdout.contains("0001-GET-v1-customers"), "\(ran.stdout)")
            #expect(ran.stdout.contains("0 differ, 0 failed"), "\(ran.stdout)")
        }
    }

    /// A port nothing listens on now (bound to 0 and let go).
    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard bound else { throw CLITests.CLIError("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @Test func outputJSONIsTheResourceAndIDsAreOneALine() async throws {
        let home = Home()
        defer { home.remove() }
        try await Self.withServer { base, _ in
            try await home.login(base)
            let created = try await home.run([
                "carts", "new", "--customer-id", Self.customerID, "--catalog-item-id", Self.licence, "--quantity", "3",
                "--billing-cycle", "monthly", "--term-duration", "P1M", "--provisioning-context", "note=first", "--output", "json",
            ])
            #expect(created.status == 0, "\(created.stderr)")
            let cart = try #require(try JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as? [String: Any])
            let cartID = try #require(cart["id"] as? String)
            let lines = try #require(cart["lineItems"] as? [[String: Any]])
            #expect(lines.first?["catalogItemId"] as? String == Self.licence)
            #expect(lines.first?["quantity"] as? Int == 3)
            #expect((lines.first?["provisioningContext"] as? [String: String])?["note"] == "first")

            let read = try await home.run(["carts", "get", "--customer-id", Self.customerID, "--cart-id", cartID, "-o", "id"])
            #expect(read.stdout == cartID + "\n")
            let listed = try await home.run(["customers", "list", "--output", "json"])
            let collection = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any])
            #expect((collection["items"] as? [[String: Any]])?.contains { $0["id"] as? String == Self.customerID } == true)
        }
    }

    @Test func aPartialCheckoutExitsThreeAndShowsBothHalves() async throws {
        let home = Home()
        defer { home.remove() }
        try await Self.withServer(placementFaults: FailingGroups(groups: ["OMS-0"])) { base, _ in
            try await home.login(base)
            let created = try await home.run([
                "carts", "new", "--customer-id", Self.customerID, "--output", "id", "--line-items",
                #"[{"catalogItemId":"\#(Self.licence)","quantity":1,"billingCycle":"monthly","termDuration":"P1M"},{"catalogItemId":"\#(Self.legacyOffer)","quantity":2,"billingCycle":"monthly"}]"#,
            ])
            #expect(created.status == 0, "\(created.stderr)")
            let cartID = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let submitted = try await home.run(["carts", "submit", "--customer-id", Self.customerID, "--cart-id", cartID])
            #expect(submitted.status == 3, "\(submitted.stdout)\n\(submitted.stderr)")
            #expect(submitted.stdout.contains("ORDER ERRORS"))
            #expect(submitted.stdout.contains("OMS-0"))
            #expect(submitted.stderr.contains("partial checkout"))
            let json = try await home.run(["carts", "submit", "--customer-id", Self.customerID, "--cart-id", cartID, "--output", "json"])
            #expect(json.status == 3)
            let result = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            #expect((result["orders"] as? [Any])?.count == 1)
            #expect((result["orderErrors"] as? [[String: Any]])?.first?["code"] as? Int == 800017)
        }
    }

    @Test func anAPIErrorExitsFourWithItsCodeAndANetworkFailureFive() async throws {
        let home = Home()
        defer { home.remove() }
        try await Self.withServer { base, _ in
            try await home.login(base)
            let unknown = try await home.run([
                "carts", "submit", "--customer-id", Self.customerID, "--cart-id", "00000000-0000-0000-0000-00000000000f",
            ])
            #expect(unknown.status == 4, "\(unknown.stderr)")
            #expect(unknown.stderr.contains("HTTP 404"))
            #expect(unknown.stderr.contains("code 800008"), "\(unknown.stderr)")
            #expect(unknown.stderr.contains("MS-RequestId:"))
            let unreachable = try await home.run(["customers", "list", "--url", "http://127.0.0.1:1", "--max-attempts", "2"])
            #expect(unreachable.status == 5, "\(unreachable.stderr)")
            let usage = try await home.run(["carts", "new", "--customer-id", Self.customerID])
            #expect(usage.status == 2)
            let missing = try await home.run(["carts", "get", "--cart-id", "x"])
            #expect(missing.status == 2)
        }
    }

    @Test func aDryRunSendsNothing() async throws {
        let home = Home()
        defer { home.remove() }
        // A listening socket nobody accepts on: any connection the CLI made would wait in its backlog.
        let listener = try Listener()
        defer { listener.close() }
        try await Self.withServer { base, _ in
            try await home.login(base)
            let dry = try await home.run([
                "carts", "submit", "--customer-id", Self.customerID, "--cart-id", DemoData.cartID, "--dry-run", "--url", listener.base,
            ])
            #expect(dry.status == 0, "\(dry.stderr)")
            #expect(dry.stdout.contains("POST \(listener.base)/v1/customers/\(Self.customerID)/carts/\(DemoData.cartID)/checkout"))
            #expect(dry.stdout.contains("Authorization: Bearer [redacted]"))
            #expect(listener.connectionsWaiting() == 0, "the dry run opened a connection")

            // Against the live server too: the cart is still unsubmitted afterwards.
            let live = try await home.run(["Submit-PartnerCustomerCart", "-CartId", DemoData.cartID, "-CustomerId", Self.customerID, "-WhatIf"])
            #expect(live.status == 0, "\(live.stderr)")
            let cart = try await home.run(["carts", "get", "--customer-id", Self.customerID, "--cart-id", DemoData.cartID, "-o", "json"])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(cart.stdout.utf8)) as? [String: Any])
            #expect((object["status"] as? String)?.lowercased() == "active")
        }
        // Not logged in at all: a dry run still prints the request, and needs no credentials.
        let fresh = Home()
        defer { fresh.remove() }
        let anonymous = try await fresh.run(["customers", "list", "--dry-run", "--url", listener.base])
        #expect(anonymous.status == 0, "\(anonymous.stderr)")
        #expect(listener.connectionsWaiting() == 0)
    }

    @Test func theDocsPowerShellLineRunsVerbatim() async throws {
        let home = Home()
        defer { home.remove() }
        try await Self.withServer { base, _ in
            try await home.login(base)
            let binaries = URL(fileURLWithPath: CLITests.binary).deletingLastPathComponent().path
            let ran = try await home.run(
                ["partner-commerce Submit-PartnerCustomerCart -CartId $cartId -CustomerId $customerId"],
                extra: ["cartId": DemoData.cartID, "customerId": Self.customerID, "PATH": binaries + ":/usr/bin:/bin"], shell: true
            )
            #expect(ran.status == 0, "\(ran.stderr)")
            #expect(ran.stdout.contains("ORDER"))
            // The docs' checkout of the demo cart places three orders (spec seeds): the lines show them.
            let orders = try await home.run(["Get-PartnerCustomerOrder", "-customerid", Self.customerID, "-o", "id"])
            #expect(orders.status == 0, "\(orders.stderr)")
            #expect(orders.stdout.split(separator: "\n").count >= 3)
            // The checkout table names each order's offers and quantities: one row a line, under its order's id.
            let placed = try await home.run(["orders", "list", "--customer-id", Self.customerID, "-o", "json"])
            let collection = try JSONSerialization.jsonObject(with: Data(placed.stdout.utf8)) as? [String: Any]
            let listed = try #require(collection?["items"] as? [[String: Any]], "\(placed.stdout)")
            let rows = Set(ran.stdout.split(separator: "\n").map { $0.split(separator: " ").prefix(4).joined(separator: " ") })
            var expected = 0
            for order in listed {
                for line in order["lineItems"] as? [[String: Any]] ?? [] {
                    let row = [order["id"], line["lineItemNumber"], line["offerId"], line["quantity"]].map { "\($0 ?? "-")" }.joined(separator: " ")
                    #expect(rows.contains(row), "the checkout table has no row \(row):\n\(ran.stdout)")
                    expected += 1
                }
            }
            #expect(expected >= 3)
            let first = try #require(orders.stdout.split(separator: "\n").first)
            let one = try await home.run(["get-partnercustomerorder", "-CustomerId:\(Self.customerID)", "-OrderId", String(first)])
            #expect(one.status == 0, "\(one.stderr)")
            #expect(one.stdout.contains("LINE"))
        }
    }

    @Test func cmdletsTakeTheirPowerShellParameters() async throws {
        let home = Home()
        defer { home.remove() }
        try await Self.withServer { base, _ in
            try await home.login(base)
            let products = try await home.run(["Get-PartnerProduct", "-CountryCode", "US", "-Catalog", "OnlineServices", "-o", "id"])
            #expect(products.status == 0, "\(products.stderr)")
            #expect(products.stdout.contains("CFQ7TTC0LFLZ"))
            let availabilities = try await home.run([
                "get-partnerproductavailability", "-productid", "CFQ7TTC0LFLZ", "-SKUID", "0002", "-CountryCode:US",
            ])
            #expect(availabilities.stdout.contains(Self.licence), "\(availabilities.stderr)")
            let created = try await home.run([
                "New-PartnerCustomerCart", "-CustomerId", Self.customerID, "-o", "id", "-LineItems",
                #"[{"catalogItemId":"\#(Self.licence)","quantity":2,"billingCycle":"monthly","termDuration":"P1M","friendlyName":"Seats"}]"#,
            ])
            #expect(created.status == 0, "\(created.stderr)")
            let cartID = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let added = try await home.run([
                "Add-PartnerCustomerCartLineItem", "-CustomerId", Self.customerID, "-CartId", cartID, "-LineItem",
                #"{"catalogItemId":"\#(Self.legacyOffer)","quantity":1,"billingCycle":"monthly"}"#, "-o", "json",
            ])
            let cart = try #require(try JSONSerialization.jsonObject(with: Data(added.stdout.utf8)) as? [String: Any])
            let lines = try #require(cart["lineItems"] as? [[String: Any]])
            #expect(lines.count == 2)
            #expect(lines.first?["friendlyName"] as? String == "Seats", "the existing line came back whole")
            // `-WhatIf:$false` is an ordinary run; `-Confirm` is accepted and ignored.
            let submitted = try await home.run([
                "Submit-PartnerCustomerCart", "-CartId", cartID, "-CustomerId", Self.customerID, "-WhatIf:$false", "-Confirm",
            ])
            #expect(submitted.status == 0, "\(submitted.stderr)")
            let subscriptions = try await home.run(["Get-PartnerCustomerSubscription", "-CustomerId", Self.customerID])
            #expect(subscriptions.status == 0, "\(subscriptions.stderr)")
        }
    }

    @Test func subscriptionsAreChangedAndCancelledFromTheCommandLine() async throws {
        let home = Home()
        defer { home.remove() }
        try await Self.withServer { base, _ in
            try await home.login(base)
            let created = try await home.run([
                "carts", "new", "--customer-id", Self.customerID, "--catalog-item-id", Self.licence, "--quantity", "3",
                "--billing-cycle", "monthly", "--term-duration", "P1M", "-o", "id",
            ])
            let cartID = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(try await home.run(["carts", "submit", "--customer-id", Self.customerID, "--cart-id", cartID]).status == 0)
            var subscriptionID: String?
            for _ in 0..<100 where subscriptionID == nil {
                let listed = try await home.run(["subscriptions", "list", "--customer-id", Self.customerID, "-o", "json"])
                let items = (try? JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any])?["items"] as? [[String: Any]] ?? []
                subscriptionID = items.first { ($0["offerId"] as? String).map { Self.licence.hasPrefix($0) } == true }?["id"] as? String
                if subscriptionID == nil { try await Task.sleep(for: .milliseconds(100)) }
            }
            let id = try #require(subscriptionID)
            func json(_ ran: Ran) throws -> [String: Any] {
                try #require(try JSONSerialization.jsonObject(with: Data(ran.stdout.utf8)) as? [String: Any], "\(ran.stderr)")
            }
            let more = try await home.run([
                "subscriptions", "set", "--customer-id", Self.customerID, "--subscription-id", id, "--quantity", "5", "-o", "json",
            ])
            #expect(try json(more)["quantity"] as? Int == 5)
            let addOns = try await home.run([
                "Get-PartnerCustomerSubscriptionAddOn", "-CustomerId", Self.customerID, "-SubscriptionId", id, "-o", "json",
            ])
            #expect(try json(addOns)["totalCount"] as? Int == 0)
            let suspended = try await home.run([
                "Set-PartnerCustomerSubscription", "-CustomerId", Self.customerID, "-SubscriptionId", id, "-Status", "suspended", "-AutoRenewEnabled",
                "false",
                "-o", "json",
            ])
            #expect(try json(suspended)["status"] as? String == "suspended")
            #expect(try json(suspended)["autoRenewEnabled"] as? Bool == false)
            #expect(
                try await home.run(["subscriptions", "set", "--customer-id", Self.customerID, "--subscription-id", id]).status != 0,
                "nothing to change")
            let cancelled = try await home.run(["subscriptions", "cancel", "--customer-id", Self.customerID, "--subscription-id", id, "-o", "json"])
            #expect(try json(cancelled)["status"] as? String == "deleted")
            let refused = try await home.run(["subscriptions", "set", "--customer-id", Self.customerID, "--subscription-id", id, "--quantity", "6"])
            #expect(refused.status == 4)
            #expect(refused.stderr.contains("2011"), "\(refused.stderr)")

            // A legacy offer without a cart, once for its request id.
            let requestID = UUID().uuidString
            let ordered = try await home.run([
                "New-PartnerCustomerOrder", "-CustomerId", Self.customerID, "-OfferId", Self.legacyOffer, "-Quantity", "2", "-RequestId", requestID,
                "-o", "json",
            ])
            let order = try json(ordered)
            #expect(order["status"] as? String == "completed")
            let repeated = try await home.run([
                "orders", "new", "--customer-id", Self.customerID, "--offer-id", Self.legacyOffer, "--quantity", "2", "--request-id", requestID, "-o",
                "id",
            ])
            #expect(repeated.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == order["id"] as? String)
        }
    }

    @Test func webhooksAreRegisteredTestedAndRemoved() async throws {
        let home = Home()
        defer { home.remove() }
        try await Self.withServer { base, _ in
            try await home.login(base)
            let registered = try await home.run([
                "webhooks", "register", "--webhook-url", "http://127.0.0.1:9/hook", "--event", "customer-created", "--event", "Test-Created", "-o",
                "json",
            ])
            #expect(registered.status == 0, "\(registered.stderr)")
            let shown = try await home.run(["webhooks", "get"])
            #expect(shown.stdout.contains("http://127.0.0.1:9/hook") && shown.stdout.contains("test-created"), "\(shown.stdout)")
            let tested = try await home.run(["webhooks", "test"])
            #expect(UUID(uuidString: tested.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) != nil, "\(tested.stdout) \(tested.stderr)")
            let refused = try await home.run([
                "webhooks", "register", "--webhook-url", "http://10.0.0.1/hook", "--event", "customer-created", "--update",
            ])
            #expect(refused.status == 4 && refused.stderr.contains("3000"), "\(refused.stderr)")
            #expect(try await home.run(["webhooks", "delete"]).status == 0)
            #expect(try await home.run(["webhooks", "get"]).status == 4)
        }
    }

    @Test func lineItemFieldsTheAPIDoesNotKnowAreRefusedNotDropped() async throws {
        let home = Home()
        defer { home.remove() }
        let listener = try Listener()
        defer { listener.close() }
        let ran = try await home.run(
            [
                "carts", "new", "--customer-id", Self.customerID, "--url", listener.base, "--line-items",
                #"{"catalogItemId":"\#(Self.licence)","quantity":1,"autoRenew":true}"#,
            ], extra: ["PARTNER_CENTER_TOKEN": "t"])
        #expect(ran.status == 2)
        #expect(ran.stderr.contains("autoRenew"))
        #expect(listener.connectionsWaiting() == 0)
    }

    @Test func profilesAreSavedPrivatelyAndAPasswordIsNeverKept() async throws {
        let home = Home()
        defer { home.remove() }
        try await Self.withServer { base, token in
            let signedIn = try await home.run([
                "login", "--url", base, "--tenant", DemoData.partner.tenantID, "--client-id", DemoData.applicationID, "--profile", "user",
                "--username", DemoData.userPrincipalName, "--password", DemoData.userPassword,
            ])
            #expect(signedIn.status == 0, "\(signedIn.stderr)")
            let attributes = try FileManager.default.attributesOfItem(atPath: home.profiles)
            #expect((attributes[.posixPermissions] as? Int) == 0o600)
            let saved = try String(contentsOfFile: home.profiles, encoding: .utf8)
            #expect(!saved.contains(DemoData.userPassword))
            #expect(saved.contains("refreshToken"))
            // The saved refresh token signs the next command in (App+User).
            let read = try await home.run(["customers", "get", "--customer-id", Self.customerID, "--profile", "user"])
            #expect(read.status == 0, "\(read.stderr)")
            // A wrong secret is refused at login, and nothing is saved for it.
            let wrong = try await home.run([
                "login", "--url", base, "--tenant", DemoData.partner.tenantID, "--client-id", DemoData.applicationID, "--client-secret", "nope",
                "--profile", "wrong",
            ])
            #expect(wrong.status == 4)
            #expect(wrong.stderr.contains("invalid_client"))
            #expect(!(try String(contentsOfFile: home.profiles, encoding: .utf8)).contains("\"wrong\""))
            // PARTNER_CENTER_TOKEN and PARTNER_CENTER_URL need no profile at all.
            let bare = Home()
            defer { bare.remove() }
            let byToken = try await bare.run(
                ["customers", "get", "--customer-id", Self.customerID], extra: ["PARTNER_CENTER_TOKEN": token, "PARTNER_CENTER_URL": base])
            #expect(byToken.status == 0, "\(byToken.stderr)")
            let logout = try await home.run(["logout", "--profile", "user"])
            #expect(logout.status == 0)
            #expect(!(try String(contentsOfFile: home.profiles, encoding: .utf8)).contains("refreshToken"))
            let notLoggedIn = try await home.run(["customers", "list", "--profile", "user"])
            #expect(notLoggedIn.status == 2)
            #expect(notLoggedIn.stderr.contains("not logged in"))
        }
    }
}

/// A loopback socket that listens and never accepts, to tell whether anything connected.
final class Listener: Sendable {
    let descriptor: Int32
    let port: Int
    var base: String { "http://127.0.0.1:\(port)" }

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.descriptor = descriptor
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(descriptor, 16) == 0 else { throw CLITests.CLIError("cannot listen: \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) } }
        self.port = Int(UInt16(bigEndian: address.sin_port))
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
    }

    /// How many connections arrived (accepting, and closing, each).
    func connectionsWaiting() -> Int {
        var count = 0
        while true {
            let connection = accept(descriptor, nil, nil)
            guard connection >= 0 else { return count }
            Glibc.close(connection)
            count += 1
        }
    }

    func close() { Glibc.close(descriptor) }
}
