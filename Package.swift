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
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // Markdown to HTML for the HTML remediation plan.
        .target(name: "BrambleMarkdown", dependencies: ["CCmarkGFM"]),
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        // Reads YAML documents through libyaml's event API, with bounded alias expansion.
        .target(name: "BrambleYAML", dependencies: ["CYAML"]),
        .target(name: "BrambleRender", dependencies: ["BrambleCore", "Mustache"]),
        // Reads and writes other tools' tree formats (Open-PSA MEF, ADTool XML, Deciduous YAML).
        .target(name: "BrambleInterchange", dependencies: ["BrambleCore", "BrambleYAML"]),
        .target(
            name: "BrambleCLI",
            dependencies: ["BrambleCore", "BrambleRender", "BrambleGraphviz", "BrambleInterchange", "BrambleMarkdown"]
        ),
        // The C allocator's settings, part of the C library itself, so there is nothing to link.
        .systemLibrary(name: "CMalloc"),
        .executableTarget(name: "bramble", dependencies: ["BrambleCLI", "CMalloc"]),
        // Times reading, parsing and checking generated trees; `make bench` runs it.
        .executableTarget(name: "bramble-bench", dependencies: ["BrambleCore"], path: "Sources/BrambleBench"),
        // Times DOT writing and SVG drawing in-process against the `dot` program; `make bench-render`.
        .executableTarget(
            name: "bramble-render-bench", dependencies: ["BrambleCore", "BrambleRender", "BrambleGraphviz"],
            path: "Sources/BrambleRenderBench"
        ),

        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "BrambleCoreTests", dependencies: ["BrambleCore", "TestSupport"]),
        .testTarget(name: "MustacheTests", dependencies: ["Mustache", "TestSupport"]),
        .testTarget(name: "BrambleGraphvizTests", dependencies: ["BrambleGraphviz", "TestSupport"]),
        .testTarget(name: "BrambleMarkdownTests", dependencies: ["BrambleMarkdown"]),
        .testTarget(
            name: "BrambleRenderTests",
            dependencies: ["BrambleRender", "BrambleCore", "BrambleGraphviz", "BrambleMarkdown", "Mustache", "TestSupport"],
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "BrambleInterchangeTests",
            dependencies: ["BrambleInterchange", "BrambleYAML", "BrambleCore", "BrambleCLI", "TestSupport"]
        ),
        .testTarget(
            name: "BrambleCLITests",
            dependencies: ["BrambleCLI", "BrambleRender", "BrambleCore", "bramble", "TestSupport"]
        ),
    ]
)

// The libFuzzer target links only with the fuzzer sanitizer flags that `make fuzz` passes, so it
// is part of the package only when FUZZ=1 is set.
if Context.environment["FUZZ"] == "1" {
    package.targets.append(.executableTarget(name: "BrambleFuzz", dependencies: ["BrambleCore"]))
}
