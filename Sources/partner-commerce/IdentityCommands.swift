import ArgumentParser
import CommerceCore
import CommerceServer
import CommerceStore
import Foundation

/// `partner-commerce partners create|list`: the partner tenants this server hosts.
struct PartnersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "partners", abstract: "Manage partner tenants.", subcommands: [Create.self, List.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a partner tenant; prints its tenant id.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The partner's name.") var name: String
        @Option(help: "Tenant id (a GUID); made up when omitted.") var tenantId: String?
        @Option(help: "MPN (partner) id.") var mpnId: String?

        func run() async throws {
            let partner = try await withOpenedStore(store) { store in
                try await PartnerDirectory(store: store, clock: store.clock).createPartner(tenantID: tenantId, name: name, mpnID: mpnId)
            }
            print(partner.tenantID)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List partner tenants: tenant id, status, MPN id, name.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            for partner in try await withOpenedStore(store, { try await $0.partners() }) {
                print([partner.tenantID, partner.isDisabled ? "disabled" : "active", partner.mpnID ?? "-", partner.name].joined(separator: "\t"))
            }
        }
    }
}

/// `partner-commerce apps create --partner T`: an app registration, whose secret is printed once.
struct AppsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "apps", abstract: "Manage partners' app registrations.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register an app; prints client_id and client_secret (shown once).")
        @OptionGroup var store: StoreOptions
        @Option(help: "Tenant id of the partner that owns the app.") var partner: String
        @Option(help: "Display name.") var name: String?

        func run() async throws {
            let (app, secret) = try await withOpenedStore(store) { store in
                try await PartnerDirectory(store: store, clock: store.clock).createApplication(partnerID: partner, displayName: name)
            }
            print("client_id=\(app.clientID)")
            print("client_secret=\(secret)")
        }
    }
}

/// `partner-commerce users create --partner T --upn U`: a partner user for App+User sign-ins.
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "users", abstract: "Manage partners' users.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user; prints its object id, and the password when one was made up.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Tenant id of the partner the user belongs to.") var partner: String
        @Option(help: "Sign-in name, e.g. agent@contoso.onmicrosoft.com.") var upn: String
        @Option(help: "Display name.") var name: String?
        @Option(help: "Password (read from PARTNER_COMMERCE_USER_PASSWORD when omitted; made up when neither is set).") var password: String?
        @Option(name: .customLong("role"), help: "AdminAgent, SalesAgent or HelpdeskAgent; repeat for several (default AdminAgent).")
        var roles: [String] = []

        func run() async throws {
            let given = password ?? Environment.value("PARTNER_COMMERCE_USER_PASSWORD")
            let (user, chosen) = try await withOpenedStore(store) { store in
                try await PartnerDirectory(store: store, clock: store.clock).createUser(
                    partnerID: partner, userPrincipalName: upn, displayName: name, password: given, roles: roles
                )
            }
            print("object_id=\(user.objectID)")
            if given == nil { print("password=\(chosen)") }
        }
    }
}

/// `partner-commerce keys rotate`: a new token signing key; tokens signed by the old one stay valid until they expire.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "keys", abstract: "Manage token signing keys.", subcommands: [Rotate.self])

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make a new signing key; prints its kid. Running nodes pick it up within a minute.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let kid = try await withOpenedStore(store) { store in
                try await TokenService.load(store: store, clock: store.clock).rotate()
            }
            print(kid)
        }
    }
}

/// `partner-commerce admin-key reset`: replaces a lost admin key.
struct AdminKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "admin-key", abstract: "Manage the /_admin key.", subcommands: [Reset.self])

    struct Reset: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make a new admin key and print it once; the old key stops working.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            print(try await withOpenedStore(store) { try await AdminKey.reset(in: $0) })
        }
    }
}
