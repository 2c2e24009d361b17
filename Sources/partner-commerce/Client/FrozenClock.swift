import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PartnerCenterClient

/// Whether the server's clock (as the caller's partner sees it) stands still, read from `GET /_admin/health` with
/// the session's token; `nil` when it runs, or when the server does not say (Partner Center itself has no such route).
enum FrozenClock {
    static func check(_ session: ClientSession) async -> String? {
        var request = HTTPClientRequest(url: session.root.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + "/_admin/health")
        if let token = try? await session.credentials.token() { request.headers.add(name: "Authorization", value: "Bearer " + token) }
        guard let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(10)), response.status == .ok,
            let body = try? await response.body.collect(upTo: 64 * 1024),
            let health = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any],
            let clock = health["clock"] as? [String: Any], clock["frozen"] as? Bool == true
        else { return nil }
        return clock["now"] as? String ?? "an instant"
    }
}
