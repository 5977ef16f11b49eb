// swift-tools-version: 6.1
import Foundation
import PackageDescription

// Depends on Canon by path, as a service in the same repository would, and on the local
// Firestore server's package, its embedded default. SwiftPM names a path dependency after its
// folder, so the name is read from the path rather than assumed.
let canonPath = "../.."
let canonFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(canonPath)
    .standardizedFileURL.lastPathComponent
// (SwiftPM also drops a ".git" suffix.)
let canon = (canonFolder.hasSuffix(".git") ? String(canonFolder.dropLast(4)) : canonFolder).lowercased()

let package = Package(
    name: "CasefileService",
    dependencies: [
        .package(path: canonPath),
        .package(path: "../../LocalFirestore"),
        // The example bootstraps a small metrics backend of its own, to print what it measured.
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // The service's own schemas (Sources/ServiceModels/*.yaml) become Swift at build time.
        // They import CanonicalModels' schemas ({module: CanonicalModels, file: …}), so the
        // generated code uses its types: the plugin finds the schemas of the target's dependencies.
        .target(
            name: "ServiceModels",
            dependencies: [.product(name: "CanonRuntime", package: canon), .product(name: "CanonicalModels", package: canon)],
            plugins: [.plugin(name: "CanonPlugin", package: canon)]
        ),
        .executableTarget(
            name: "casefile-service",
            dependencies: [
                "ServiceModels",
                .product(name: "CanonicalModels", package: canon),
                .product(name: "CanonRuntime", package: canon),
                // The embedded default when FIRESTORE_EMULATOR_HOST is not set.
                .product(name: "CanonFirestoreServer", package: "localfirestore"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
