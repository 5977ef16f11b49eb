// swift-tools-version: 6.0
import PackageDescription

// Dependencies run one way: the generator side (CanonSchema, CanonCodegen, the `canon`
// CLI and the plugins) stays light — libyaml and swift-argument-parser only — because
// every consumer builds the plugin tool, and SwiftPM builds it twice.
let package = Package(
    name: "canon",
    products: [
        .executable(name: "canon", targets: ["canon"]),
        .library(name: "CanonSchema", targets: ["CanonSchema"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        .target(
            name: "CanonSchema",
            dependencies: ["CYAML"]
        ),
        .executableTarget(
            name: "canon",
            dependencies: [
                "CanonSchema",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "SchemaBenchmark",
            dependencies: ["CanonSchema", "CYAML"],
            path: "Benchmarks/SchemaBenchmark"
        ),
        .testTarget(
            name: "CanonSchemaTests",
            dependencies: ["CanonSchema"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "CanonCLITests",
            dependencies: ["canon"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
