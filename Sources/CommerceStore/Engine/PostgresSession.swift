import Logging
import NIOCore
import PostgresKit
import PostgresNIO
import SQLKit

/// One pooled PostgreSQL connection as the store sees it: PostgresKit's `SQLDatabase` for queries built with
/// SQLKit, and the store's hot statements as named prepared statements of this connection (postgres-nio prepares
/// each once per connection, on its first use, and only binds and executes it afterwards).
struct PostgresSession: StoreDatabase {
    let connection: PostgresConnection
    private let sql: any SQLDatabase

    init(connection: PostgresConnection) {
        self.connection = connection
        sql = connection.sql(queryLogLevel: nil)
    }

    var logger: Logger { connection.logger }
    var eventLoop: any EventLoop { connection.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { sql.version }
    var dialect: any SQLDialect { sql.dialect }
    var queryLogLevel: Logger.Level? { nil }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        sql.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try await sql.execute(sql: query, onRow)
    }

    func rows<Statement: HotStatement>(_ statement: Statement.Type, _ binds: [DatabaseValue]) async throws -> [DatabaseRow] {
        var rows: [DatabaseRow] = []
        for try await row in try await connection.execute(PostgresHotStatement<Statement>(binds: binds), logger: logger) {
            rows.append(row)
        }
        return rows
    }

    /// Without postgres-nio's row stream: for a statement without rows it hands back only the command tag.
    func run<Statement: HotStatement>(_ statement: Statement.Type, _ binds: [DatabaseValue]) async throws {
        guard Statement.givesNoRows else {
            _ = try await rows(statement, binds)
            return
        }
        _ = try await connection.execute(PostgresRowlessStatement<Statement>(binds: binds), logger: logger)
    }
}

/// A hot statement as postgres-nio's prepared statement: named after its text, and every row read into
/// `DatabaseValue`s.
///
/// postgres-nio prepares a statement once per connection and remembers the outcome: a preparation that failed is
/// never tried again on that connection. Preparing fails only when the transaction around it is already aborted,
/// and the store never runs a statement after one of its transaction failed (it rolls back).
struct PostgresHotStatement<Statement: HotStatement>: PostgresPreparedStatement {
    typealias Row = DatabaseRow
    static var sql: String { Statement.sql }

    /// `pc_` and a 64-bit FNV-1a hash of the text. The default name (the type's) is longer than PostgreSQL's 63
    /// bytes of identifier, and every one cut short the same way named them all alike; the same text may share
    /// a name, another text never does in practice.
    static var name: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in Statement.sql.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return "pc_" + String(repeating: "0", count: 16 - digits.count) + digits
    }

    let binds: [DatabaseValue]

    func makeBindings() throws -> PostgresBindings { PostgresHotStatement.bindings(binds) }

    static func bindings(_ binds: [DatabaseValue]) -> PostgresBindings {
        var bindings = PostgresBindings(capacity: binds.count)
        for value in binds {
            switch value {
            case .null: bindings.appendNull()
            case .integer(let number): bindings.append(number)
            case .real(let number): bindings.append(number)
            case .text(let text): bindings.append(text)
            case .blob(let bytes): bindings.append(ByteBuffer(bytes: bytes))
            }
        }
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> DatabaseRow {
        var values: [DatabaseValue] = []
        values.reserveCapacity(row.count)
        for cell in row {
            guard cell.bytes != nil else {
                values.append(.null)
                continue
            }
            switch cell.dataType {
            case .int8, .int4, .int2: values.append(.integer(try cell.decode(Int64.self)))
            case .float8, .float4: values.append(.real(try cell.decode(Double.self)))
            case .bool: values.append(.integer(try cell.decode(Bool.self) ? 1 : 0))
            case .bytea: values.append(.blob(Array((try cell.decode(ByteBuffer.self)).readableBytesView)))
            default: values.append(.text(try cell.decode(String.self)))
            }
        }
        return DatabaseRow(values: values)
    }
}

/// The same statement run for no rows (`StoreDatabase.run`): a name of its own (postgres-nio keeps one description
/// per name), the same text and binds.
struct PostgresRowlessStatement<Statement: HotStatement>: PostgresPreparedStatement {
    typealias Row = ()
    static var sql: String { Statement.sql }
    static var name: String { PostgresHotStatement<Statement>.name + "_n" }

    let binds: [DatabaseValue]

    func makeBindings() throws -> PostgresBindings { PostgresHotStatement<Statement>.bindings(binds) }
    func decodeRow(_ row: PostgresRow) throws {}
}
