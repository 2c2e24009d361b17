import CommerceCore
import Foundation
import SQLKit

extension Store {
    enum ColumnKind { case text, integer }

    /// The columns a snapshot carries, table by table, parents first (the order rows are restored in); `true` marks
    /// a column that may be null.
    static let snapshotLayout: [(table: String, key: String, columns: [(name: String, kind: ColumnKind, nullable: Bool)])] = [
        (
            "customers", "id",
            [
                ("id", .text, false), ("partner_id", .text, false), ("domain", .text, false), ("company_name", .text, true),
                ("country", .text, false),
                ("created_at", .text, false), ("body", .text, false), ("agreed_at", .text, true),
            ]
        ),
        (
            "customer_agreements", "id",
            [
                ("id", .text, false), ("partner_id", .text, false), ("customer_id", .text, false), ("template_id", .text, false),
                ("agreement_type", .text, false), ("confirmation_key", .text, false), ("created_at", .text, false), ("body", .text, false),
            ]
        ),
        (
            "carts", "id",
            [
                ("id", .text, false), ("partner_id", .text, false), ("customer_id", .text, false), ("status", .text, false),
                ("created_at", .text, false),
                ("expires_at", .text, false), ("updated_at", .text, false), ("body", .text, false),
            ]
        ),
        (
            "checkouts", "cart_id",
            [
                ("cart_id", .text, false), ("partner_id", .text, false), ("complete", .integer, false), ("result", .text, false),
                ("updated_at", .text, false), ("plan", .text, true),
            ]
        ),
        (
            "orders", "id",
            [
                ("id", .text, false), ("partner_id", .text, false), ("customer_id", .text, false), ("cart_id", .text, true),
                ("order_group", .text, true),
                ("billing_cycle", .text, true), ("status", .text, false), ("customer_user_upn", .text, true), ("created_at", .text, false),
                ("body", .text, false), ("position", .integer, false),
            ]
        ),
        (
            "subscriptions", "id",
            [
                ("id", .text, false), ("partner_id", .text, false), ("customer_id", .text, false), ("order_id", .text, true),
                ("created_at", .text, false),
                ("body", .text, false), ("term_ends_at", .text, true), ("parent_id", .text, true), ("charged_through", .text, true),
                ("next_charge_at", .text, true),
            ]
        ),
        (
            "charge_lines", "id",
            [
                ("id", .text, false), ("partner_id", .text, false), ("customer_id", .text, false), ("subscription_id", .text, false),
                ("charge_type", .text, false), ("currency", .text, false), ("charged_at", .text, false), ("invoice_id", .text, true),
                // Not `line_json`: a kept line's JSON is written into answers as it is, so a restored line is listed from
                // its body (decoded and encoded, as a line charged before the column was) rather than from bytes a
                // snapshot brought.
                ("body", .text, false), ("subtotal", .text, true),
            ]
        ),
        (
            "invoices", "id",
            [
                ("id", .text, false), ("partner_id", .text, false), ("currency", .text, false), ("period", .text, false),
                ("invoice_date", .text, false), ("subtotal", .text, false), ("tax_total", .text, false),
                ("line_count", .integer, false), ("tax_rates", .text, false), ("created_at", .text, false),
            ]
        ),
        (
            "subscription_events", "",
            [
                ("subscription_id", .text, false), ("kind", .text, false), ("at", .text, false), ("partner_id", .text, false),
                ("customer_id", .text, false),
                ("created_at", .text, false),
            ]
        ),
        (
            "fulfilment_jobs", "order_id",
            [
                ("order_id", .text, false), ("partner_id", .text, false), ("customer_id", .text, false), ("country", .text, false),
                ("due_at", .text, false),
                ("state", .text, false), ("attempts", .integer, false), ("updated_at", .text, false), ("lease_until", .text, true),
                ("last_error", .text, true),
            ]
        ),
        (
            "order_counts", "",
            [("partner_id", .text, false), ("customer_id", .text, false), ("billing_cycle", .text, false), ("orders", .integer, false)]
        ),
    ]

    /// Most rows a snapshot may restore, in all: a restore is one transaction.
    public static let maximumSnapshotRows = 200_000

    /// Every commerce row of `partnerID`.
    public func snapshot(partnerID: String) async throws -> StoreSnapshot {
        let now = clock.now()
        return try await engine.withDatabase { db in
            var tables: [String: [[String: SnapshotValue]]] = [:]
            for (table, _, columns) in Self.snapshotLayout {
                let rows = try await db.select().columns(columns.map { SQLColumn($0.name) }).from(table).where("partner_id", .equal, partnerID).all()
                tables[table] = try rows.map { row in
                    var values: [String: SnapshotValue] = [:]
                    for column in columns {
                        if try row.decodeNil(column: column.name) {
                            values[column.name] = .null
                        } else {
                            switch column.kind {
                            case .text: values[column.name] = .text(try row.decode(column: column.name, as: String.self))
                            case .integer: values[column.name] = .integer(try row.decode(column: column.name, as: Int64.self))
                            }
                        }
                    }
                    return values
                }
            }
            return StoreSnapshot(partnerId: partnerID, takenAt: now, tables: tables)
        }
    }

