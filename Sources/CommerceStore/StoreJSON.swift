import Foundation
import PartnerCenterModels

/// How resources are kept in `body` columns: the canonical wire JSON, so what is read back is what was sent.
enum StoreJSON {
    static func encode(_ value: some Encodable) throws -> String {
        try PartnerCenterJSON.encodeText(value)
    }

    /// Bodies are the canonical JSON this store wrote, so they are read with the models' own keys.
    static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        try PartnerCenterJSON.decodeStored(type, from: Data(text.utf8))
    }
}
