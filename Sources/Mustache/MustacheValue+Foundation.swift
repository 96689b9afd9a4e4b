import Foundation

extension MustacheValue {
    /// Creates a value from a Foundation JSON object, as returned by `JSONSerialization`.
    ///
    /// JSON `true` and `false` become `.bool` and never `.int`, although Foundation returns
    /// `NSNumber` for booleans and numbers alike. Swift `Bool`, `Int`, `Double`, `String`,
    /// arrays and `[String: Any]` dictionaries are accepted too.
    /// - Throws: `MustacheError` of kind `.unsupportedValue` for any other type, naming the
    ///   type and its path in the object.
    /// - Complexity: O(n) in the number of values in the object.
    public init(jsonObject: Any) throws {
        self = try MustacheValue.convert(jsonObject, path: "$")
    }

    /// Creates a value from JSON text.
    /// - Throws: the error of `JSONSerialization` when the data is not valid JSON, or
    ///   `MustacheError` as `init(jsonObject:)` does.
    public init(jsonData: Data) throws {
        let object = try JSONSerialization.jsonObject(with: jsonData, options: [.fragmentsAllowed])
        try self.init(jsonObject: object)
    }

    /// Creates a value from an `Encodable` model by encoding it to JSON first.
    /// - Throws: the error of `JSONEncoder` when the model cannot be encoded.
    public init(encoding model: some Encodable, encoder: JSONEncoder = JSONEncoder()) throws {
        try self.init(jsonData: try encoder.encode(model))
    }

    /// The class that Foundation uses for JSON booleans (`__NSCFBoolean` on Darwin and Linux).
    private static let booleanNumberType: NSNumber.Type = type(of: NSNumber(value: true))

    private static func convert(_ object: Any, path: String) throws -> MustacheValue {
        // Real NSNumber objects go first, because `as Bool` would also match NSNumber 0 and 1.
        switch object {
        case let value as MustacheValue:
            return value
        case let text as String:
            return .string(text)
        case is NSNull:
            return .null
        case let number as NSNumber where type(of: object) is NSNumber.Type:
            return convert(number)
        case let value as Bool:
            return .bool(value)
        case let value as any BinaryInteger:
            return .int(Int(clamping: value))
        case let value as any BinaryFloatingPoint:
            return .double(Double(value))
        case let items as [Any]:
            var values: [MustacheValue] = []
            values.reserveCapacity(items.count)
            for (index, item) in items.enumerated() {
                values.append(try convert(item, path: "\(path)[\(index)]"))
            }
            return .array(values)
        case let members as [String: Any]:
            var values: [String: MustacheValue] = [:]
            values.reserveCapacity(members.count)
            for (key, member) in members {
                values[key] = try convert(member, path: "\(path).\(key)")
            }
            return .object(values)
        default:
            throw MustacheError(
                kind: .unsupportedValue,
                message: "unsupported value of type \(type(of: object)) at \(path); use strings, "
                    + "numbers, booleans, null, arrays or dictionaries with string keys"
            )
        }
    }

    private static func convert(_ number: NSNumber) -> MustacheValue {
        if type(of: number) == booleanNumberType {
            return .bool(number.boolValue)
        }
        switch String(cString: number.objCType) {
        case "f", "d":
            return .double(number.doubleValue)
        case "Q", "L":
            // Unsigned values above Int.max do not fit in `.int`.
            let value = number.uint64Value
            return value <= UInt64(Int.max) ? .int(Int(value)) : .double(number.doubleValue)
        default:
            return .int(number.intValue)
        }
    }
}
