// swift-tools-version:6.0
// Taquilla: one binary that is a FastCGI responder, a CGI program and an admin CLI.
import PackageDescription

let package = Package(
    name: "Taquilla",
    products: [
        .executable(name: "taquilla", targets: ["taquilla"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CFastCGI", path: "Sources/CFastCGI", providers: [.apt(["libfcgi-dev"])]),
        .systemLibrary(name: "CCurl", path: "Sources/CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CCrypt", path: "Sources/CCrypt", providers: [.apt(["libcrypt-dev"])]),
        // libcurl through a small C shim: curl_easy_setopt is variadic (Swift cannot call it),
        // and the library is loaded with dlopen on first use so plain-CGI starts stay cheap.
        .target(name: "CCurlShim", dependencies: ["CCurl"], path: "Sources/CCurlShim"),
        .target(name: "Core", dependencies: ["CSQLite", "CCrypt", "CCurl", "CCurlShim"], path: "Sources/Core"),
        .executableTarget(
            name: "taquilla",
            dependencies: [
                "Core", "CFastCGI", "CCurlShim",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/cgi"
        ),
        .testTarget(name: "CoreTests", dependencies: ["Core"], path: "Tests/CoreTests"),
    ]
)

// Fuzz harnesses (README "Fuzzing"): one executable per parser in Tests/Fuzz/NAME. A normal build
// makes them replay input files given as arguments; Tests/Fuzz/run.sh builds them with libFuzzer
// and AddressSanitizer into .build-fuzz. install.sh builds only the taquilla product.
package.targets.append(.target(name: "FuzzSupport", path: "Tests/Fuzz/Support"))
for name in ["FuzzMIME", "FuzzMultipart", "FuzzSanitizer", "FuzzForm", "FuzzJSON"] {
    package.targets.append(.executableTarget(name: name, dependencies: ["Core", "FuzzSupport"], path: "Tests/Fuzz/\(name)"))
}
