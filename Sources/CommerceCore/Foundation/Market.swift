/// A country we sell in and the currency its customers pay in (spec §2.6: the billing country is the market).
public struct Market: Sendable, Hashable {
    /// ISO 3166 two-letter code, upper-case.
    public let country: String
    public let currencyCode: String
    public let currencySymbol: String

    /// The market of a country code in any case; `nil` if we do not sell there.
    public static func named(_ country: String) -> Market? {
        all[country.uppercased()]
    }

    /// The symbol of a currency some market pays in; the code itself for any other.
    public static func symbol(ofCurrency code: String) -> String {
        all.values.first { $0.currencyCode == code.uppercased() }?.currencySymbol ?? code.uppercased()
    }

    /// Every market the default catalog is sold in.
    public static let all: [String: Market] = {
        var markets: [String: Market] = [:]
        func add(_ currency: String, _ symbol: String, _ countries: String) {
            for country in countries.split(separator: " ") {
                markets[String(country)] = Market(country: String(country), currencyCode: currency, currencySymbol: symbol)
            }
        }
        add("USD", "$", "US PR")
        add("CAD", "$", "CA")
        add("GBP", "£", "GB")
        add("EUR", "€", "AT BE CY DE EE ES FI FR GR IE IT LT LU LV MT NL PT SI SK")
        add("CHF", "CHF", "CH LI")
        add("SEK", "kr", "SE")
        add("NOK", "kr", "NO")
        add("DKK", "kr", "DK")
        add("PLN", "zł", "PL")
        add("JPY", "¥", "JP")
        add("TWD", "NT$", "TW")
        add("KRW", "₩", "KR")
        add("AUD", "$", "AU")
        add("NZD", "$", "NZ")
        add("INR", "₹", "IN")
        add("BRL", "R$", "BR")
        add("MXN", "$", "MX")
        add("ZAR", "R", "ZA")
        add("SGD", "$", "SG")
        add("HKD", "HK$", "HK")
        return markets
    }()
}
