import CommerceCore
import CommerceServer
import CommerceStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

/// Errors that say what to do, and PowerShell habits (issue 27): each message of the CLI's point 6, run through the
/// built binary against a live server.
@Suite struct CLIHabitsTests {
    typealias Home = ClientCLITests.Home
    static let customer = ClientCLITests.customerID
    static let badLine = [
        "--catalog-item-id", "CFQ7TTC0LFLZ:0002:CFQ7TTC0NOPE", "--quantity", "1", "--billing-cycle", "monthly", "--term-duration", "P1M",
    ]

    @Test func aFailedLineWarnsAndTheFaultsDataIsPrinted() async throws {
        let home = Home()
        defer { home.remove() }
        try await ClientCLITests.withServer { base, _ in
            try await home.login(base)
            let made = try await home.run(["carts", "new", "--customer-id", Self.customer, "--output", "id"] + Self.badLine)
            #expect(made.status == 0, "a cart with a failing line is still made: \(made.stderr)")
            #expect(made.stderr.contains("warning: line item 0 (CFQ7TTC0LFLZ:0002:CFQ7TTC0NOPE)"), "\(made.stderr)")
            let cartID = made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let strict = try await home.run(["carts", "new", "--customer-id", Self.customer, "--strict"] + Self.badLine)
            #expect(strict.status == 4, "\(strict.stderr)")
            #expect(strict.stderr.contains("cannot be bought (--strict)"), "\(strict.stderr)")
            // Its checkout is refused with 800009; the ApiFault's data says which line and why.
            let submitted = try await home.run(["carts", "submit", "--customer-id", Self.customer, "--cart-id", cartID])
            #expect(submitted.status == 4, "\(submitted.stderr)")
            #expect(submitted.stderr.contains("code 800009"), "\(submitted.stderr)")
            #expect(submitted.stderr.contains("\n  "), "a data line follows the error: \(submitted.stderr)")
            #expect(submitted.stderr.contains("CFQ7TTC0NOPE") || submitted.stderr.lowercased().contains("line item 0"), "\(submitted.stderr)")
        }
    }

    /// The agreement cmdlets: a new customer is refused at checkout (13605, its message on stderr) until its agreement
    /// is confirmed, as a user, through New-PartnerCustomerAgreement; Get-PartnerCustomerAgreement lists it.
    @Test func theAgreementCmdletsOpenTheGate() async throws {
        let home = Home()
        defer { home.remove() }
        try await ClientCLITests.withServer { base, _ in
            let login = try await home.run([
                "login", "--url", base, "--tenant", DemoData.partner.tenantID, "--client-id", DemoData.applicationID, "--username",
                DemoData.userPrincipalName, "--password", DemoData.userPassword,
            ])
            #expect(login.status == 0, "\(login.stderr)")
            let made = try await home.run([
                "New-PartnerCustomer", "-Domain", "cmdlet-agreement", "-Name", "Cmdlet Ltd", "-ContactEmail", "it@cmdlet.example", "-o", "id",
            ])
            let customer = made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(made.status == 0 && !customer.isEmpty, "\(made.stderr)")
            let cart = try await home.run([
                "carts", "new", "--customer-id", customer, "--catalog-item-id", "MS-AZR-0145P", "--quantity", "1", "--billing-cycle", "monthly",
                "-o", "id",
            ]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let refused = try await home.run(["carts", "submit", "--customer-id", customer, "--cart-id", cart])
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("code 13605"), "\(refused.stderr)")
            let accepted = try await home.run([
                "New-PartnerCustomerAgreement", "-CustomerId", customer, "-AgreementType", "MicrosoftCustomerAgreement", "-ContactFirstName", "Ines",
                "-ContactLastName", "Walker", "-ContactEmail", "ines@cmdlet.example", "-TemplateId", "117a77b0-9360-443b-8795-c6dedc750cf9",
            ])
            #expect(accepted.status == 0, "\(accepted.stderr)")
            #expect(accepted.stdout.contains("MicrosoftCustomerAgreement"), "\(accepted.stdout)")
            let listed = try await home.run(["Get-PartnerCustomerAgreement", "-CustomerId", customer])
            #expect(listed.stdout.contains("ines@cmdlet.example"), "\(listed.stdout)\(listed.stderr)")
            let submitted = try await home.run(["carts", "submit", "--customer-id", customer, "--cart-id", cart])
            #expect(submitted.status == 0, "\(submitted.stderr)")
        }
    }

    @Test func aRefusedConnectionIsOneSentenceNamingTheURL() async throws {
        let home = Home()
        defer { home.remove() }
        let port = try ClientCLITests.freePort()
        let ran = try await home.run(
            ["customers", "list", "--url", "http://127.0.0.1:\(port)", "--max-attempts", "1"], extra: ["PARTNER_CENTER_TOKEN": "x"])
        #expect(ran.status == 5)
        #expect(ran.stderr.contains("nothing answers at http://127.0.0.1:\(port) (connection refused)"), "\(ran.stderr)")
        #expect(ran.stderr.contains("partner-commerce serve"), "\(ran.stderr)")
        #expect(!ran.stderr.contains("errno"), "\(ran.stderr)")
    }

