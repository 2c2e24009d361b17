// swift-tools-version:6.1
// The SQLite driver comparison (BENCHMARKS.md, "Choosing the SQLite layer"): the store's own connection layer
// against GRDB and SQLiteNIO on the store's kind of statements. A package of its own so that GRDB and SQLiteNIO,
// which only this measurement uses, stay out of the product and of CI.
// Run from the project root: swift run -c release --package-path Benchmarks/SQLiteDrivers
import PackageDescription

let package = Package(
    name: "sqlite-drivers",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "partner-commerce", path: "../.."),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        .executableTarget(
            name: "sqlite-drivers",
            dependencies: [
                .product(name: "CommerceStore", package: "partner-commerce"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        )
    ]
)
