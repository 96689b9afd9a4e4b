import Foundation

/// A small JSON Schema (draft 2020-12) validator for the keywords `docs/report.schema.json`
/// uses: `type` (one or a list), `enum`, `required`, `properties`, `items` and `$ref` to
/// `#/$defs/NAME`. Other keywords are ignored. Documents are values from JSONSerialization.
struct JSONSchemaValidator {
    let root: [String: Any]

    /// Returns one message per violation, each with the JSON path where it occurs.
    func errors(in document: Any) -> [String] {
        var found: [String] = []
        check(document, against: root, path: "$", into: &found)
        return found
    }

    private func check(_ value: Any, against schema: [String: Any], path: String, into found: inout [String]) {
        if let reference = schema["$ref"] as? String {
            let prefix = "#/$defs/"
            guard reference.hasPrefix(prefix),
                  let definitions = root["$defs"] as? [String: Any],
                  let target = definitions[String(reference.dropFirst(prefix.count))] as? [String: Any]
            else {
                found.append("\(path): unresolved $ref \(reference)")
                return
            }
            check(value, against: target, path: path, into: &found)
        }
        if let type = schema["type"] {
            let allowed = (type as? [String]) ?? [type as? String].compactMap { $0 }
            guard allowed.contains(where: { Self.matches(value, type: $0) }) else {
                found.append("\(path): expected \(allowed.joined(separator: " or ")), found \(Self.typeName(value))")
                return
            }
        }
        if let options = schema["enum"] as? [Any] {
            let text = value as? String
            if !options.contains(where: { ($0 as? String) == text && text != nil }) {
                found.append("\(path): \(value) is not one of \(options)")
            }
        }
        if let object = value as? [String: Any] {
            for key in schema["required"] as? [String] ?? [] where object[key] == nil {
                found.append("\(path): missing required member \(key)")
            }
            for (key, subschema) in schema["properties"] as? [String: Any] ?? [:] {
                if let member = object[key], let subschema = subschema as? [String: Any] {
                    check(member, against: subschema, path: "\(path).\(key)", into: &found)
                }
            }
        }
        if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
            for (index, item) in array.enumerated() {
                check(item, against: items, path: "\(path)[\(index)]", into: &found)
            }
        }
    }

    /// Whether `value`, as JSONSerialization decoded it, is of the JSON Schema `type`.
    static func matches(_ value: Any, type: String) -> Bool {
        switch type {
        case "null": return value is NSNull
        case "boolean": return isBoolean(value)
        case "string": return value is String
        case "array": return value is [Any]
        case "object": return value is [String: Any]
        case "number": return value is NSNumber && !isBoolean(value)
        case "integer":
            guard let number = value as? NSNumber, !isBoolean(value) else { return false }
            return number.doubleValue == number.doubleValue.rounded()
        default: return false
        }
    }

    /// JSONSerialization decodes `true` and `false` as NSNumber whose type code is `c`; on
    /// Linux `is Bool` also holds for the numbers 0 and 1, so the type code decides.
    static func isBoolean(_ value: Any) -> Bool {
        guard let number = value as? NSNumber else { return false }
        return String(cString: number.objCType) == "c"
    }

    static func typeName(_ value: Any) -> String {
        ["null", "boolean", "integer", "number", "string", "array", "object"].first { matches(value, type: $0) } ?? "unknown"
    }
}
