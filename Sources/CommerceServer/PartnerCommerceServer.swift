import CommerceCore
import CommerceStore
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import Mustache
import NIOCore
import NIOSSL
import ServiceLifecycle

/// The server: an opened store, its token keys and the HTTP application over them.
///
/// `prepare` does everything that must happen before the first request (migrations, default partner and
/// catalog, demo data, signing key); `makeApplication` wires routes and middleware.
public struct PartnerCommerceServer: Sendable {
    public let configuration: ServerConfiguration
    public let store: Store
    public let tokens: TokenService
    /// One catalog cache per server, shared by the controllers and the fulfilment worker.
    let catalog: CatalogCache
    /// The `/_admin` key, when this start made it (a new store): to be shown once, then it exists only as a hash.
    public let newAdminKey: String?
    /// This node's request journal (`GET /_admin/requests`), unless switched off.
    let journal: RequestJournal?
    /// This node's copy of the store's fault rules (`/_admin/faults`).
    let faults: FaultRegistry
    /// This node's copy of the store's fulfilment rules (`/_admin/fulfilment/rules`).
    let fulfilmentRules: SharedRules<FulfilmentRule>
    /// What `GET /metrics` reports.
    let metrics: ServerMetrics
    /// The dashboard's templates (`GET /_admin/ui`).
    let dashboardTemplates: MustacheLibrary
    /// HTTPS, when the configuration names a certificate (read once, at start, so a bad file stops the start).
    let tlsConfiguration: TLSConfiguration?
    /// Signs webhook deliveries; the key is made or loaded at first use.
    let webhookSigner: WebhookSigner
    /// The open-file limit this start found (and raised), and the connections it allows.
    public let descriptors: FileDescriptorBudget
    /// Who holds which connection, and the caps on them.
    let connectionGuard: ConnectionGuard
    /// What each partner keeps, as last measured, against its quota.
    let storageQuota: StorageQuota
    /// Holds this node's background passes while a clock move settles.
    let gate = BackgroundGate()

    /// Opens the store and readies it for serving.
    public static func prepare(_ configuration: ServerConfiguration, logger: Logger = Logger(label: "partner-commerce")) async throws -> Self {
        var configuration = configuration
        // Loopback receivers are for a server only this machine reaches; one other machines reach must not let
        // its partners probe its own host, unless the operator allows `loopback` by name.
        configuration.webhookDestinations.loopbackByDefault = configuration.webhookDestinations.loopbackByDefault && isLoopback(configuration.host)
        let store = try await Store.open(
            configuration.store, durability: configuration.durability, clock: configuration.clock, ids: configuration.ids, logger: logger
        )
        do {
            // The time every node of this store shares, before anything reads the clock.
            if let travelling = configuration.clock as? TravellingClock {
                travelling.apply(try await store.clockSetting())
                travelling.apply(partners: try await store.partnerClockSettings())
            }
            try await DemoData.ensureCatalog(in: store)
            if try await DemoData.settle(in: store, wanted: configuration.seedDemoData) {
                try await DemoData.ensurePartner(in: store, clock: configuration.clock)
                try await DemoData.seed(in: store, clock: configuration.clock)
            }
            if !configuration.allowDemoCredentials, !Self.isLoopback(configuration.host), try await DemoData.publicCredentialsExist(in: store) {
                throw StartupRefusal(
                    "Refusing to listen on \(configuration.host): this store has the demo partner's public credentials. "
                        + "Use a store made with --no-demo, or pass --allow-demo-credentials."
                )
            }
            let tokens = try await TokenService.load(store: store, clock: configuration.clock)
            var adminKey: String?
            if let preset = configuration.presetAdminKey {
                try await AdminKey.preset(preset, in: store)
            } else {
                adminKey = try await AdminKey.ensure(in: store)
            }
            let journal =
                configuration.journalEntries > 0
                ? RequestJournal(maxEntries: configuration.journalEntries, maxBytes: configuration.journalBytes) : nil
            let tlsConfiguration = try configuration.tls.map(Self.tlsConfiguration)
            let faults = FaultRegistry(store: store)
            try await faults.refresh()
            let fulfilmentRules = SharedRules<FulfilmentRule>(FulfilmentControl.settingName, store: store)
            try await fulfilmentRules.refresh()
            let metrics = ServerMetrics()
            let descriptors = FileDescriptorBudget.raised()
            let connectionGuard = ConnectionGuard(
                limits: Self.connectionLimits(configuration, descriptors: descriptors),
                writeTimeout: .milliseconds(Int64(configuration.writeTimeout * 1000)), metrics: metrics, logger: logger
            )
            return Self(
                configuration: configuration, store: store, tokens: tokens, catalog: CatalogCache(store: store), newAdminKey: adminKey,
                journal: journal,
                faults: faults, fulfilmentRules: fulfilmentRules, metrics: metrics, dashboardTemplates: try await DashboardController.loadTemplates(),
                tlsConfiguration: tlsConfiguration, webhookSigner: WebhookSigner(store: store), descriptors: descriptors,
                connectionGuard: connectionGuard, storageQuota: StorageQuota(limit: configuration.partnerStorageLimit)
            )
        } catch {
            await store.close()
            throw error
        }
    }

