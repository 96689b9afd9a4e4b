import Foundation
import BrambleCore

/// An option a command accepts.
struct OptionSpec: Sendable {
    /// The long name without dashes, such as `format`.
    let name: String
    /// A one-letter alias without the dash, such as `o`.
    let short: Character?
    /// The placeholder shown in help for an option that takes a value; nil for a flag.
    let valueName: String?
    /// The values the option accepts, when the set is fixed.
    let choices: [String]
    let help: String

    init(_ name: String, short: Character? = nil, value: String? = nil, choices: [String] = [], help: String) {
        self.name = name
        self.short = short
        self.valueName = value
        self.choices = choices
        self.help = help
    }
}

/// The arguments and options a command accepts, and the help text made from them.
struct CommandSpec: Sendable {
    let name: String
    let summary: String
    /// The positional arguments as shown in the usage line, such as `FILE...`.
    let positionalUsage: String
    let minimumPositionals: Int
    let maximumPositionals: Int
    let options: [OptionSpec]
    /// Paragraphs after the option list: defaults, exit codes, examples.
    let discussion: String

    var usage: String {
        let optionsPart = options.isEmpty ? "" : " [options]"
        return "bramble \(name)\(optionsPart) \(positionalUsage)"
    }

    /// Formats `bramble COMMAND --help`.
    var help: String {
        var out = "\(summary)\n\nUsage: \(usage)\n\nOptions:\n"
        let all = options + [OptionSpec("help", short: "h", help: "Show this help.")]
        let labels = all.map { option -> String in
            var label = option.short.map { "-\($0), " } ?? "    "
            label += "--\(option.name)"
            if let value = option.valueName { label += " \(value)" }
            return label
        }
        let width = (labels.map(\.count).max() ?? 0) + 2
        for (label, option) in zip(labels, all) {
            var text = option.help
            if !option.choices.isEmpty { text += " One of: \(option.choices.joined(separator: ", "))." }
            out += "  " + label.padding(toLength: width, withPad: " ", startingAt: 0) + text + "\n"
        }
        if !discussion.isEmpty { out += "\n" + discussion + "\n" }
        return out
    }
}

/// The arguments of one command after parsing.
struct ParsedArguments: Sendable {
    var positionals: [String] = []
    var values: [String: String] = [:]
    var flags: Set<String> = []
    var wantsHelp = false

    func value(_ name: String) -> String? { values[name] }
}

enum ArgumentParser {
    /// Parses a command's arguments: `--name value`, `--name=value`, `-x value`, flags, and
    /// positionals; `--` ends the options. Errors name the argument and suggest the option the
    /// user probably meant.
    static func parse(_ arguments: [String], spec: CommandSpec) throws -> ParsedArguments {
        var parsed = ParsedArguments()
        var index = 0
        var optionsEnded = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if optionsEnded || argument == "-" || !argument.hasPrefix("-") {
                parsed.positionals.append(argument)
                continue
            }
            if argument == "--" {
                optionsEnded = true
                continue
            }
            if argument == "--help" || argument == "-h" {
                parsed.wantsHelp = true
                continue
            }
            var name: String
            var inlineValue: String?
            let option: OptionSpec
            if argument.hasPrefix("--") {
                name = String(argument.dropFirst(2))
                if let equals = name.firstIndex(of: "=") {
                    inlineValue = String(name[name.index(after: equals)...])
                    name = String(name[..<equals])
                }
                guard let found = spec.options.first(where: { $0.name == name }) else {
                    let suggestion = Suggestions.closest(to: name, among: spec.options.map(\.name))
                        .map { " (did you mean '--\($0)'?)" } ?? ""
                    throw CommandFailure(.usage, "unknown option '--\(name)' for 'bramble \(spec.name)'\(suggestion); see 'bramble \(spec.name) --help'")
                }
                option = found
            } else {
                let letters = Array(argument.dropFirst())
                guard letters.count >= 1, let found = spec.options.first(where: { $0.short == letters[0] }) else {
                    throw CommandFailure(.usage, "unknown option '\(argument)' for 'bramble \(spec.name)'; see 'bramble \(spec.name) --help'")
                }
                option = found
                if letters.count > 1 { inlineValue = String(letters.dropFirst()) }
            }
            if option.valueName == nil {
                if inlineValue != nil {
                    throw CommandFailure(.usage, "option '--\(option.name)' takes no value")
                }
                parsed.flags.insert(option.name)
                continue
            }
            var value: String
            if let inlineValue {
                value = inlineValue
            } else {
                guard index < arguments.count else {
                    throw CommandFailure(.usage, "option '--\(option.name)' needs a value: --\(option.name) \(option.valueName!)")
                }
                value = arguments[index]
                index += 1
            }
            if !option.choices.isEmpty, !option.choices.contains(value) {
                let suggestion = Suggestions.didYouMean(value, among: option.choices)
                throw CommandFailure(.usage, "invalid value '\(value)' for '--\(option.name)'\(suggestion); use one of \(option.choices.joined(separator: ", "))")
            }
            if parsed.values[option.name] != nil {
                throw CommandFailure(.usage, "option '--\(option.name)' is given twice; give it once")
            }
            parsed.values[option.name] = value
        }
        if parsed.wantsHelp { return parsed }
        if parsed.positionals.count < spec.minimumPositionals {
            throw CommandFailure(.usage, "missing argument: usage is '\(spec.usage)'")
        }
        if parsed.positionals.count > spec.maximumPositionals {
            throw CommandFailure(.usage, "unexpected argument '\(parsed.positionals[spec.maximumPositionals])': usage is '\(spec.usage)'")
        }
        return parsed
    }
}
