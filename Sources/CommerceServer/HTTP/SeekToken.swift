import CommerceCore
import CommerceStore
import Crypto
import Foundation
import Synchronization

/// Continuation tokens for the recon listings' seek paging: where the next page starts, bound to the partner and
/// the query that made it, and signed, so a token edited, forged or carried to another partner or query is refused
/// rather than read. The key is made once per store, so every node reads every node's tokens.
final class SeekTokens: Sendable {
    private let store: Store
    private let key = Mutex<SymmetricKey?>(nil)
    static let settingName = "recon-token-key"

    init(store: Store) {
        self.store = store
    }

    /// A token for the page after the row (`chargedAt`, `id`).
    func make(partner: String, query: String, chargedAt: String, id: String) async throws -> String {
        let payload = Data([chargedAt, id].joined(separator: "\n").utf8)
        let mac = HMAC<SHA256>.authenticationCode(for: Self.signed(partner, query, payload), using: try await currentKey())
        return Base64URL.encode(payload) + "." + Base64URL.encode(Data(mac))
    }

    /// The row a token names, or nil when it is not one this store made for this partner and query.
    func read(_ token: String, partner: String, query: String) async throws -> (chargedAt: String, id: String)? {
        guard token.utf8.count <= 1024 else { return nil }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let payload = Base64URL.decode(String(parts[0])), let mac = Base64URL.decode(String(parts[1])) else { return nil }
        guard HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Self.signed(partner, query, payload), using: try await currentKey()) else {
            return nil
        }
        let fields = String(decoding: payload, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Signed by this store, so well formed; the check only keeps a broken key from reading nonsense.
        guard fields.count == 2, (1...40).contains(fields[0].count), !fields[1].isEmpty else { return nil }
        return (fields[0], fields[1])
    }

    private static func signed(_ partner: String, _ query: String, _ payload: Data) -> Data {
        Data((partner.lowercased() + "\n" + query + "\n").utf8) + payload
    }

    private func currentKey() async throws -> SymmetricKey {
        if let known = key.withLock({ $0 }) { return known }
        let proposed = Base64URL.encode(SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })
        let settled = try await store.settleOnce(Self.settingName, proposing: proposed)
        guard let bytes = Base64URL.decode(settled) else { throw HTTPFault(.unexpected, "The store's continuation token key cannot be read.") }
        let made = SymmetricKey(data: bytes)
        key.withLock { $0 = made }
        return made
    }
}