    /// Stops the server's clock where it stands, for every node of the store (`serve --clock frozen`).
    public func freezeClock() async throws {
        try await changeClock { setting, machine in setting.frozenAt == nil ? setting.frozen(machine: machine) : setting }
    }

    /// Lets a frozen clock run again from where it stands (`serve --clock system`).
    public func resumeClock() async throws {
        try await changeClock { setting, machine in setting.resumed(machine: machine) }
    }

    private func changeClock(_ change: @escaping @Sendable (ClockSetting, Date) -> ClockSetting) async throws {
        guard let travelling = configuration.clock as? TravellingClock else { return }
        let machine = travelling.machineNow()
        _ = try await store.changeClockSetting(answering: Answering(nil) { _ in StoredResponse(status: 200, headers: [], body: "") }) { current in
            change(current, machine)
        }
        travelling.apply(try await store.clockSetting())
    }

    /// Every route and middleware of the API. `answerWrongMethods` adds the 405 responders; the OpenAPI
    /// coverage test turns it off to see only the routes we serve.
    public func makeRouter(answerWrongMethods: Bool = true) -> Router<PartnerRequestContext> {
        let router = Router(context: PartnerRequestContext.self, options: [.caseInsensitive])
        // Order matters: headers outermost so even faults carry MS-RequestId; faults next so nothing escapes.
        router.add(middleware: PartnerCenterHeadersMiddleware(serverID: configuration.serverID))
        router.add(middleware: MetricsMiddleware(metrics: metrics))
        if let travelling = configuration.clock as? TravellingClock { router.add(middleware: PartnerClockMiddleware(clock: travelling)) }
        if let journal {
            router.add(middleware: JournalMiddleware(journal: journal, clock: configuration.clock))
        }
        router.add(middleware: FaultMiddleware())
        HealthController(store: store, clock: configuration.clock).addRoutes(to: router)
        MetricsController(metrics: metrics, store: store, journal: journal, connections: connectionGuard.table).addRoutes(to: router)
        let directory = PartnerDirectory(store: store, clock: configuration.clock, ids: configuration.ids)
        let fulfilment = FulfilmentControl(
            rules: fulfilmentRules, store: store, worker: fulfilmentWorker(logger: Logger(label: "partner-commerce")), clock: configuration.clock
        )
        let logger = Logger(label: "partner-commerce")
        let settler =
            configuration.clock is TravellingClock
            ? ClockSettler(
                gate: gate, worker: fulfilmentWorker(logger: logger), maintenance: maintenance(logger: logger),
                dispatcher: webhookDispatcher(logger: logger), clock: configuration.clock) : nil
        let state = StateController(
            store: store, clock: configuration.clock, ids: configuration.ids, faults: faults, fulfilmentRules: fulfilmentRules, journal: journal,
            maxBodyBytes: configuration.maxBodyBytes
        )
        DashboardController(
            store: store, clock: configuration.clock, journal: journal, faults: faults, fulfilmentRules: fulfilmentRules,
            templates: dashboardTemplates, secure: tlsConfiguration != nil,
            actions: DashboardActions(
                clock: configuration.clock, settler: settler, faults: faults, fulfilment: fulfilment, state: state,
                clockMoves: ClockController(store: store, clock: configuration.clock, maxBodyBytes: configuration.maxBodyBytes, settler: settler))
        ).addRoutes(to: router)
        AdminController(
            store: store, directory: directory, tokens: tokens, clock: configuration.clock, maxBodyBytes: configuration.maxBodyBytes,
            journal: journal, faults: faults, fulfilment: fulfilment, ids: configuration.ids, settler: settler, billing: billing,
            faultPoints: configuration.faultPoints
        ).addRoutes(to: router)
        OAuthController(
            issuer: TokenIssuer(store: store, tokens: tokens, clock: configuration.clock), tokens: tokens, clock: configuration.clock,
            // A counter of its own: in a process, the token endpoint's made-up client ids must not evict the API's cells.
            perMinute: configuration.throttling?.tokenRequestsPerMinute, failedPerMinute: configuration.throttling?.failedSignInsPerMinute,
            counter: makeThrottleCounter(store: store, clock: configuration.clock),
            secure: tlsConfiguration != nil
        ).addRoutes(to: router)

        let v1 = router.group("v1").add(middleware: AuthenticationMiddleware(tokens: tokens))
            // Injected faults answer before limits and idempotency see the call (FaultRuleMiddleware says why).
            .add(middleware: FaultRuleMiddleware(registry: faults))
        if let policy = configuration.throttling {
            // Before idempotency: a refused call must not claim its MS-RequestId.
            v1.add(middleware: ThrottlingMiddleware(policy: policy, counter: makeThrottleCounter(store: store, clock: configuration.clock)))
        }
        v1.add(middleware: StorageQuotaMiddleware(quota: storageQuota))
        v1.add(middleware: IdempotencyMiddleware(store: store, clock: configuration.clock, maxBodyBytes: configuration.maxBodyBytes))
        if configuration.faultPoints { v1.add(middleware: FaultPointMiddleware()) }
        CustomersController(
            store: store, clock: configuration.clock, ids: configuration.ids, maxBodyBytes: configuration.maxBodyBytes,
            customerLimit: configuration.sandboxLimits?.customersPerPartner
        )
        .addRoutes(to: v1)
        CatalogController(catalog: catalog, store: store).addRoutes(to: v1)
        CartsController(store: store, catalog: catalog, configuration: configuration, fulfilment: fulfilment).addRoutes(to: v1)
        OrdersController(store: store, fulfilment: fulfilment, catalog: catalog, configuration: configuration).addRoutes(to: v1)
        SubscriptionsController(store: store, catalog: catalog, clock: configuration.clock, maxBodyBytes: configuration.maxBodyBytes).addRoutes(
            to: v1)
        ProfilesController(store: store).addRoutes(to: v1)
        AgreementsController(store: store, clock: configuration.clock, ids: configuration.ids, maxBodyBytes: configuration.maxBodyBytes)
            .addRoutes(to: v1)
        ReconLinesController(store: store, clock: configuration.clock, tokens: SeekTokens(store: store)).addRoutes(to: v1)
        InvoicesController(store: store, clock: configuration.clock).addRoutes(to: v1)

        // Webhook registration sits beside /v1, as on Partner Center, behind the same token check and idempotency.
        let webhooks = WebhooksController(
            store: store, signer: webhookSigner, clock: configuration.clock, destinations: configuration.webhookDestinations, ids: configuration.ids,
            maxBodyBytes: configuration.maxBodyBytes, secure: tlsConfiguration != nil
        )
        webhooks.addCertificateRoute(to: router)
        let webhookGroup = router.group("webhooks/v1").add(middleware: AuthenticationMiddleware(tokens: tokens))
        if let policy = configuration.throttling {
            webhookGroup.add(middleware: ThrottlingMiddleware(policy: policy, counter: makeThrottleCounter(store: store, clock: configuration.clock)))
        }
        webhookGroup.add(middleware: StorageQuotaMiddleware(quota: storageQuota))
            .add(middleware: IdempotencyMiddleware(store: store, clock: configuration.clock, maxBodyBytes: configuration.maxBodyBytes))
        webhooks.addRoutes(to: webhookGroup)

        if answerWrongMethods { router.addMethodNotAllowedResponders() }
        return router
    }

