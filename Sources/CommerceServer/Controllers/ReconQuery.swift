import CommerceCore
import Foundation
import Hummingbird

/// The query of a recon listing, read as leniently as the SDKs write it (names and values in any case) and as
/// strictly as the service: `provider=one_time` is refused, as Partner Center refuses it.
struct ReconQuery {
    enum Period: String {
        case current, previous

        /// The month the period names at `now`.
        func month(at now: Date) -> BillingMonth {
            self == .current ? BillingMonth(containing: now) : BillingMonth(containing: now).previous
        }
    }

    var currency: String
    var period: Period
    var size: Int

    /// The unbilled listing's query: the currency is required.
    static func read(_ request: Request) throws -> ReconQuery {
        try checkSelector(provider: request.query("provider"), type: request.query("invoicelineitemtype"))
        guard let currency = request.query("currencycode"), isCurrency(currency) else {
            throw HTTPFault(.invalidInput, "currencycode must be a three-letter currency code such as USD.", data: ["currencycode"])
        }
        guard let period = Period(rawValue: (request.query("period") ?? "current").lowercased()) else {
            throw HTTPFault(.invalidInput, "period must be current or previous.", data: ["period"])
        }
        return ReconQuery(currency: currency.uppercased(), period: period, size: try size(request))
    }

    /// `provider` and `invoicelineitemtype`, from the query or the path form: the one pair served here.
    static func checkSelector(provider: String?, type: String?) throws {
        guard provider?.lowercased() == "onetime" else {
            throw HTTPFault(
                .invalidInput, "provider must be OneTime (written without an underscore), the only provider served here.", data: ["provider"])
        }
        guard type?.lowercased() == "billinglineitems" else {
            throw HTTPFault(.invalidInput, "invoicelineitemtype must be BillingLineItems.", data: ["invoicelineitemtype"])
        }
    }

    static func isCurrency(_ text: String) -> Bool { text.count == 3 && text.allSatisfy { $0.isASCII && $0.isLetter } }

    /// `size` (at most 2,000 a page, the default), and `seekOperation`, which may only be `Next`.
    static func size(_ request: Request) throws -> Int {
        var size = ReconLinesController.maximumPageSize
        if let text = request.query("size") {
            guard let number = Int(text), number > 0 else {
                throw HTTPFault(.invalidProperty, "size must be a positive whole number.", data: ["size"])
            }
            size = min(number, ReconLinesController.maximumPageSize)
        }
        if let seek = request.query("seekOperation"), seek.lowercased() != "next" {
            throw HTTPFault(.invalidInput, "seekOperation must be Next.", data: ["seekOperation"])
        }
        return size
    }

    /// What a continuation token is bound to: the listing, the currency and the month, not the page size.
    func key(month: BillingMonth) -> String {
        "onetime|billinglineitems|" + currency + "|" + month.description
    }

    /// The query as links write it.
    var wire: String {
        "provider=onetime&invoicelineitemtype=billinglineitems&currencycode=" + currency.lowercased() + "&period=" + period.rawValue + "&size="
            + String(size)
    }
}
