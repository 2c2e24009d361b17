import Foundation
import PartnerCenterModels

/// How resources are kept in `body` columns: the canonical wire JSON, so what is read back is what was sent.
enum StoreJSON {
    static func encode(_ value: some Encodable) throws -> String {
        String(decoding: try PartnerCenterJSON.makeEncoder().encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        try PartnerCenterJSON.makeDecoder().decode(type, from: Data(text.utf8))
    }
}
