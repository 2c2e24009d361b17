import ArgumentParser
import CommerceCore
import CommerceServer
import CommerceStore
import Foundation
import Hummingbird
import Logging

/// `partner-commerce serve`: runs the API until SIGTERM or SIGINT, then finishes in-flight requests and stops.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the Partner Center–compatible API server.")

    @Option(help: "Address to listen on (env PARTNER_COMMERCE_HOST).") var host: String?
    @Option(help: "Port to listen on; 0 picks a free one (env PARTNER_COMMERCE_PORT).") var port: Int?
    @OptionGroup var store: StoreOptions
    @Flag(help: "Make a new store without the demo partner, its public credentials and its customer (for production).")
    var noDemo = false
    @Flag(help: "Listen on a non-loopback address even though the store has the demo partner's public credentials.")
    var allowDemoCredentials = false
    @Option(help: "Largest request body accepted, in bytes.") var maxBodyBytes = 1 << 20
    @Option(help: "Seconds a request's body may take to arrive after its head (408 past it).")
    var requestTimeout: Double = 30
    @Option(help: "Seconds a connection may stay open with no request under way.")
    var idleTimeout: Double = 60
    @Option(help: "Seconds an answer may sit unsent because the client does not read it; then the connection is reset.")
    var writeTimeout: Double = 10
    @Option(help: "Most client connections held at once (default: what the open-file limit allows, with a reserve).")
    var maxConnections: Int?
    @Option(help: "Most connections held at once from one remote address (at most half of --max-connections).")
    var maxConnectionsPerAddress = 128
    @Option(
        help:
            "full: a write is on disk before it is acknowledged (default). relaxed: faster, but the last writes can be lost with the machine (throwaway sandboxes)."
    )
    var durability: Durability = .full
    @Option(help: "Seconds until a pending order is fulfilled (0 allowed).") var fulfilmentDelay: Double = 5
    @Flag(help: "Switch throttling off (local development, benchmarks).") var noThrottling = false
    @Option(help: "Requests per minute per partner for each of customers, orders, subscriptions, carts and the catalog.")
    var tenantRequestsPerMinute = ThrottlePolicy.partnerCenter.tenantPerMinute
    @Option(help: "Cart creates and updates per minute per partner and customer.")
    var cartWritesPerMinute = ThrottlePolicy.partnerCenter.cartWritesPerMinute
    @Option(help: "Checkouts per minute per partner and customer.")
    var checkoutsPerMinute = ThrottlePolicy.partnerCenter.checkoutsPerMinute
    @Option(help: "Token requests per minute per client id, and per remote address.")
    var tokenRequestsPerMinute = ThrottlePolicy.partnerCenter.tokenRequestsPerMinute
    @Option(help: "Failed sign-ins per minute per remote address; past it, sign-ins from there are refused before any password is hashed.")
    var failedSignInsPerMinute = ThrottlePolicy.partnerCenter.failedSignInsPerMinute
    @Option(
        help:
            "frozen: stop the server's clock at start (move it with POST /_admin/clock); system: let it run again. Without it the store's clock is left as it was. Time never runs backwards, so a clock moved ahead stays ahead."
    ) var clock: ClockStart?

    enum ClockStart: String, ExpressibleByArgument, CaseIterable { case system, frozen }
    @Flag(
        help:
            "Reproduce Partner Center's integration sandbox caps: 75 customers per partner, 5 subscriptions per customer, 25 licences per subscription (SandboxLimitExceeded, 10009, on cart lines; 800018 on customer creation)."
    )
    var sandboxLimits = false
    @Flag(
        help:
            "Serve HTTPS: makes (once) a local certificate authority and a certificate for localhost and 127.0.0.1 in the store's folder, and prints the CA file for clients to trust."
    )
    var tls = false
    @Option(help: "Serve HTTPS with this PEM certificate chain (the server's first) instead of the local CA's; needs --tls-key.")
    var tlsCert: String?
    @Option(help: "The PEM private key of --tls-cert.") var tlsKey: String?
    @Option(
        help:
            "Make generated ids (customers, carts, orders, subscriptions) repeat across runs: the same seed and the same calls give the same ids (POST /_admin/seed changes it)."
    )
    var seed: UInt64?
    @Option(help: "How many recent requests the journal keeps for GET /_admin/requests; 0 switches it off.") var journalEntries = 1_000
    @Option(
        help:
            "Let webhook deliveries go to this host name (and the private addresses it resolves to), IP address or CIDR block, to every public address with 'public', or to loopback with 'loopback' (repeatable). Names are resolved and checked at each delivery. Loopback is allowed without it only while the server listens on loopback; link-local addresses only by block."
    )
    var webhookAllow: [String] = []
    @Option(help: "How many bytes the journal may hold in all, bodies included.") var journalBytes = 8 << 20
    @Option(
        help:
            "Characters of carts and request records one partner may keep; past it (measured each maintenance pass) its writes get 400 until it is under again. 0: no quota."
    )
    var partnerStorageBytes = 1 << 30
    @Option(help: "Carts a customer may hold open (neither ordered nor expired) at once; 0: no cap.")
    var openCartsPerCustomer = CartRules.maximumOpenCarts
    @Option(help: "Days after a billing month's end before it closes into invoices, on the server's clock (Partner Center: 6).")
    var invoiceDelayDays = 6
    @Option(help: "Use the admin key in this file (16–256 printable characters) instead of a made one (env PARTNER_COMMERCE_ADMIN_KEY).")
    var adminKeyFile: String?
    @Flag(help: "Keep the store in a new temporary folder, removed when the server stops: a clean start for every CI run.")
    var ephemeral = false

    func validate() throws {
        guard (tlsCert == nil) == (tlsKey == nil) else { throw ValidationError("--tls-cert and --tls-key go together.") }
        guard (1...(1 << 30)).contains(maxBodyBytes) else { throw ValidationError("--max-body-bytes must be between 1 and 1073741824.") }
        guard (0.1...3600).contains(requestTimeout), (0.1...3600).contains(idleTimeout) else {
            throw ValidationError("--request-timeout and --idle-timeout must be between 0.1 and 3600 seconds.")
        }
        guard (0...100_000).contains(journalEntries), ((64 * 1024)...(1 << 30)).contains(journalBytes) else {
            throw ValidationError("--journal-entries must be 0…100000 and --journal-bytes 65536…1073741824.")
        }
        guard partnerStorageBytes >= 0, openCartsPerCustomer >= 0 else {
            throw ValidationError("--partner-storage-bytes and --open-carts-per-customer must be 0 (no limit) or more.")
        }
        guard (0...28).contains(invoiceDelayDays) else { throw ValidationError("--invoice-delay-days must be between 0 and 28.") }
        guard (0.1...3600).contains(writeTimeout) else { throw ValidationError("--write-timeout must be between 0.1 and 3600 seconds.") }
        guard (maxConnections ?? 1) >= 1, maxConnectionsPerAddress >= 1 else {
            throw ValidationError("--max-connections and --max-connections-per-address must be at least 1.")
        }
        guard fulfilmentDelay >= 0 else { throw ValidationError("--fulfilment-delay must be 0 or more seconds.") }
        guard min(tenantRequestsPerMinute, cartWritesPerMinute, checkoutsPerMinute, tokenRequestsPerMinute, failedSignInsPerMinute) >= 1 else {
            throw ValidationError("Request limits must be at least 1 per minute; use --no-throttling to switch them off.")
        }
    }

    /// The admin key CI chose, from the file or the environment, checked.
    func presetAdminKey() throws -> String? {
        var key = Environment.value("PARTNER_COMMERCE_ADMIN_KEY")
        if let adminKeyFile {
            guard let text = try? String(contentsOfFile: adminKeyFile, encoding: .utf8) else {
                throw ValidationError("--admin-key-file: cannot read " + adminKeyFile + ".")
            }
            key = text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if let key, let problem = AdminKey.problem(with: key) { throw ValidationError("The preset admin key is refused: " + problem + ".") }
        return key
    }

    func run() async throws {
        let presetKey = try presetAdminKey()
        // A folder of its own, gone when the process ends however it ends (the service group returns on a signal).
        let ephemeralFolder = ephemeral ? try EphemeralFolder() : nil
        defer { ephemeralFolder?.remove() }
        if Environment.value("LOG_FORMAT")?.lowercased() == "json" {
            LoggingSystem.bootstrap { label in JSONLogHandler(label: label) }
        }
        var logger = Logger(label: "partner-commerce")
        // HTTPS: your own certificate, or the local CA's (made once, in the store's folder).
        var tlsFiles: ServerConfiguration.TLSFiles?
        var authorityFile: String?
        if let tlsCert, let tlsKey {
            tlsFiles = ServerConfiguration.TLSFiles(certificateChain: tlsCert, privateKey: tlsKey)
        } else if tls {
            let made = try LocalCertificateAuthority.ensure(in: store.folder + "/tls")
            tlsFiles = ServerConfiguration.TLSFiles(certificateChain: made.certificateChain, privateKey: made.privateKey)
            authorityFile = URL(fileURLWithPath: made.authority).standardizedFileURL.path
        }
        logger.logLevel = Environment.value("LOG_LEVEL").flatMap(Logger.Level.init(rawValue:)) ?? .info
        var configuration = ServerConfiguration(
            host: host ?? Environment.value("PARTNER_COMMERCE_HOST") ?? "127.0.0.1",
            port: port ?? Environment.value("PARTNER_COMMERCE_PORT").flatMap(Int.init) ?? 8080,
            store: ephemeralFolder.map { .sqlite(directory: $0.path) } ?? store.location,
            durability: durability,
            seedDemoData: !noDemo,
            allowDemoCredentials: allowDemoCredentials,
            maxBodyBytes: maxBodyBytes,
            requestTimeout: requestTimeout,
            idleTimeout: idleTimeout,
            fulfilmentDelay: fulfilmentDelay,
            throttling: noThrottling
                ? nil
                : ThrottlePolicy(
                    tenantPerMinute: tenantRequestsPerMinute, cartWritesPerMinute: cartWritesPerMinute, checkoutsPerMinute: checkoutsPerMinute,
                    tokenRequestsPerMinute: tokenRequestsPerMinute, failedSignInsPerMinute: failedSignInsPerMinute
                ),
            // Crash-safety tests only: lets a request header kill the process around a commit.
            faultPoints: Environment.value("PARTNER_COMMERCE_FAULT_POINTS") == "1",
            ids: SeedableIDGenerator(seed: seed),
            journalEntries: journalEntries,
            journalBytes: journalBytes,
            tls: tlsFiles,
            sandboxLimits: sandboxLimits ? .partnerCenter : nil
        )
        configuration.webhookDestinations = WebhookDestinations(allowed: webhookAllow)
        configuration.writeTimeout = writeTimeout
        configuration.invoiceDelayDays = invoiceDelayDays
        configuration.partnerStorageLimit = partnerStorageBytes > 0 ? partnerStorageBytes : nil
        configuration.openCartsPerCustomer = openCartsPerCustomer > 0 ? openCartsPerCustomer : nil
        configuration.maxConnections = maxConnections
        configuration.maxConnectionsPerAddress = maxConnectionsPerAddress
        configuration.presetAdminKey = presetKey
        let server: PartnerCommerceServer
        do {
            server = try await PartnerCommerceServer.prepare(configuration, logger: logger)
        } catch let refusal as StartupRefusal {
            // One line on stderr, no usage text: nothing is wrong with the command line.
            FileHandle.standardError.write(Data("error: \(refusal.description)\n".utf8))
            throw ExitCode(1)
        }
        switch clock {
        case .frozen: try await server.freezeClock()
        case .system: try await server.resumeClock()
        case nil: break
        }
        if let key = server.newAdminKey {
            // Printed, never logged: this is the only time the key exists outside the process.
            print("admin key (shown once; keep it, the store holds only its hash): \(key)")
        } else if presetKey != nil {
            print("admin key: the one preset (" + (adminKeyFile.map { "--admin-key-file " + $0 } ?? "PARTNER_COMMERCE_ADMIN_KEY") + ")")
        }
        if let ephemeralFolder { print("store: " + ephemeralFolder.path + " (ephemeral: removed when the server stops)") }
        if let authorityFile {
            print("CA certificate (trust it in clients): \(authorityFile)")
        }
        let scheme = tlsFiles == nil ? "http" : "https"
        let app = try server.makeApplication(logger: logger) { host, port in
            print("listening on \(scheme)://\(host):\(port)")
            for line in (try? await server.banner(url: "\(scheme)://\(host):\(port)")) ?? [] { print(line) }
            print(server.connectionLimitsDescription)
            fflush(nil)  // flush now: a supervisor or test may be waiting for this line
        }
        try await app.runService()
    }
}

extension Durability: ExpressibleByArgument {}