    /// The HTTP application (HTTPS with a certificate). `onListening` is told the address once the socket is bound.
    public func makeApplication(
        logger: Logger = Logger(label: "partner-commerce"), onListening: @escaping @Sendable (String, Int) async -> Void = { _, _ in }
    ) throws -> some ApplicationProtocol {
        let http = HTTPServerBuilder.http1(configuration: httpConfiguration)
        return Application(
            router: makeRouter(),
            server: try tlsConfiguration.map { try .tls(http, tlsConfiguration: $0) } ?? http,
            // A long accept queue (the kernel caps it at somaxconn): when one client opens hundreds of connections
            // at once, a short queue overflows and everyone's SYN is dropped, costing them a second's retransmit.
            // The connection caps then close what is over a client's share.
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "PartnerCommerce", backlog: 4096),
            services: [
                StoreCloser(store: store), fulfilmentWorker(logger: logger), maintenance(logger: logger), webhookDispatcher(logger: logger),
                ControlPlaneSync(
                    store: store, clock: configuration.clock as? TravellingClock, faults: faults, fulfilmentRules: fulfilmentRules, logger: logger
                ),
            ],
            onServerRunning: { channel in
                await onListening(configuration.host, channel.localAddress?.port ?? configuration.port)
            },
            logger: logger
        )
    }
}

/// Why `serve` will not start, in one line for the operator.
public struct StartupRefusal: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}

