import CSQLite
import SQLKit

/// How SQLKit writes SQL for SQLite: the choices SQLiteKit's dialect made, for the system SQLite this store
/// links (3.35 or later for `RETURNING`, 3.24 for upserts; Debian 12 has 3.40).
struct SQLiteSQLDialect: SQLDialect {
    var name: String { "sqlite" }
    var identifierQuote: any SQLExpression { SQLRaw(#"""#) }
    var literalStringQuote: any SQLExpression { SQLRaw("'") }
    /// Numbered placeholders, so SQLKit's binds are positional whatever the order they are written in.
    func bindPlaceholder(at position: Int) -> any SQLExpression { SQLRaw("?\(position)") }
    func literalBoolean(_ value: Bool) -> any SQLExpression { SQLRaw(value ? "TRUE" : "FALSE") }
    var literalDefault: any SQLExpression { SQLLiteral.null }
    var supportsIfExists: Bool { true }
    var supportsDropBehavior: Bool { false }
    var supportsAutoIncrement: Bool { false }
    var autoIncrementClause: any SQLExpression { SQLRaw("AUTOINCREMENT") }
    var enumSyntax: SQLEnumSyntax { .unsupported }
    var alterTableSyntax: SQLAlterTableSyntax { .init(allowsBatch: false) }
    var triggerSyntax: SQLTriggerSyntax { .init(create: [.supportsBody, .supportsCondition, .supportsUpdateColumns], drop: []) }
    var upsertSyntax: SQLUpsertSyntax { sqlite3_libversion_number() >= 3_024_000 ? .standard : .unsupported }
    var supportsReturning: Bool { sqlite3_libversion_number() >= 3_035_000 }
    var unionFeatures: SQLUnionFeatures { [.union, .unionAll, .intersect, .except] }
    /// SQLite has no row locks: `FOR UPDATE` is dropped (its `BEGIN IMMEDIATE` already lets one writer in).
    var exclusiveSelectLockExpression: (any SQLExpression)? { nil }
    var sharedSelectLockExpression: (any SQLExpression)? { nil }

    func nestedSubpathExpression(in column: any SQLExpression, for path: [String]) -> (any SQLExpression)? {
        guard !path.isEmpty else { return nil }
        return SQLFunction("json_extract", args: [column, SQLLiteral.string("$.\(path.joined(separator: "."))")])
    }

    func customDataType(for dataType: SQLDataType) -> (any SQLExpression)? {
        if case .bigint = dataType { return SQLDataType.int }
        return nil
    }
}
