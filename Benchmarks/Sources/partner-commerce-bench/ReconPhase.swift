import CommerceCore
import CommerceServer
import CommerceStore
import Foundation
import NIOCore
import NIOHTTP1

/// The billing benchmark (issue 28): the demo partner's unbilled lines brought to `lines` (copies of one purchase's
/// charge, straight into the store), listed over HTTP page by page by seek token as a reconciling client reads them,
/// then closed into an invoice as the server closes a month (`POST /_admin/billing/close` runs the same store call).
struct ReconPhase {
    let client: BenchClient
    let location: StoreLocation
    let lines: Int

    func run() async throws -> [String] {
        let store = try await Store.open(location)
        do {
            let result = try await measure(store)
            await store.close()
            return result
        } catch {
            await store.close()
            throw error
        }
    }

    private func measure(_ store: Store) async throws -> [String] {
        let partner = DemoData.partner.tenantID
        // The purchases' subscriptions are charged when fulfilment makes them.
        var first: (id: String, count: Int)?
        for _ in 0..<600 {
            first = try await store.unbilledChargeForLoadTest(partnerID: partner)
            if first != nil { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        guard let (chargeID, existing) = first else { throw BenchError.failed("no charge line appeared within 30 s") }
        let copies = max(0, lines - existing)
        let adding = ContinuousClock.now
        try await store.addChargeCopiesForLoadTest(of: chargeID, copies: copies)
        var out = ["recon: \(copies) lines added in \(adding.duration(to: ContinuousClock.now))"]

        let query = "/v1/invoices/unbilled/lineitems?provider=onetime&invoicelineitemtype=billinglineitems&currencycode=usd&period=current&size=2000"
        // Each page's token is read and its lines counted without decoding them: the figure is the server's, and a
        // full parse of 2,000 lines on the same two cores would be most of the time.
        var next: (path: String, headers: [(String, String)])? = (query, [])
        var listed = 0
        var pages = 0
        let listing = ContinuousClock.now
        while let page = next {
            let answer = await client.send(.GET, page.path, headers: page.headers)
            guard answer.status == 200 else { throw BenchError.unexpected("unbilled lines", answer.status) }
            let bytes = answer.body.readableBytesView
            listed += Self.count(Array(#""objectType":"OneTimeInvoiceLineItem""#.utf8), in: bytes)
            pages += 1
            next = Self.token(in: bytes).map { (query + "&seekOperation=Next", [("MS-ContinuationToken", $0)]) }
        }
        let listSeconds = Self.seconds(listing.duration(to: ContinuousClock.now))
        out.append(String(format: "recon list  %d lines in %d pages, %.2f s: %.0f lines/s", listed, pages, listSeconds, Double(listed) / listSeconds))

        let closing = ContinuousClock.now
        let now = Date()
        let invoices = try await store.closeBillingPeriod(BillingMonth(containing: now), partnerID: partner, at: now, taxRates: [:])
        let closeSeconds = Self.seconds(closing.duration(to: ContinuousClock.now))
        let closed = invoices.reduce(0) { $0 + $1.lineCount }
        out.append(String(format: "recon close %d lines into %d invoice(s), %.2f s", closed, invoices.count, closeSeconds))
        out.append(
            String(format: "recon_lines=%d recon_list_lines_per_s=%.0f recon_close_s=%.2f", listed, Double(listed) / listSeconds, closeSeconds))
        return out
    }

    /// How many times `needle` occurs in `bytes`.
    static func count(_ needle: [UInt8], in bytes: ByteBufferView) -> Int {
        var found = 0
        var index = bytes.startIndex
        let first = needle[0]
        while let start = bytes[index...].firstIndex(of: first) {
            if bytes[start...].starts(with: needle) {
                found += 1
                index = bytes.index(start, offsetBy: needle.count)
            } else {
                index = bytes.index(after: start)
            }
        }
        return found
    }

    /// The page's `continuationToken`, which comes before its items (keys are in order); nil on the last page.
    static func token(in bytes: ByteBufferView) -> String? {
        let key = Array(#""continuationToken":""#.utf8)
        let head = bytes.prefix(4_096)
        guard let start = head.indices.first(where: { head[$0...].starts(with: key) }) else { return nil }
        let value = head[head.index(start, offsetBy: key.count)...]
        guard let end = value.firstIndex(of: UInt8(ascii: "\"")) else { return nil }
        return String(decoding: value[..<end], as: UTF8.self)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