extension PartnerCommerceServer {
    /// The server side of TLS from PEM files: the chain (the server's certificate first) and its private key.
    static func tlsConfiguration(_ files: ServerConfiguration.TLSFiles) throws -> TLSConfiguration {
        let chain = try NIOSSLCertificate.fromPEMFile(files.certificateChain)
        guard !chain.isEmpty else { throw StartupRefusal("\(files.certificateChain) holds no PEM certificate.") }
        let key = try NIOSSLPrivateKey(file: files.privateKey, format: .pem)
        return TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
    }

    /// True for addresses only this machine can reach: `localhost`, 127.0.0.0/8 and `::1`.
    static func isLoopback(_ host: String) -> Bool {
        let lowered = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if lowered == "localhost" || lowered == "::1" || lowered == "0:0:0:0:0:0:0:1" { return true }
        let octets = lowered.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// Bounds on request headers, tighter than NIO's 80 KiB defaults: one field up to 16 KiB (an Entra token is a
    /// few KiB; ours are refused past 8 KiB anyway), 64 KiB and 100 fields in all. Past them NIO's parser fails
    /// and `RequestGuardHandler` answers 400 with an `ApiFault`.
    static let headerLimits = HTTP1Channel.Configuration.DecoderConfiguration(
        maxHeaderFieldSize: 16 * 1024, maxHeaderListSize: 64 * 1024, maxHeaderFieldCount: 100
    )

    /// HTTP/1.1 as we serve it: the header bounds, the connection caps and write deadline, and the guard that
    /// answers unparsable and stalled requests.
    var httpConfiguration: HTTP1Channel.Configuration {
        let deadline = TimeAmount.milliseconds(Int64(configuration.requestTimeout * 1000))
        let idle = TimeAmount.milliseconds(Int64(configuration.idleTimeout * 1000))
        let connectionGuard = connectionGuard
        return HTTP1Channel.Configuration(
            additionalChannelHandlers: [connectionGuard.makeHandler(), RequestGuardHandler(deadline: deadline, idleDeadline: idle)],
            httpDecoderConfiguration: Self.headerLimits
        )
    }

    /// The caps a configuration and an open-file budget give: the configured server cap (never past the budget),
    /// and per address at most half of it.
    static func connectionLimits(_ configuration: ServerConfiguration, descriptors: FileDescriptorBudget) -> ConnectionTable.Limits {
        let server = max(min(configuration.maxConnections ?? descriptors.connections, descriptors.connections), 1)
        return ConnectionTable.Limits(maxConnections: server, maxPerAddress: max(min(configuration.maxConnectionsPerAddress, server / 2), 1))
    }

    /// The caps in force, for the start's banner.
    public var connectionLimitsDescription: String {
        let limits = connectionGuard.table.limits
        return "connections: up to \(limits.maxConnections) (open-file limit \(descriptors.openFiles)), \(limits.maxPerAddress) per address"
    }

    /// The background worker that completes pending orders.
    func fulfilmentWorker(logger: Logger) -> FulfilmentWorker {
        FulfilmentWorker(
            store: store, catalog: catalog, clock: configuration.clock, ids: configuration.ids, retry: configuration.fulfilmentRetry,
            faults: configuration.fulfilmentFaults, pollInterval: configuration.fulfilmentPollInterval, rules: fulfilmentRules, gate: gate,
            logger: logger
        )
    }

    /// The background delivery of webhook events.
    func webhookDispatcher(logger: Logger) -> WebhookDispatcher {
        WebhookDispatcher(
            store: store, signer: webhookSigner, clock: configuration.clock, destinations: configuration.webhookDestinations,
            resolver: configuration.webhookResolver, pollInterval: configuration.webhookPollInterval, retryBase: configuration.webhookRetryBase,
            gate: gate, logger: logger
        )
    }

    /// The background clean-up of expired carts and old request records.
    func maintenance(logger: Logger) -> MaintenanceService {
        MaintenanceService(
            store: store, tokens: tokens, clock: configuration.clock, expiredCartRetention: configuration.expiredCartRetention,
            requestRecordRetention: configuration.requestRecordRetention, interval: configuration.maintenanceInterval, storageQuota: storageQuota,
            gate: gate, billing: billing, logger: logger
        )
    }

    /// Closes billing months into invoices, on the clock and on the operator's word.
    var billing: BillingCloser {
        BillingCloser(store: store, catalog: catalog, clock: configuration.clock, invoiceDelayDays: configuration.invoiceDelayDays)
    }
}

/// Closes the store after the HTTP server has stopped (services stop in reverse order), so in-flight
/// requests finish their writes first.
struct StoreCloser: Service {
    let store: Store

    func run() async throws {
        try? await gracefulShutdown()
        await store.close()
    }
}
