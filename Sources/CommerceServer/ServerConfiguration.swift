import CommerceCore
import CommerceStore

/// Everything `serve` can be told, read once (flags → environment → defaults) and passed to the server.
public struct ServerConfiguration: Sendable {
    public var host: String
    /// 0 asks the system for a free port; the printed line says which one was taken.
    public var port: Int
    /// Where the data lives.
    public var store: StoreLocation
    /// Seed the demo partner's customer (and, with carts, its cart) on a new store.
    public var seedDemoData: Bool
    /// Largest request body accepted, in bytes; larger ones get 413.
    public var maxBodyBytes: Int
    /// The value of the `MS-ServerId` response header.
    public var serverID: String
    /// Lifetime of tokens the `token` command mints, in seconds.
    public var tokenLifetime: Double
    public var clock: any CommerceClock
    public var ids: any IDGenerator

    public init(
        host: String = "127.0.0.1", port: Int = 8080, store: StoreLocation = .sqlite(directory: ".partner-commerce"),
        seedDemoData: Bool = true, maxBodyBytes: Int = 1 << 20, serverID: String = "000001", tokenLifetime: Double = 3600,
        clock: any CommerceClock = SystemClock(), ids: any IDGenerator = RandomIDGenerator()
    ) {
        self.host = host
        self.port = port
        self.store = store
        self.seedDemoData = seedDemoData
        self.maxBodyBytes = maxBodyBytes
        self.serverID = serverID
        self.tokenLifetime = tokenLifetime
        self.clock = clock
        self.ids = ids
    }
}
