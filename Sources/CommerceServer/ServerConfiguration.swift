import CommerceCore
import CommerceStore

/// Everything `serve` can be told, read once (flags → environment → defaults) and passed to the server.
public struct ServerConfiguration: Sendable {
    public var host: String
    /// 0 asks the system for a free port; the printed line says which one was taken.
    public var port: Int
    /// Where the data lives.
    public var store: StoreLocation
    /// When a committed write is on disk: `full` (the default) before the answer, `relaxed` possibly after.
    public var durability: Durability
    /// Give a new store the demo partner (its public app and user credentials, its customer and cart). Decided
    /// by the store's first start and kept (`DemoData.settle`).
    public var seedDemoData: Bool
    /// Listen on an address other machines can reach even while the demo credentials exist.
    public var allowDemoCredentials: Bool
    /// Largest request body accepted, in bytes; larger ones get 413.
    public var maxBodyBytes: Int
    /// Seconds a request's body may take to arrive after its head (408 past it).
    public var requestTimeout: Double
    /// Seconds a connection may stay open with no request under way (idle keep-alive, or headers trickling in).
    public var idleTimeout: Double
    /// Seconds an answer may sit unsent because the client does not read it before the connection is reset.
    public var writeTimeout: Double = 10
    /// Most client connections held at once; `nil`: what the open-file limit allows (`FileDescriptorBudget`).
    public var maxConnections: Int?
    /// Most connections held at once from one remote address (at most half the server's, so one address never
    /// holds them all).
    public var maxConnectionsPerAddress: Int = 128
    /// Carts a customer may hold open at once; `nil`: no cap.
    public var openCartsPerCustomer: Int? = CartRules.maximumOpenCarts
    /// Characters of carts, request records and agreements a partner may keep (`StorageQuota`); `nil`: no quota.
    public var partnerStorageLimit: Int? = 1 << 30
    /// Days after a billing month's end before it closes into invoices (`BillingCloser`); 6 as on Partner Center.
    public var invoiceDelayDays: Int = BillingCloser.defaultInvoiceDelayDays
    /// The value of the `MS-ServerId` response header.
    public var serverID: String
    /// Seconds between checkout and the fulfilment worker completing a pending order (0 allowed).
    public var fulfilmentDelay: Double
    /// How often the fulfilment worker looks for due orders, in seconds.
    public var fulfilmentPollInterval: Double
    /// How long an expired, never-ordered cart is kept before it is purged, in seconds.
    public var expiredCartRetention: Double
    /// How often expired carts and old request records are purged, in seconds.
    public var maintenanceInterval: Double
    /// How long `MS-RequestId` records are kept for replay, in seconds (at least 24 hours).
    public var requestRecordRetention: Double
    /// Request limits; `nil` switches throttling off (local development, benchmarks).
    public var throttling: ThrottlePolicy?
    /// Injected order-placement failures (sandbox faults and tests); none by default.
    public var placementFaults: any PlacementFaults
    /// Injected fulfilment failures (sandbox faults and tests); none by default.
    public var fulfilmentFaults: any FulfilmentFaults
    /// How often a failing fulfilment is retried before its order is cancelled.
    public var fulfilmentRetry: FulfilmentRetry
    /// Honour the `PartnerCommerce-Fault` request header (`FaultPoint`), which can kill the process around a
    /// commit. Only for tests of crash safety; `serve` sets it from `PARTNER_COMMERCE_FAULT_POINTS=1`.
    public var faultPoints: Bool
    public var clock: any CommerceClock
    /// The admin key to use instead of one made at the store's creation (CI presets it); it replaces the stored one.
    public var presetAdminKey: String?
    /// How many requests the journal keeps (`GET /_admin/requests`); 0 switches it off.
    public var journalEntries: Int
    /// How many bytes the journal may hold in all, bodies included.
    public var journalBytes: Int
    public var ids: any IDGenerator
    /// Partner Center's integration sandbox caps (`serve --sandbox-limits`); `nil`: none.
    public var sandboxLimits: SandboxLimits?
    /// Serve HTTPS with this certificate chain and key (PEM files; `serve --tls` makes them with a local CA); `nil` serves HTTP.
    public var tls: TLSFiles?

    /// Where webhook deliveries may go (`serve --webhook-allow`); loopback only by default, and that only while
    /// `host` is a loopback address (`prepare` decides).
    public var webhookDestinations = WebhookDestinations()
    /// Resolves webhook receivers' names at each delivery (tests inject their own).
    public var webhookResolver: any WebhookNameResolver = SystemNameResolver()
    /// How often the webhook outbox is looked at for due deliveries, in seconds.
    public var webhookPollInterval: Double = 0.5
    /// The wait after a webhook delivery's first failed attempt, doubled after each next one (at most an hour).
    public var webhookRetryBase: Double = 10

    /// Where the server's certificate chain and private key are.
    public struct TLSFiles: Sendable, Equatable {
        public var certificateChain: String
        public var privateKey: String
        public init(certificateChain: String, privateKey: String) {
            self.certificateChain = certificateChain
            self.privateKey = privateKey
        }
    }

    public init(
        host: String = "127.0.0.1", port: Int = 8080, store: StoreLocation = .sqlite(directory: ".partner-commerce"), durability: Durability = .full,
        seedDemoData: Bool = true, allowDemoCredentials: Bool = false, maxBodyBytes: Int = 1 << 20, requestTimeout: Double = 30,
        idleTimeout: Double = 60, serverID: String = "000001",
        fulfilmentDelay: Double = 5, fulfilmentPollInterval: Double = 0.2, expiredCartRetention: Double = 7 * 86_400,
        maintenanceInterval: Double = 60, requestRecordRetention: Double = 86_400, throttling: ThrottlePolicy? = .partnerCenter,
        placementFaults: any PlacementFaults = NoPlacementFaults(), fulfilmentFaults: any FulfilmentFaults = NoFulfilmentFaults(),
        fulfilmentRetry: FulfilmentRetry = FulfilmentRetry(), faultPoints: Bool = false,
        clock: any CommerceClock = TravellingClock(), ids: any IDGenerator = SeedableIDGenerator(), journalEntries: Int = 1_000,
        journalBytes: Int = 8 << 20, tls: TLSFiles? = nil, sandboxLimits: SandboxLimits? = nil
    ) {
        self.sandboxLimits = sandboxLimits
        self.tls = tls
        self.journalEntries = min(max(journalEntries, 0), 100_000)
        self.journalBytes = min(max(journalBytes, 64 * 1024), 1 << 30)
        self.durability = durability
        self.fulfilmentFaults = fulfilmentFaults
        self.fulfilmentRetry = fulfilmentRetry
        self.faultPoints = faultPoints
        self.fulfilmentDelay = fulfilmentDelay
        self.fulfilmentPollInterval = fulfilmentPollInterval
        self.expiredCartRetention = expiredCartRetention
        self.maintenanceInterval = maintenanceInterval
        self.requestRecordRetention = max(requestRecordRetention, 86_400)
        self.throttling = throttling
        self.placementFaults = placementFaults
        self.host = host
        self.port = port
        self.store = store
        self.seedDemoData = seedDemoData
        self.allowDemoCredentials = allowDemoCredentials
        self.maxBodyBytes = maxBodyBytes
        self.requestTimeout = min(max(requestTimeout, 0.05), 3600)
        self.idleTimeout = min(max(idleTimeout, 0.05), 3600)
        self.serverID = serverID
        self.clock = clock
        self.ids = ids
    }
}
