/// Where the API and its token authority live: one of Microsoft's clouds, or any server of this API (ours).
public struct PartnerCenterEnvironment: Sendable, Hashable {
    /// The REST root, without `/v1`.
    public var apiRoot: String
    /// The Entra (or Entra-shaped) authority whose `/{tenant}/oauth2/v2.0/token` issues tokens.
    public var authority: String

    public init(apiRoot: String, authority: String) {
        self.apiRoot = Self.trimmed(apiRoot)
        self.authority = Self.trimmed(authority)
    }

    /// Partner Center, global cloud.
    public static let global = Self(apiRoot: "https://api.partnercenter.microsoft.com", authority: "https://login.microsoftonline.com")
    /// Partner Center operated by 21Vianet (China).
    public static let chinaOperatedBy21Vianet = Self(
        apiRoot: "https://partner.partnercenterapi.microsoftonline.cn", authority: "https://login.chinacloudapi.cn"
    )
    /// Partner Center for Microsoft Cloud for US Government: the global API root, the US Government authority.
    public static let usGovernment = Self(apiRoot: "https://api.partnercenter.microsoft.com", authority: "https://login.microsoftonline.us")
    /// Partner Center for Microsoft Cloud Germany. Microsoft has retired this cloud; it stays selectable for
    /// code that still names it, but no live service answers there any more.
    public static let germany = Self(apiRoot: "https://api.partnercenter.microsoft.com", authority: "https://login.microsoftonline.de")

    /// A server of this API at `baseURL`, such as `partner-commerce serve`, which also issues its own tokens.
    public static func server(_ baseURL: String) -> Self { Self(apiRoot: baseURL, authority: baseURL) }

    /// The environments by the names the CLI and configuration files use.
    public static let named: [String: Self] = [
        "global": .global, "china": .chinaOperatedBy21Vianet, "usgovernment": .usGovernment, "germany": .germany,
    ]

    static func trimmed(_ url: String) -> String {
        var url = url
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}
