import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import ServiceLifecycle
import Synchronization
import Testing

/// A webhook receiver for tests: a real HTTP server on loopback that keeps every POST to `/hook` it gets.
final class WebhookReceiver: Sendable {
    struct Delivery: Sendable {
        var headers: HTTPFields
        var body: Data

        var eventID: String? { headers[HTTPField.Name("x-ms-event-id")!] }
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    }

    private let received = Mutex<[Delivery]>([])

    var deliveries: [Delivery] { received.withLock { $0 } }

    /// Runs the receiver on `port` of 127.0.0.1 (0: any free one) while `body` runs; `body` gets the port.
    func serve(port: Int = 0, _ body: @Sendable (Int) async throws -> Void) async throws {
        let router = Router()
        router.post("hook") { request, _ -> HTTPResponse.Status in
            let bytes = try await request.body.collect(upTo: 1 << 20)
            self.received.withLock { $0.append(Delivery(headers: request.headers, body: Data(bytes.readableBytesView))) }
            return .ok
        }
        let (bound, announce) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
            onServerRunning: { channel in announce.yield(channel.localAddress?.port ?? port) }
        )
        let services = ServiceGroup(configuration: .init(services: [app], logger: app.logger))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            var ports = bound.makeAsyncIterator()
            guard let listening = await ports.next() else { return }
            do {
                try await body(listening)
            } catch {
                await services.triggerGracefulShutdown()
                throw error
            }
            await services.triggerGracefulShutdown()
            try await group.waitForAll()
        }
    }
}
