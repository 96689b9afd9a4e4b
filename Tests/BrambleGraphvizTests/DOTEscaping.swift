// How DOT text must be escaped, and what cgraph and the renderers return (libgraphviz 2.42.2,
// checked by the tests in this target):
//
// - In a quoted ID, a double quote must be written `\"`. cgraph stores it as `"`. Apart from
//   a backslash at the end of a line, which joins two lines, this is the only escape that
//   the DOT scanner removes.
// - Labels, tooltips, URLs and some other attributes are escStrings, which Graphviz
//   interprets at render time (https://graphviz.org/docs/attr-types/escString/). `\N`, `\G`,
//   `\E`, `\T`, `\H` and `\L` insert the name of the node, graph, edge, tail or head, or the
//   object's label. In `label`, `headlabel` and `taillabel`, `\n`, `\l` and `\r` end a
//   centered, left-justified or right-justified line. A backslash before any other character
//   is dropped, so a literal backslash must be written `\\`.
// - cgraph keeps those sequences unchanged: `label="a\\b\nc"` reads back from cgraph as the
//   six characters `a\\b\nc`, and SVG shows the two lines `a\b` and `c`.

/// Returns `text` as a quoted DOT ID that Graphviz renders as `text`, with each newline
/// written as the centered line break `\n`.
func dotQuoted(_ text: String) -> String {
    var quoted = "\""
    for character in text {
        switch character {
        case "\\": quoted += "\\\\"
        case "\"": quoted += "\\\""
        case "\n": quoted += "\\n"
        default: quoted.append(character)
        }
    }
    return quoted + "\""
}


/// Labels that break naive DOT, XML or HTML escaping, keyed by a short description.
let hostileLabels: [(name: String, text: String)] = [
    ("double quote", #"say "hi" twice"#),
    ("trailing backslash", #"ends with \"#),
    ("backslash before quote", #"odd \" pair"#),
    ("backslash before n", #"C:\new\Temp"#),
    ("angle brackets and ampersand", "a < b && c > d & e"),
    ("record and bracket characters", "x | y [z] {w} #1 ;,="),
    ("newline", "first line\nsecond line"),
    ("emoji", "lock 🔒 and family 👨‍👩‍👧"),
    ("Arabic", "مرحبا بالعالم"),
    ("Hebrew", "שלום עולם"),
    ("2000 characters", String(repeating: "0123456789", count: 200)),
]