    @Test func aDryRunPrintsTheWriteItWouldSend() async throws {
        let home = Home()
        defer { home.remove() }
        try await ClientCLITests.withServer { base, _ in
            try await home.login(base)
            let set = try await home.run([
                "subscriptions", "set", "--customer-id", Self.customer, "--subscription-id", DemoData.azureSubscriptionID, "--friendly-name",
                "Renamed", "--dry-run",
            ])
            #expect(set.status == 0, "\(set.stderr)")
            #expect(set.stdout.contains("PATCH \(base)/v1/customers/\(Self.customer)/subscriptions/\(DemoData.azureSubscriptionID)"), "\(set.stdout)")
            #expect(set.stdout.contains("\"friendlyName\":\"Renamed\""), "\(set.stdout)")
            let unchanged = try await home.run([
                "subscriptions", "get", "--customer-id", Self.customer, "--subscription-id", DemoData.azureSubscriptionID, "-o", "json",
            ])
            #expect(!unchanged.stdout.contains("Renamed"), "nothing was written")
            let added = try await home.run(
                ["carts", "add-line-item", "--customer-id", Self.customer, "--cart-id", DemoData.cartID, "--dry-run"] + Self.badLine)
            #expect(added.status == 0, "\(added.stderr)")
            #expect(added.stdout.contains("PUT \(base)/v1/customers/\(Self.customer)/carts/\(DemoData.cartID)"), "\(added.stdout)")
            #expect(added.stdout.contains("CFQ7TTC0NOPE"), "the new line is in the body")
        }
    }

    @Test func powerShellHabitsAreAcceptedOrNamed() async throws {
        let home = Home()
        defer { home.remove() }
        let unknown = try await home.run(["Get-PartnerCustomerUser", "-CustomerId", "x"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("Get-PartnerCustomerUser is not supported here"), "\(unknown.stderr)")
        #expect(unknown.stderr.contains("Submit-PartnerCustomerCart"), "the supported list: \(unknown.stderr)")
        for help in [["Submit-PartnerCustomerCart", "-?"], ["help", "Submit-PartnerCustomerCart"], ["Get-Help", "submit-partnercustomercart"]] {
            let ran = try await home.run(help)
            #expect(ran.status == 0, "\(help): \(ran.stderr)")
            #expect(ran.stdout.contains("carts submit"), "\(help): the cmdlet's own help, not the top level: \(ran.stdout)")
        }
        try await ClientCLITests.withServer { base, _ in
            try await home.login(base)
            let booleans = try await home.run([
                "Set-PartnerCustomerSubscription", "-CustomerId", Self.customer, "-SubscriptionId", DemoData.azureSubscriptionID,
                "-AutoRenewEnabled", "$false", "-WhatIf",
            ])
            #expect(booleans.status == 0, "\(booleans.stderr)")
            #expect(booleans.stdout.contains("\"autoRenewEnabled\":false"), "\(booleans.stdout)")
            let common = try await home.run(["Get-PartnerCustomer", "-CustomerId", Self.customer, "-ErrorAction", "Stop", "-Debug", "-Verbose"])
            #expect(common.status == 0, "\(common.stderr)")
            #expect(common.stderr.contains("-ErrorAction is ignored"), "\(common.stderr)")
            #expect(common.stderr.contains("-Debug is ignored"), "\(common.stderr)")
            #expect(common.stdout.contains(Self.customer))
        }
    }

    @Test func waitingOnAFrozenClockFailsAtOnce() async throws {
        let home = Home()
        defer { home.remove() }
        try await TestServer.run(clock: TravellingClock(), configure: { $0.fulfilmentDelay = 3_600 }) { server in
            try await home.login(server.base)
            let result = try await server.call(.post, "/v1/customers/\(Self.customer)/carts/\(DemoData.cartID)/checkout").json()
            let orderID = try #require((result["orders"] as? [[String: Any]])?.first { $0["status"] as? String == "pending" }?["id"] as? String)
            #expect(try await server.admin(.post, "/_admin/clock", body: #"{"freeze":true}"#).status == .ok)
            let started = Date()
            let waited = try await home.run(["orders", "status", "--customer-id", Self.customer, "--order-id", orderID, "--wait"])
            #expect(waited.status == 5)
            #expect(waited.stderr.contains("the server's clock is frozen at"), "\(waited.stderr)")
            #expect(waited.stderr.contains("admin clock --resume"), "\(waited.stderr)")
            #expect(Date().timeIntervalSince(started) < 60, "at once, not after the 120 s wait")
        }
    }
}
