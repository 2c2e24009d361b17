import ArgumentParser

/// `partner-commerce`: the server and its tools in one executable.
@main
struct PartnerCommerce: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "partner-commerce",
        abstract: "A self-hostable server that speaks Microsoft Partner Center's commerce REST API.",
        subcommands: [
            Serve.self, Migrate.self, Token.self, CatalogCommand.self, PartnersCommand.self, AppsCommand.self, UsersCommand.self,
            KeysCommand.self, AdminKeyCommand.self,
        ]
    )
}
