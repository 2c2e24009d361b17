/// Why a delivery failed, as the partner sees it in the registration's `lastError`: a class, never the socket
/// error's text. The text would let a partner tell a closed port from an open one or from a TLS server, which
/// turns each event into a probe of the server's network; the operator's log keeps the detail.
enum WebhookDeliveryFailure: Sendable, Equatable {
    /// The destination policy refused every address of the receiver.
    case refusedByPolicy
    /// No usable answer: the name did not resolve, nothing answered, the connection or TLS failed, time ran out.
    case noAnswer
    /// The receiver answered with a status outside 2xx.
    case status(Int)
    /// The registration is gone.
    case removed

    /// The partner-visible sentence.
    var lastError: String {
        switch self {
        case .refusedByPolicy: "not delivered: refused by this server's destination policy"
        case .noAnswer: "not delivered: no answer from the receiver"
        // Joined, not interpolated: a fixed English record, not a sentence for translation.
        case .status(let code): "not delivered: the receiver answered HTTP " + String(code)
        case .removed: "not delivered: the webhook registration was removed"
        }
    }
}
