import CommerceStore
import Hummingbird
import Synchronization

/// The `MS-RequestId` record of the request being handled: its key, for the store write that keeps the answer in
/// its own transaction, and whether that happened (otherwise the middleware keeps the answer afterwards). Admin
/// answers are sealed before they are kept (`AnswerSeal`).
final class RequestRecording: Sendable {
    let key: RequestKey
    let seal: AnswerSeal?
    private let kept = Mutex(false)

    init(key: RequestKey, seal: AnswerSeal?) {
        self.key = key
        self.seal = seal
    }

    /// Whether a store write has kept the answer with its own transaction.
    var isKept: Bool { kept.withLock { $0 } }

    /// Called once the store has committed a write together with its answer.
    func markKept() { kept.withLock { $0 = true } }

    /// The answer as the store keeps it.
    func stored(_ answer: StoredResponse) throws -> StoredResponse { try seal?.seal(answer) ?? answer }

    /// The answer as it is sent, from what the store keeps.
    func sent(_ stored: StoredResponse) throws -> StoredResponse { try seal?.open(stored) ?? stored }
}

extension PartnerRequestContext {
    /// How a write answers: the rendered response, kept under the request's `MS-RequestId` (if the client sent
    /// one) in the write's own transaction.
    func answering<Value: Sendable>(_ render: @escaping @Sendable (Value) throws -> StoredResponse) -> Answering<Value> {
        guard let recording else { return Answering(nil, render: render) }
        return Answering(recording.key) { value in try recording.stored(render(value)) }
    }

    /// The response for what a write answered, noting that the store kept it.
    func answer(_ stored: StoredResponse) throws -> Response {
        guard let recording else { return stored.response() }
        recording.markKept()
        return try recording.sent(stored).response()
    }
}
