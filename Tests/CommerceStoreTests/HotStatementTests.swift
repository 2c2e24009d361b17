import Foundation
import TestSupport
import Testing

@testable import CommerceStore

/// The pieces under the store's hot paths (issue 21): statements written once for both engines, the kept answers'
/// headers written and read without Foundation, and values that go through both engines unchanged.
@Suite struct HotStatementTests {
    enum Reordered: HotStatement {
        static let sql = "SELECT $2 || $1 AS joined, $10 FROM t WHERE a = $1 FOR UPDATE"
    }

    @Test func sqliteGetsNumberedPlaceholdersAndNoRowLocks() {
        #expect(Reordered.sqliteSQL == "SELECT ?2 || ?1 AS joined, ?10 FROM t WHERE a = ?1")
    }

    /// Every statement gets a name of its own that fits PostgreSQL's 63 bytes: the type's own name did not, and
    /// every one cut short alike collided on a connection ("prepared statement … already exists").
    @Test func preparedStatementNamesAreShortAndFollowTheText() {
        enum Other: HotStatement { static let sql = "SELECT 1" }
        enum Same: HotStatement { static let sql = "SELECT 1" }
        let names = [PostgresHotStatement<Reordered>.name, PostgresHotStatement<Other>.name]
        #expect(names.allSatisfy { $0.utf8.count <= 63 && $0.hasPrefix("pc_") })
        #expect(Set(names).count == 2)
        #expect(PostgresHotStatement<Same>.name == PostgresHotStatement<Other>.name, "the same text is the same statement")
    }

    /// The bytes are the ones `JSONEncoder()` wrote for the same headers before, so kept answers read the same
    /// whichever build wrote them.
    @Test(arguments: [
        [["Location", "/v1/customers/d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d/carts/1"], ["Content-Type", "application/json; charset=utf-8"]],
        [],
        [[]],
        [["Quote\"and\\backslash", "tab\tnewline\nreturn\rcontrol\u{01}\u{1F}"], ["é ü 漢字 🙂", ""]],
    ])
    func headersAreWrittenAsJSONEncoderWroteThem(_ headers: [[String]]) throws {
        let foundation = String(decoding: try JSONEncoder().encode(headers), as: UTF8.self)
        #expect(StoredHeaders.encode(headers) == foundation)
        #expect(try StoredHeaders.decode(foundation) == headers)
        let pretty = String(decoding: try JSONSerialization.data(withJSONObject: headers, options: [.prettyPrinted]), as: UTF8.self)
        #expect(try StoredHeaders.decode(pretty) == headers, "blanks where JSON allows them")
    }

    @Test func headersThatAreNotJSONAreRefused() {
        for text in ["", "[", "[[\"a\"]", "{\"a\":1}", "[[1]]", "[[\"a\"]] x"] {
            #expect(throws: (any Error).self, "\(text)") { try StoredHeaders.decode(text) }
        }
    }

    /// Values bound and read back through each engine's hot path come back as they were.
    @Test(arguments: TestEngine.all) func valuesRoundTripThroughBothEngines(_ engine: TestEngine) async throws {
        enum Save: HotStatement { static let sql = "INSERT INTO store_settings (name, value) VALUES ($1, $2)" }
        enum Load: HotStatement { static let sql = "SELECT value, CAST($2 AS BIGINT), $3 FROM store_settings WHERE name = $1" }
        try await withTemporaryStore(engine) { store, _ in
            let texts = ["", "plain", "quote ' and \" and \\", "é 漢字 🙂", String(repeating: "x", count: 100_000)]
            for (index, text) in texts.enumerated() {
                try await store.engine.withTransaction { db in try await db.run(Save.self, [.text("hot-\(index)"), .text(text)]) }
                let row = try await store.engine.withDatabase { db in
                    try await db.first(Load.self, [.text("hot-\(index)"), .integer(Int64(index) - 2), .null])
                }
                #expect(try row?.text(0) == text)
                #expect(try row?.integer(1) == index - 2)
                #expect(try row?.optionalText(2) == nil)
            }
        }
    }
}