    /// Replaces `partnerID`'s commerce data with the snapshot's, in one transaction: all of it, or nothing. Every row
    /// must belong to that partner, name only known columns with values of their type, and take no id another
    /// partner holds.
    public func restore(_ snapshot: StoreSnapshot, partnerID: String, answering: Answering<StoreSnapshot>) async throws -> StoredResponse {
        guard snapshot.format == StoreSnapshot.currentFormat else { throw StoreError.unusableSnapshot("format \(snapshot.format) is not 1") }
        let unknown = Set(snapshot.tables.keys).subtracting(Self.snapshotLayout.map(\.table))
        guard unknown.isEmpty else { throw StoreError.unusableSnapshot("no table \(unknown.sorted().joined(separator: ", "))") }
        guard snapshot.tables.values.reduce(0, { $0 + $1.count }) <= Self.maximumSnapshotRows else {
            throw StoreError.unusableSnapshot("more than \(Self.maximumSnapshotRows) rows")
        }
        for (table, _, columns) in Self.snapshotLayout {
            var keys = Set<[SnapshotValue]>()
            // The primary key's columns: the first, or for order counts all but the count.
            let keyColumns = table == "order_counts" ? ["partner_id", "customer_id", "billing_cycle"] : [columns[0].name]
            for row in snapshot.tables[table] ?? [] {
                try Self.check(row, of: table, columns: columns, partnerID: partnerID)
                guard keys.insert(keyColumns.map { row[$0] ?? .null }).inserted else {
                    throw StoreError.unusableSnapshot("\(table) holds a row twice")
                }
            }
        }
        try Self.checkReferences(snapshot)
        return try await write(answering: answering, at: clock.now()) { db in
            try await self.empty(.partner(partnerID), in: db)
            for case .text(let domain)? in (snapshot.tables["customers"] ?? []).map({ $0["domain"] }) {
                if try await db.select().column("id").from("customers").where("domain", .equal, domain).first() != nil {
                    throw StoreError.taken(.customerDomain, value: domain)
                }
            }
            for (table, key, columns) in Self.snapshotLayout {
                for row in snapshot.tables[table] ?? [] {
                    if !key.isEmpty, case .text(let id)? = row[key],
                        try await db.select().column(key).from(table).where(SQLColumn(key), .equal, SQLBind(id)).first() != nil
                    {
                        throw StoreError.taken(.recordID, value: id)
                    }
                    let binds: [any SQLExpression] = columns.map { column in
                        switch row[column.name] ?? .null {
                        case .text(let text): SQLBind(text)
                        case .integer(let number): SQLBind(number)
                        case .null: SQLLiteral.null
                        }
                    }
                    try await db.insert(into: table).columns(columns.map(\.name)).values(binds).run()
                }
            }
            return snapshot
        }
    }

    /// Every row names a parent the snapshot holds: a cart's customer, a checkout's cart, an order's customer, a
    /// subscription's customer, a job's order. A restore never leaves a row pointing at nothing.
    private static func checkReferences(_ snapshot: StoreSnapshot) throws {
        func ids(_ table: String, _ column: String) -> Set<SnapshotValue> { Set((snapshot.tables[table] ?? []).compactMap { $0[column] }) }
        let references: [(table: String, column: String, parent: String, key: String)] = [
            ("customer_agreements", "customer_id", "customers", "id"), ("carts", "customer_id", "customers", "id"),
            ("checkouts", "cart_id", "carts", "id"), ("orders", "customer_id", "customers", "id"),
            ("subscriptions", "customer_id", "customers", "id"), ("subscription_events", "subscription_id", "subscriptions", "id"),
            ("charge_lines", "subscription_id", "subscriptions", "id"),
            ("fulfilment_jobs", "order_id", "orders", "id"),
            ("order_counts", "customer_id", "customers", "id"),
        ]
        for reference in references {
            let known = ids(reference.parent, reference.key)
            if let orphan = (snapshot.tables[reference.table] ?? []).first(where: { !known.contains($0[reference.column] ?? .null) }) {
                throw StoreError.unusableSnapshot(
                    "a row of \(reference.table) names \(reference.column) \(orphan[reference.column]?.text ?? "null"), which the snapshot does not hold"
                )
            }
        }
    }

    private static func check(
        _ row: [String: SnapshotValue], of table: String, columns: [(name: String, kind: ColumnKind, nullable: Bool)], partnerID: String
    ) throws {
        let names = Set(columns.map(\.name))
        if let stray = row.keys.first(where: { !names.contains($0) }) { throw StoreError.unusableSnapshot("\(table) has no column \(stray)") }
        guard row["partner_id"] == .text(partnerID) else { throw StoreError.unusableSnapshot("a row of \(table) belongs to another partner") }
        for column in columns {
            switch (row[column.name] ?? .null, column.kind) {
            case (.null, _) where column.nullable: continue
            case (.null, _): throw StoreError.unusableSnapshot("\(table).\(column.name) is missing")
            case (.text(let text), .text):
                guard text.utf8.count <= 4 << 20 else { throw StoreError.unusableSnapshot("\(table).\(column.name) is longer than 4 MiB") }
                if column.name.hasSuffix("_at") || column.name == "lease_until", StoreTime.date(text).map(StoreTime.text) != text {
                    throw StoreError.unusableSnapshot("\(table).\(column.name) is not a stored time")
                }
            case (.integer, .integer): continue
            default: throw StoreError.unusableSnapshot("\(table).\(column.name) has a value of the wrong type")
            }
        }
    }
}
