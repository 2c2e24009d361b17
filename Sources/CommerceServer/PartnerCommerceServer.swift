import CommerceCore
import CommerceStore
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
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

    /// Opens the store and readies it for serving.
    public static func prepare(_ configuration: ServerConfiguration, logger: Logger = Logger(label: "partner-commerce")) async throws -> Self {
        let store = try await Store.open(configuration.store, logger: logger)
        do {
            try await DemoData.ensureDefaults(in: store, clock: configuration.clock)
            if configuration.seedDemoData {
                try await DemoData.seed(in: store, clock: configuration.clock)
            }
            let tokens = try await TokenService.load(store: store, clock: configuration.clock)
            let adminKey = try await AdminKey.ensure(in: store)
            return Self(configuration: configuration, store: store, tokens: tokens, catalog: CatalogCache(store: store), newAdminKey: adminKey)
        } catch {
            await store.close()
            throw error
        }
    }

    /// Every route and middleware of the API. `answerWrongMethods` adds the 405 responders; the OpenAPI
    /// coverage test turns it off to see only the routes we serve.
    public func makeRouter(answerWrongMethods: Bool = true) -> Router<PartnerRequestContext> {
        let router = Router(context: PartnerRequestContext.self, options: [.caseInsensitive])
        // Order matters: headers outermost so even faults carry MS-RequestId; faults next so nothing escapes.
        router.add(middleware: PartnerCenterHeadersMiddleware(serverID: configuration.serverID))
        router.add(middleware: FaultMiddleware())
        HealthController(store: store).addRoutes(to: router)
        let directory = PartnerDirectory(store: store, clock: configuration.clock, ids: configuration.ids)
        AdminController(store: store, directory: directory, tokens: tokens, clock: configuration.clock, maxBodyBytes: configuration.maxBodyBytes)
            .addRoutes(to: router)
        OAuthController(issuer: TokenIssuer(store: store, tokens: tokens, clock: configuration.clock), tokens: tokens, clock: configuration.clock)
            .addRoutes(to: router)

        let v1 = router.group("v1").add(middleware: AuthenticationMiddleware(tokens: tokens))
        if let policy = configuration.throttling {
            // Before idempotency: a refused call must not claim its MS-RequestId.
            v1.add(middleware: ThrottlingMiddleware(policy: policy, buckets: ThrottleBuckets(clock: configuration.clock)))
        }
        v1.add(middleware: IdempotencyMiddleware(store: store, clock: configuration.clock, maxBodyBytes: configuration.maxBodyBytes))
        CustomersController(store: store, clock: configuration.clock, ids: configuration.ids, maxBodyBytes: configuration.maxBodyBytes)
            .addRoutes(to: v1)
        CatalogController(catalog: catalog).addRoutes(to: v1)
        CartsController(store: store, catalog: catalog, configuration: configuration).addRoutes(to: v1)
        OrdersController(store: store).addRoutes(to: v1)
        SubscriptionsController(store: store).addRoutes(to: v1)
        ProfilesController(store: store).addRoutes(to: v1)

        if answerWrongMethods { router.addMethodNotAllowedResponders() }
        return router
    }

    /// The HTTP application. `onListening` is told the address once the socket is bound.
    public func makeApplication(
        logger: Logger = Logger(label: "partner-commerce"), onListening: @escaping @Sendable (String, Int) async -> Void = { _, _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: makeRouter(),
            server: .http1(configuration: .init(httpDecoderConfiguration: Self.headerLimits)),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "PartnerCommerce"),
            services: [StoreCloser(store: store), fulfilmentWorker(logger: logger), maintenance(logger: logger)],
            onServerRunning: { channel in
                await onListening(configuration.host, channel.localAddress?.port ?? configuration.port)
            },
            logger: logger
        )
    }
}

extension PartnerCommerceServer {
    /// Bounds on request headers, tighter than NIO's 80 KiB defaults: one field up to 16 KiB (an Entra token is a
    /// few KiB; ours are refused past 8 KiB anyway), 64 KiB and 100 fields in all. Past them the connection gets
    /// a 400 from NIO's HTTP parser, before any of our code runs.
    static let headerLimits = HTTP1Channel.Configuration.DecoderConfiguration(
        maxHeaderFieldSize: 16 * 1024, maxHeaderListSize: 64 * 1024, maxHeaderFieldCount: 100
    )

    /// The background worker that completes pending orders.
    func fulfilmentWorker(logger: Logger) -> FulfilmentWorker {
        FulfilmentWorker(
            store: store, catalog: catalog, clock: configuration.clock, ids: configuration.ids,
            pollInterval: configuration.fulfilmentPollInterval, logger: logger
        )
    }

    /// The background clean-up of expired carts and old request records.
    func maintenance(logger: Logger) -> MaintenanceService {
        MaintenanceService(
            store: store, tokens: tokens, clock: configuration.clock, expiredCartRetention: configuration.expiredCartRetention,
            requestRecordRetention: configuration.requestRecordRetention, interval: configuration.maintenanceInterval, logger: logger
        )
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
