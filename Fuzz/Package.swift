// swift-tools-version:6.1
import PackageDescription

// libFuzzer targets for the readers and parsers (issue 7). A package of its own, so `swift test` and
// CI never build them: run them with scripts/fuzz.sh, which adds -sanitize=fuzzer,address.
let targets = ["FuzzCSV", "FuzzNumbers", "FuzzEncoding", "FuzzXML", "FuzzXLSX"]
let package = Package(
    name: "vksict-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "vksict", path: "..")],
    targets: [
        .target(name: "FuzzDriver", path: "Sources/FuzzDriver")
    ]
        + targets.map { name in
            .executableTarget(
                name: name,
                dependencies: ["FuzzDriver", .product(name: "VKSPipelineForFuzzing", package: "vksict")],
                swiftSettings: [.unsafeFlags(["-parse-as-library"])]
            )
        }
)
