import Foundation
import Mustache

/// Finds the templates of a remediation plan: in a folder given with `--templates` first, then
/// among the built-in ones. A template can name a built-in one as its parent and override one
/// of its blocks: `{{<default-remediation-plan.md}}` always names the built-in template, also
/// from a folder file called `remediation-plan.md.mustache` that replaces it.
public struct ReportTemplates: PartialResolver {
    /// The folder searched first, or nil for the built-in templates alone.
    public let directory: URL?

    public init(directory: URL? = nil) {
        self.directory = directory
    }

    /// The prefix that names a built-in template whatever the folder holds.
    public static let builtInPrefix = "default-"

    /// Returns the built-in template for `default-NAME`; otherwise `NAME.mustache` from the
    /// folder when it exists there, else the built-in template `NAME`.
    /// - Throws: `MustacheError` of kind `.partialNotFound` when the name is in neither place.
    public func partialSource(named name: String) throws -> String? {
        if name.hasPrefix(Self.builtInPrefix),
           let kind = DefaultTemplates.Kind.allCases.first(where: { Self.builtInPrefix + $0.partialName == name })
        {
            return kind.source
        }
        if let directory, let source = try DirectoryPartials(url: directory).partialSource(named: name) {
            return source
        }
        if let kind = DefaultTemplates.Kind.allCases.first(where: { $0.partialName == name }) {
            return kind.source
        }
        let place = directory.map { "no file \($0.appendingPathComponent(name + ".mustache").path) and " } ?? ""
        throw MustacheError(kind: .partialNotFound,
                            message: "partial \"\(name)\" not found: \(place)no built-in template of that name; create it or fix the name in the tag")
    }

    /// Returns the template of `kind`: the folder's `remediation-plan.md.mustache` or
    /// `remediation-plan.html.mustache` when it exists, else the built-in one. Partials and
    /// parents resolve through this value.
    public func template(_ kind: DefaultTemplates.Kind) throws -> Template {
        let source = try partialSource(named: kind.partialName) ?? kind.source
        return try Template(source: source, name: kind.fileName, partials: self)
    }
}
