import CommerceCore
import CommerceStore
import Crypto
import Foundation

/// Seals the answers the admin API keeps for replay: they can carry a client secret or a password made up by the
/// server, which the store must never hold in clear. The key is derived (HKDF-SHA256) from the admin key the
/// request presented and its `MS-RequestId`, so only a retry by the holder of that admin key can open it.
struct AnswerSeal: Sendable {
    private let key: SymmetricKey
    static let prefix = "sealed:v1:"

    init(adminKey: String, requestID: String) {
        key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: Data(adminKey.utf8)), salt: Data(requestID.utf8), info: Data("partner-commerce answer".utf8),
            outputByteCount: 32
        )
    }

    /// The answer with its body encrypted (AES-GCM, which also authenticates it).
    func seal(_ answer: StoredResponse) throws -> StoredResponse {
        var sealed = answer
        guard let combined = try AES.GCM.seal(Data(answer.body.utf8), using: key).combined else { throw Unopenable() }
        sealed.body = Self.prefix + Base64URL.encode(combined)
        return sealed
    }

    /// The answer with its body decrypted; throws when it was sealed under another admin key.
    func open(_ answer: StoredResponse) throws -> StoredResponse {
        guard answer.body.hasPrefix(Self.prefix) else { return answer }
        guard let combined = Base64URL.decode(String(answer.body.dropFirst(Self.prefix.count))),
            let box = try? AES.GCM.SealedBox(combined: combined), let body = try? AES.GCM.open(box, using: key)
        else { throw Unopenable() }
        var opened = answer
        opened.body = String(decoding: body, as: UTF8.self)
        return opened
    }

    /// A kept answer this request cannot open: it was sealed under another admin key.
    struct Unopenable: Error {}
}
