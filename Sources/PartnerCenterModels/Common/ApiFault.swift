/// Partner Center's error body: `{"code": 800002, "description": "…", "data": [], "source": "PartnerFD"}` (spec §7.1).
///
/// `code` is numeric on the wire, as in every real example, though the docs' table calls it a string; both
/// decode.
public struct ApiFault: Codable, Hashable, Sendable, Error {
    public var code: Int
    public var description: String
    public var data: [String]
    public var source: String

    public init(code: Int, description: String, data: [String] = [], source: String = "PartnerFD") {
        self.code = code
        self.description = description
        self.data = data
        self.source = source
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: WireKey.self)
        code = try container.decodeLenientInt(forKey: WireKey("code")) ?? 0
        description = try container.decodeIfPresent(String.self, forKey: WireKey("description")) ?? ""
        data = (try? container.decodeIfPresent([LooseString].self, forKey: WireKey("data")))?.compactMap(\.text) ?? []
        source = try container.decodeIfPresent(String.self, forKey: WireKey("source")) ?? ""
    }
}
