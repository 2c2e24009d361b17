import HTTPTypes
import Hummingbird

/// The Partner Center header names (spec §6).
extension HTTPField.Name {
    static let msRequestID = Self("MS-RequestId")!
    static let msCorrelationID = Self("MS-CorrelationId")!
    static let msCV = Self("MS-CV")!
    static let msServerID = Self("MS-ServerId")!
    static let xLocale = Self("X-Locale")!
    static let msContinuationToken = Self("MS-ContinuationToken")!
}
