import SQLKit

extension Store {
    /// Largest page any listing hands out, whatever a caller asks for: no request loads more rows than this.
    public static let maximumPageSize = 500

    /// Runs `query` as one page: rows after `cursor` in (`created_at`[, `position`], `id`) order, at most `limit`
    /// of them, with the total `count` of the unpaged query. Seek paging, so a late page costs what the first does.
    static func page<Item: Sendable>(
        _ query: SQLSelectBuilder, count: SQLSelectBuilder, after cursor: PageCursor?, limit: Int, positioned: Bool,
        decode: (any SQLRow) throws -> Item
    ) async throws -> Page<Item> {
        try await page(
            query,
            total: { try await count.column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").first()?.decode(column: "n", as: Int.self) ?? 0 },
            after: cursor, limit: limit, positioned: positioned, decode: decode
        )
    }

    /// The same, with the total from `total`, which is asked only when the page does not already tell it (a first
    /// page with nothing after it holds everything).
    static func page<Item: Sendable>(
        _ query: SQLSelectBuilder, total: () async throws -> Int, after cursor: PageCursor?, limit: Int, positioned: Bool,
        decode: (any SQLRow) throws -> Item
    ) async throws -> Page<Item> {
        let limit = min(max(limit, 1), maximumPageSize)
        var query = query.column("created_at").column("id")
        if positioned { query = query.column("position") }
        if let cursor {
            query = query.where { group in
                group.where("created_at", .greaterThan, cursor.createdAt).orWhere { same in
                    same.where("created_at", .equal, cursor.createdAt).where { rest in
                        if positioned {
                            rest.where("position", .greaterThan, cursor.position).orWhere { tie in
                                tie.where("position", .equal, cursor.position).where("id", .greaterThan, cursor.id)
                            }
                        } else {
                            rest.where("id", .greaterThan, cursor.id)
                        }
                    }
                }
            }
        }
        query = query.orderBy("created_at")
        if positioned { query = query.orderBy("position") }
        let rows = try await query.orderBy("id").limit(limit + 1).all()
        let shown = rows.prefix(limit)
        var next: PageCursor?
        if rows.count > limit, let last = shown.last {
            next = PageCursor(
                createdAt: try last.decode(column: "created_at", as: String.self),
                position: positioned ? try last.decode(column: "position", as: Int.self) : 0,
                id: try last.decode(column: "id", as: String.self)
            )
        }
        let total = cursor == nil && next == nil ? shown.count : try await total()
        return Page(items: try shown.map(decode), totalCount: total, next: next)
    }
}
