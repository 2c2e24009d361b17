// swift-tools-version:6.1
import PackageDescription

/// Our own code opts into the same strictness as Hummingbird: explicit `any`, and imports that must be named where used.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "partner-commerce",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "partner-commerce", targets: ["partner-commerce"]),
        .library(name: "PartnerCenterModels", targets: ["PartnerCenterModels"]),
        .library(name: "PartnerCenterClient", targets: ["PartnerCenterClient"]),
        .library(name: "CommerceServer", targets: ["CommerceServer"]),
        // For Benchmarks/SQLiteDrivers, which compares the store's SQLite layer with GRDB and SQLiteNIO.
        .library(name: "CommerceStore", targets: ["CommerceStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        .target(name: "PartnerCenterModels", swiftSettings: strict),
        // The system SQLite (Debian's libsqlite3-dev), under the store's own connection layer.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]),
        .target(name: "CommerceCore", dependencies: ["PartnerCenterModels"], resources: [.copy("Resources/Locales")], swiftSettings: strict),
        .target(
            name: "CommerceStore",
            dependencies: [
                "CommerceCore",
                "CSQLite",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "CommerceServer",
            dependencies: [
                "CommerceStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            resources: [.copy("Resources/default-catalog.json"), .copy("Resources/Dashboard")],
            swiftSettings: strict
        ),
        .target(
            name: "PartnerCenterClient",
            dependencies: [
                "PartnerCenterModels",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "partner-commerce",
            dependencies: [
                "CommerceCore",
                "CommerceStore",
                "CommerceServer",
                "PartnerCenterClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                // `admin` and the frozen-clock check call routes the SDK does not cover.
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // Coverage-guided fuzzing of the readers of client bytes (README, "Fuzzing"); built normally it replays the corpus.
        .executableTarget(
            name: "partner-commerce-fuzz", dependencies: ["PartnerCenterModels", "CommerceCore"], path: "Fuzz/Sources", swiftSettings: strict),
        // The load generator (Benchmarks/run.sh builds it in release): HTTP phases, the in-process engine limit, a correctness check.
        .executableTarget(
            name: "partner-commerce-bench",
            dependencies: [
                "CommerceCore", "CommerceStore", "CommerceServer", "PartnerCenterModels",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Benchmarks/Sources/partner-commerce-bench",
            swiftSettings: strict
        ),
        // Shared by the store, server, SDK and CLI tests: which store engines to run on (SQLite always, PostgreSQL with
        // DATABASE_URL), a real server on loopback, child processes, and the helpers every suite needs.
        .target(
            name: "TestSupport",
            dependencies: [
                "CommerceCore", "CommerceStore", "CommerceServer", "PartnerCenterModels",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Tests/TestSupport", swiftSettings: strict
        ),
        .testTarget(name: "PartnerCenterModelsTests", dependencies: ["PartnerCenterModels"], swiftSettings: strict),
        .testTarget(name: "CommerceCoreTests", dependencies: ["CommerceCore"], swiftSettings: strict),
        .testTarget(name: "CommerceStoreTests", dependencies: ["CommerceStore", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "CommerceServerTests",
            dependencies: [
                "CommerceServer",
                "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            // Read from the source tree (by #filePath), so GOLDEN_RECORD=1 can rewrite them in place.
            exclude: ["Golden"],
            swiftSettings: strict
        ),
        // Runs the built `partner-commerce` binary as a user would (`swift build --build-tests` builds it).
        .testTarget(
            name: "PartnerCommerceCLITests",
            dependencies: [
                "CommerceStore", "CommerceServer", "CommerceCore", "PartnerCenterModels", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PartnerCenterClientTests",
            dependencies: [
                "PartnerCenterClient", "CommerceServer", "CommerceStore", "CommerceCore", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
    ]
)
