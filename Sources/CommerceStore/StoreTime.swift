import Foundation
import PartnerCenterModels

/// How the store writes instants: Partner Center's fixed-width ISO 8601, which sorts in time order.
enum StoreTime {
    static func text(_ date: Date) -> String { WireDate.format(date) }
    static func date(_ text: String) -> Date? { WireDate.parse(text) }
}
