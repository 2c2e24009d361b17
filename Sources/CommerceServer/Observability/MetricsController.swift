import CommerceStore
import Foundation
import Hummingbird

/// `GET /metrics`: Prometheus text. Open like `/_admin/health`: it holds counts only, nothing of any partner's data.
struct MetricsController {
    let metrics: ServerMetrics
    let store: Store
    let journal: RequestJournal?
    let connections: ConnectionTable?

    func addRoutes(to router: Router<PartnerRequestContext>) {
        router.get("/metrics") { _, _ in
            let text = try await metrics.exposition(store: store, journal: journal, openConnections: connections?.count)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text))
            )
        }
    }
}
