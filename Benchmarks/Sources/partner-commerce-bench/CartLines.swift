import Foundation
import NIOCore

/// The carts the benchmark buys: line items cycling through new-commerce licences and a legacy seat offer, so a
/// cart of three checks out into two orders (one per group), as carts mixing both do in Partner Center.
enum CartLines {
    /// One line per entry, repeated as far as the cart's size needs; every one is valid for a US customer.
    static let items: [(catalogItemId: String, billingCycle: String, termDuration: String?)] = [
        ("CFQ7TTC0LFLZ:0002:CFQ7TTC0K4TS", "monthly", "P1M"),
        ("CFQ7TTC0LH0Z:0001:CFQ7TTC0K18P", "monthly", "P1Y"),
        ("91FD106F-4B2C-4938-95AC-F54F74E9A239", "monthly", nil),
    ]

    /// The JSON body of a cart with `count` line items.
    static func body(count: Int) -> String {
        let lines = (0..<count).map { index -> String in
            let item = items[index % items.count]
            let term = item.termDuration.map { #","termDuration":"\#($0)""# } ?? ""
            return
                #"{"id":\#(index),"catalogItemId":"\#(item.catalogItemId)","quantity":\#(1 + index % 5),"billingCycle":"\#(item.billingCycle)"\#(term)}"#
        }
        return #"{"lineItems":[\#(lines.joined(separator: ","))]}"#
    }

    static func buffer(count: Int) -> ByteBuffer { ByteBuffer(string: body(count: count)) }
}
