// swift-tools-version: 6.1
import PackageDescription

// Dependencies run one way: the generator side (CanonSchema, CanonCodegen, the `canon`
// CLI and the plugins) stays light — libyaml and swift-argument-parser only — because
// every consumer builds the plugin tool, and SwiftPM builds it twice.
//
// This package holds only what a service builds: a consumer resolves swift-argument-parser,
// swift-crypto, the observability APIs (swift-log, swift-metrics, swift-distributed-tracing),
// swift-configuration and swift-service-lifecycle, and what they need, nothing else. The local Firestore server, its
// tests and the benchmarks that need it are a package of their own in LocalFirestore/,
// which depends on this one by path, so its HTTP stack never enters a consumer's graph.
let package = Package(
    name: "canon",
    products: [
        .executable(name: "canon", targets: ["canon"]),
        .library(name: "CanonSchema", targets: ["CanonSchema"]),
        .library(name: "CanonCodegen", targets: ["CanonCodegen"]),
        .library(name: "CanonRuntime", targets: ["CanonRuntime"]),
        .library(name: "CanonicalModels", targets: ["CanonicalModels"]),
        .plugin(name: "CanonPlugin", targets: ["CanonPlugin"]),
        .plugin(name: "CanonCommandPlugin", targets: ["CanonCommandPlugin"]),
        // Test helpers (JSON comparison, readable diffs) for LocalFirestore's tests; nothing a
        // service needs, and built only for those that depend on it.
        .library(name: "CanonTestSupport", targets: ["CanonTestSupport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // The runtime only: RS256 for service-account credentials.
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        // The runtime only: the observability APIs (no backends), which services bootstrap.
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.7.3"),
        // The runtime only: configuration from the environment and files, and the persistence
        // container as a service.
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        // Firestore's naming rules (IDs, field names, field paths), depending on nothing: shared
        // by the schema validator, the generator and the runtime.
        .target(name: "FirestoreNaming"),
        .target(
            name: "CanonSchema",
            dependencies: ["CYAML", "FirestoreNaming"]
        ),
        // libcurl, for the runtime's HTTP transport, and typed wrappers for its variadic
        // functions (Swift cannot call C variadics).
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"]), .brew(["curl"])]
        ),
        .target(
            name: "CCurlShim",
            dependencies: ["CCurl"]
        ),
        // hiredis 0.14 (Debian 12), for the runtime's Redis transport: its *Argv functions only,
        // since Swift cannot call C variadics.
        // No pkgConfig: hiredis.pc's -D_FILE_OFFSET_BITS=64 is a flag SwiftPM refuses, with a
        // warning on every build; the header is found as <hiredis/hiredis.h>.
        .systemLibrary(
            name: "CHiredis",
            providers: [.apt(["libhiredis-dev"]), .brew(["hiredis"])]
        ),
        .target(
            name: "CanonCodegen",
            dependencies: ["CanonSchema", "FirestoreNaming"]
        ),
        // What generated code stands on. Never depends on the generator or the server.
        .target(
            name: "CanonRuntime",
            dependencies: [
                "CCurl", "CCurlShim", "CHiredis", "FirestoreNaming",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The library services import: generated from Schemas/ by `scripts/generate.sh`.
        .target(
            name: "CanonicalModels",
            dependencies: ["CanonRuntime"],
            path: "Generated",
            // Names the folder of the schemas, for packages that import them (CanonPlugin reads it).
            exclude: ["canon-module.yaml"]
        ),
        .executableTarget(
            name: "canon",
            dependencies: [
                "CanonSchema",
                "CanonCodegen",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // A thin build tool: runs `canon generate` on a target's schema files.
        .plugin(
            name: "CanonPlugin",
            capability: .buildTool(),
            dependencies: ["canon"]
        ),
        .plugin(
            name: "CanonCommandPlugin",
            capability: .command(
                intent: .custom(verb: "generate-canon", description: "Write generated Swift beside each target's schemas"),
                permissions: [.writeToPackageDirectory(reason: "Writes <schema>.canon.swift files into the target's folder")]
            ),
            dependencies: ["canon"]
        ),
        .executableTarget(
            name: "SchemaBenchmark",
            dependencies: ["CanonSchema", "CanonCodegen", "CYAML"],
            path: "Benchmarks/SchemaBenchmark"
        ),
        // Helpers shared by the test targets: readable diffs for reference tests, a redis-server,
        // and the observability test backends.
        .target(
            name: "CanonTestSupport",
            dependencies: [
                "CanonRuntime",
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
            ],
            path: "Tests/CanonTestSupport"
        ),
        .testTarget(
            name: "CanonSchemaTests",
            dependencies: ["CanonSchema", "CanonTestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "CanonRuntimeTests",
            dependencies: [
                "CanonRuntime", "CanonTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
            ]
        ),
        .testTarget(
            name: "CanonCodegenTests",
            dependencies: ["CanonCodegen", "CanonSchema", "CanonTestSupport"],
            exclude: ["References"]
        ),
        .executableTarget(
            name: "RedisBenchmark",
            dependencies: ["CanonRuntime", "CanonicalModels"],
            path: "Benchmarks/RedisBenchmark"
        ),
        .executableTarget(
            name: "CodingBenchmark",
            dependencies: ["CanonRuntime", "CanonicalModels"],
            path: "Benchmarks/CodingBenchmark"
        ),
        // Generated at build time by CanonPlugin from Tests/GeneratedModelTests/Schemas, which
        // uses every feature of the language, and tested against the real runtime.
        .testTarget(
            name: "GeneratedModelTests",
            dependencies: ["CanonRuntime"],
            plugins: ["CanonPlugin"]
        ),
        // Runs the built `canon` binary as a user would (`swift build --build-tests` builds it);
        // no module dependency, so the test bundle does not link the executable's objects.
        .testTarget(
            name: "CanonCLITests"
        ),
    ],
    swiftLanguageModes: [.v6]
)

// The API documentation's build (scripts/check-docs.sh) sets CANON_DOCS=1 to add
// swift-docc-plugin; otherwise it stays out of the graph, so no consumer resolves it.
if Context.environment["CANON_DOCS"] == "1" {
    package.dependencies.append(
        // Exact: a newer plugin could bring new warnings, which fail the documentation build.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", exact: "1.5.0")
    )
}
