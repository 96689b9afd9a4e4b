/// A value in the data that a template renders: the context of `Template.render(_:)`.
///
/// Build it with the cases, with literals (`["name": "Joe", "tags": ["a", "b"]]`) or from a
/// Foundation JSON object with `init(jsonObject:)`.
public enum MustacheValue: Sendable {
    /// Text, HTML-escaped by `{{name}}` tags.
    case string(String)
    /// An integer, printed without a decimal point.
    case int(Int)
    /// A floating-point number, printed as ``MustacheValue/formatted(_:)`` describes.
    case double(Double)
    /// A boolean, which decides whether a section renders.
    case bool(Bool)
    /// A missing value: prints nothing and is falsey.
    case null
    /// A list: a section renders once per item, with the item as context.
    case array([MustacheValue])
    /// A set of named values. Key order does not matter to Mustache, so the dictionary is
    /// unordered.
    case object([String: MustacheValue])
    /// A function that the template calls when a tag names it.
    case lambda(MustacheLambda)
}

extension MustacheValue {
    /// Whether a section renders its content for this value.
    ///
    /// `false`, `null`, the empty string and the empty list are falsey, as in JavaScript
    /// Mustache. Every number is truthy, including 0, so that a count of zero still renders.
    public var isTruthy: Bool {
        switch self {
        case .bool(let value): return value
        case .null: return false
        case .string(let text): return !text.isEmpty
        case .array(let items): return !items.isEmpty
        case .int, .double, .object, .lambda: return true
        }
    }

    /// Returns the value stored under `key` when this value is an object, otherwise nil.
    public subscript(key: String) -> MustacheValue? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    /// The text that an interpolation tag prints for this value, before HTML escaping.
    ///
    /// Integers print without a decimal point, doubles print as in ``MustacheValue/formatted(_:)``,
    /// `null` and objects print nothing, and a list prints its items separated by commas (as
    /// JavaScript does). Lambdas print nothing here because the renderer calls them instead.
    public var interpolatedText: String {
        switch self {
        case .string(let text): return text
        case .int(let number): return String(number)
        case .double(let number): return MustacheValue.formatted(number)
        case .bool(let value): return value ? "true" : "false"
        case .null, .object, .lambda: return ""
        case .array(let items): return items.map(\.interpolatedText).joined(separator: ",")
        }
    }

    /// Formats a double the way the Mustache specification expects: `1.21` prints "1.21" and
    /// a whole number such as `3.0` prints "3".
    ///
    /// Whole numbers below 10^15 in magnitude print as integers. Other values use Swift's
    /// shortest round-trip description, for example "1e+20".
    public static func formatted(_ number: Double) -> String {
        if number.isFinite, number == number.rounded(.towardZero), abs(number) < 1e15 {
            return String(Int64(number))
        }
        return String(describing: number)
    }
}

extension MustacheValue: ExpressibleByStringLiteral {
    /// Creates a string value from a literal.
    public init(stringLiteral value: String) {
        self = .string(value)
    }
}

extension MustacheValue: ExpressibleByIntegerLiteral {
    /// Creates an integer value from a literal.
    public init(integerLiteral value: Int) {
        self = .int(value)
    }
}

extension MustacheValue: ExpressibleByFloatLiteral {
    /// Creates a double value from a literal.
    public init(floatLiteral value: Double) {
        self = .double(value)
    }
}

extension MustacheValue: ExpressibleByBooleanLiteral {
    /// Creates a boolean value from a literal.
    public init(booleanLiteral value: Bool) {
        self = .bool(value)
    }
}

extension MustacheValue: ExpressibleByNilLiteral {
    /// Creates `null` from the `nil` literal.
    public init(nilLiteral: ()) {
        self = .null
    }
}

extension MustacheValue: ExpressibleByArrayLiteral {
    /// Creates a list from an array literal.
    public init(arrayLiteral elements: MustacheValue...) {
        self = .array(elements)
    }
}

extension MustacheValue: ExpressibleByDictionaryLiteral {
    /// Creates an object from a dictionary literal. A repeated key keeps its last value.
    public init(dictionaryLiteral elements: (String, MustacheValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

extension MustacheValue: Equatable {
    /// Compares two values case by case. Lambdas are never equal, because closures cannot be
    /// compared.
    public static func == (lhs: MustacheValue, rhs: MustacheValue) -> Bool {
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.double(let a), .double(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.null, .null): return true
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)): return a == b
        default: return false
        }
    }
}
