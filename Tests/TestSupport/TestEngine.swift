import CommerceStore
import Foundation
import Testing

/// The store engines the suites run on: SQLite always, PostgreSQL too when `DATABASE_URL` is set
/// (`.ci/run` starts a throwaway cluster and sets it).
public enum TestEngine: String, Sendable, CaseIterable, CustomTestStringConvertible {
    case sqlite, postgres

    /// The PostgreSQL database the PostgreSQL cases use, if any.
    public static let databaseURL: String? = ProcessInfo.processInfo.environment["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }

    /// The engines available here; parameterized tests run once per engine.
    public static var all: [TestEngine] { databaseURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    public var testDescription: String { rawValue }

    /// Where a test's store lives. `folder` names it: a SQLite file in that folder, or a PostgreSQL schema
    /// derived from the folder's name — so a test that restarts a server on the same folder finds its data.
    public func location(folder: String) -> StoreLocation {
        switch self {
        case .sqlite:
            return .sqlite(directory: folder)
        case .postgres:
            let name = URL(fileURLWithPath: folder).lastPathComponent.lowercased()
            let schema = "t_" + String(name.map { $0.isLetter || $0.isNumber ? $0 : "_" }).suffix(40)
            return .postgres(url: Self.databaseURL ?? "", poolSize: 8, schema: schema)
        }
    }
}

/// A fresh temporary folder path (not yet created) that names one test's data.
public func temporaryDataFolder(_ prefix: String = "pc") -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
}

/// A fresh temporary folder path (not yet created) for one test's data, for tests that restart a server or a
/// `serve` process on the same data.
public func temporaryFolder() -> String { temporaryDataFolder("pc-test") }
