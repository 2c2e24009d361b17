import ArgumentParser
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `partner-commerce`: the server and its tools in one executable.
@main
struct PartnerCommerce: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "partner-commerce",
        abstract: "A self-hostable server that speaks Microsoft Partner Center's commerce REST API, and a client for it.",
        discussion: """
            Client commands (login, customers, carts, orders, subscriptions, invoices, catalog) work against this server or Partner \
            Center itself. The PowerShell module's cmdlet names work too, with their parameters: \
            partner-commerce Submit-PartnerCustomerCart -CartId $cartId -CustomerId $customerId
            Exit codes: 0 success, 2 usage, 3 partial checkout, 4 API error, 5 network or timeout.
            """,
        subcommands: [
            Serve.self, Migrate.self, Token.self, Login.self, Logout.self, CustomersCommand.self, CartsCommand.self, OrdersCommand.self,
            SubscriptionsCommand.self, InvoicesCommand.self, WebhooksCommand.self, CatalogCommand.self, PartnersCommand.self, AppsCommand.self,
            UsersCommand.self,
            KeysCommand.self,
            AdminKeyCommand.self, AdminCommand.self, RecordCommand.self, ReplayCommand.self, DriftCommand.self,
        ]
    )

    /// Parses (cmdlet aliases first), runs, and exits with the documented codes: a usage error is 2 (not
    /// ArgumentParser's 64), client failures their own (``ClientFailure``).
    static func main() async {
        let translation = CmdletAliases.translation(Array(CommandLine.arguments.dropFirst()))
        for note in translation.notes { FileHandle.standardError.write(Data((note + "\n").utf8)) }
        if let refusal = translation.refusal {
            FileHandle.standardError.write(Data((refusal + "\n").utf8))
            Glibc.exit(2)
        }
        let arguments = translation.arguments
        do {
            var command = try await asyncParseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if let failure = ClientFailure(error) {
                FileHandle.standardError.write(Data((failure.description + "\n").utf8))
                Glibc.exit(failure.code)
            }
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Glibc.exit(2)
            }
            exit(withError: error)
        }
    }
}
