// swift-tools-version:6.1
import PackageDescription

// Targets by role (README.md, "Repository layout"):
//   CVKSZlib, CLibXML2  system libraries, imported only by VKSReaders
//   CMalloc          glibc's mallopt, for the command line's memory settings
//   CSQLiteConfig    sqlite3_config, for the command line's SQLite settings
//   VKSModel         the sector's vocabulary: datasets and their columns, periods, finding codes
//   VKSReaders       streaming byte readers and writers (CSV, gzip); knows no database or command line
//   VKSWarehouse     the SQLite warehouse through GRDB: schema, ledger, facts, findings, run log
//   VKSPipeline      the stages ingest → validate → normalize → aggregate → export, config, sample data
//   vksict           the command line: one argument-parser command per file, nothing else
let package = Package(
    name: "vksict",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "vksict", targets: ["vksict"]),
        // For the libFuzzer targets of Fuzz/ (scripts/fuzz.sh): the readers and the parsers.
        .library(name: "VKSPipelineForFuzzing", targets: ["VKSModel", "VKSReaders", "VKSPipeline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .systemLibrary(name: "CVKSZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CXLSXWriter", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),
        .systemLibrary(name: "CMalloc"),
        .systemLibrary(name: "CSQLiteConfig", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .target(name: "VKSModel"),
        .target(
            name: "VKSReaders",
            dependencies: ["CVKSZlib", "CLibXML2", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .target(
            name: "VKSWarehouse",
            dependencies: [
                "VKSModel",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "VKSPipeline",
            dependencies: [
                "VKSModel", "VKSReaders", "VKSWarehouse", "CXLSXWriter",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "vksict",
            dependencies: [
                "VKSModel", "VKSPipeline", "CMalloc", "CSQLiteConfig",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "VKSModelTests", dependencies: ["VKSModel"]),
        .testTarget(name: "VKSReadersTests", dependencies: ["VKSReaders"]),
        .testTarget(
            name: "VKSWarehouseTests",
            dependencies: [
                "VKSModel", "VKSWarehouse", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "VKSPipelineTests",
            dependencies: [
                "VKSModel", "VKSPipeline", "VKSReaders", "VKSWarehouse", .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // Runs the built `vksict` on files in temporary folders; fixtures are read from the source tree.
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["vksict", .product(name: "GRDB", package: "GRDB.swift")],
            exclude: ["Fixtures"]
        ),
    ]
)

// Swift 6 language mode for every target, in one place (as swift-log does).
for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.swiftLanguageMode(.v6))
    target.swiftSettings = settings
}
