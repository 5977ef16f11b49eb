// swift-tools-version: 6.1
import Foundation
import PackageDescription

// libFuzzer targets, built with `scripts/fuzz.sh` (`swift build --sanitize=fuzzer
// --sanitize=address`): each target's `LLVMFuzzerTestOneInput` is fed mutations of its seed corpus
// in `Corpus/<target>/`. A package of its own: the sanitizer flags apply to everything it builds,
// which must not include test bundles or other executables, and Canon's own package must stay free
// of it. The server's target uses `CanonFirestoreAPI`, the local server without its HTTP stack.
// SwiftPM names a path dependency after its folder (lowercased, without a ".git" suffix).
let canonFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent
let canon = (canonFolder.hasSuffix(".git") ? String(canonFolder.dropLast(4)) : canonFolder).lowercased()

let package = Package(
    name: "canon-fuzz",
    dependencies: [
        .package(path: ".."),
        .package(path: "../LocalFirestore"),
    ],
    targets: [
        // The schema loader and validator (and, for what they accept, the generator and the lock).
        .executableTarget(
            name: "FuzzSchema",
            dependencies: [
                .product(name: "CanonSchema", package: canon),
                .product(name: "CanonCodegen", package: canon),
            ]
        ),
        // The runtime's Firestore JSON reader, and decoding what it reads into generated models.
        .executableTarget(
            name: "FuzzFirestoreJSON",
            dependencies: [
                .product(name: "CanonRuntime", package: canon),
                .product(name: "CanonicalModels", package: canon),
            ]
        ),
        // The local server's request parsing: routes, query strings and bodies through the API.
        .executableTarget(
            name: "FuzzServerRequests",
            dependencies: [.product(name: "CanonFirestoreAPI", package: "localfirestore")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
