/// The colours of one theme. Categorical colours come from the Okabe-Ito palette and risk
/// bands from ColorBrewer's YlOrRd scheme, both readable with the common forms of colour
/// blindness. The print theme uses greys and line styles only.
struct DiagramPalette {
    let background: String
    let text: String
    let edge: String
    /// Fills of the risk bands, lowest first. A scale with other than four bands is spread
    /// over them so that its highest band always gets the last fill.
    let bandFills: [String]
    /// Text colour on each band fill.
    let bandText: [String]
    let unknownFill: String
    let unknownText: String
    let nodeBorder: String
    let highlight: String
    /// Line width of the highlighted attack, in points, as DOT writes it.
    let highlightWidth: String
    let mitigationBorder: String
    let implementedFill: String
    let plannedFill: String
    let otherFill: String
    let mitigationText: String
    let blockedFill: String
    let blockedBorder: String
    let link: String

    static func of(_ theme: DiagramOptions.Theme) -> DiagramPalette {
        switch theme {
        case .light: light
        case .dark: dark
        case .print: print
        }
    }

    static let light = DiagramPalette(
        background: "#ffffff", text: "#000000", edge: "#555555",
        bandFills: ["#ffffb2", "#fecc5c", "#fd8d3c", "#e31a1c"],
        bandText: ["#000000", "#000000", "#000000", "#ffffff"],
        unknownFill: "#eeeeee", unknownText: "#000000", nodeBorder: "#000000",
        highlight: "#0072b2", highlightWidth: "3.5",
        mitigationBorder: "#009e73", implementedFill: "#c9ece0", plannedFill: "#ffffff",
        otherFill: "#eeeeee", mitigationText: "#000000",
        blockedFill: "#d9d9d9", blockedBorder: "#d55e00", link: "#0072b2")

    static let dark = DiagramPalette(
        background: "#1e1e1e", text: "#f0f0f0", edge: "#aaaaaa",
        bandFills: ["#ffffb2", "#fecc5c", "#fd8d3c", "#e31a1c"],
        bandText: ["#000000", "#000000", "#000000", "#ffffff"],
        unknownFill: "#555555", unknownText: "#ffffff", nodeBorder: "#f0f0f0",
        highlight: "#56b4e9", highlightWidth: "3.5",
        mitigationBorder: "#009e73", implementedFill: "#0b4d3b", plannedFill: "#1e1e1e",
        otherFill: "#3a3a3a", mitigationText: "#f0f0f0",
        blockedFill: "#444444", blockedBorder: "#e69f00", link: "#56b4e9")

    static let print = DiagramPalette(
        background: "#ffffff", text: "#000000", edge: "#000000",
        bandFills: ["#ffffff", "#d9d9d9", "#a6a6a6", "#525252"],
        bandText: ["#000000", "#000000", "#000000", "#ffffff"],
        unknownFill: "#ffffff", unknownText: "#000000", nodeBorder: "#000000",
        highlight: "#000000", highlightWidth: "4.5",
        mitigationBorder: "#000000", implementedFill: "#eeeeee", plannedFill: "#ffffff",
        otherFill: "#ffffff", mitigationText: "#000000",
        blockedFill: "#ffffff", blockedBorder: "#000000", link: "#000000")

    /// Returns the index into `bandFills` for `band` among the scale's `levels`, or nil when
    /// the band is unknown.
    func bandSlot(_ band: String?, levels: [String]) -> Int? {
        guard let band, let position = levels.firstIndex(of: band) else { return nil }
        let count = levels.count
        let last = bandFills.count - 1
        if count <= 1 { return last }
        return min(last, Int((Double(position) / Double(count - 1) * Double(last)).rounded()))
    }
}
