// swift-tools-version: 6.0
import PackageDescription

// The core (syntax, model, analysis) is pure Swift and Foundation. C libraries stay in their
// own system-library targets, each wrapped by one small Swift target.
let package = Package(
    name: "Bramble",
    products: [
        .executable(name: "bramble", targets: ["bramble"]),
        .library(name: "BrambleCore", targets: ["BrambleCore"]),
    ],
    targets: [
        .target(name: "BrambleCore"),
        .target(name: "Mustache"),
        .systemLibrary(
            name: "CGraphviz",
            pkgConfig: "libgvc",
            providers: [.apt(["libgraphviz-dev"])]
        ),
        .target(name: "BrambleGraphviz", dependencies: ["CGraphviz"]),
        .target(name: "BrambleRender", dependencies: ["BrambleCore", "Mustache"]),
        .target(
            name: "BrambleCLI",
            dependencies: ["BrambleCore", "BrambleRender", "BrambleGraphviz"]
        ),
        .executableTarget(name: "bramble", dependencies: ["BrambleCLI"]),

        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "BrambleCoreTests", dependencies: ["BrambleCore", "TestSupport"]),
        .testTarget(name: "MustacheTests", dependencies: ["Mustache", "TestSupport"]),
        .testTarget(name: "BrambleGraphvizTests", dependencies: ["BrambleGraphviz", "TestSupport"]),
        .testTarget(
            name: "BrambleRenderTests",
            dependencies: ["BrambleRender", "BrambleCore", "BrambleGraphviz", "Mustache", "TestSupport"],
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "BrambleCLITests",
            dependencies: ["BrambleCLI", "BrambleRender", "BrambleCore", "bramble", "TestSupport"]
        ),
    ]
)
