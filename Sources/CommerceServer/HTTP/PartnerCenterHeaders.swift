import HTTPTypes
import Hummingbird

/// The Partner Center header names (spec §6), public so tests and tools use the same spellings.
extension HTTPField.Name {
    public static let msRequestID = Self("MS-RequestId")!
    public static let msCorrelationID = Self("MS-CorrelationId")!
    public static let msCV = Self("MS-CV")!
    public static let msServerID = Self("MS-ServerId")!
    public static let xLocale = Self("X-Locale")!
    public static let msContinuationToken = Self("MS-ContinuationToken")!
    /// Names the customer user who receives the licences of a checkout (.NET SDK `Checkout(customerUserUpn)`).
    public static let customerUserUPN = Self("x-ms-customeruser-upn")!
    /// Marks a response replayed from an earlier request with the same `MS-RequestId`.
    public static let idempotentReplay = Self("MS-Idempotent-Replay")!
}
