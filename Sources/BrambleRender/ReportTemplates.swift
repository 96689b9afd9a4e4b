import Foundation
import Mustache

/// Finds the templates of a remediation plan: in a folder given with `--templates` first, then
/// among the built-in ones. A template can name a built-in one as its parent
/// (`{{<remediation-plan.md}}`) and override one of its blocks.
public struct ReportTemplates: PartialResolver {
    /// The folder searched first, or nil for the built-in templates alone.
    public let directory: URL?

    public init(directory: URL? = nil) {
        self.directory = directory
    }

    /// Returns `NAME.mustache` from the folder when it exists there, else the built-in
    /// template of that name, else nil.
    public func partialSource(named name: String) throws -> String? {
        if let directory, let source = try DirectoryPartials(url: directory).partialSource(named: name) {
            return source
        }
        return DefaultTemplates.Kind.allCases.first { $0.partialName == name }?.source
    }

    /// Returns the template of `kind`: the folder's `remediation-plan.md.mustache` or
    /// `remediation-plan.html.mustache` when it exists, else the built-in one. Partials and
    /// parents resolve through this value.
    public func template(_ kind: DefaultTemplates.Kind) throws -> Template {
        let source = try partialSource(named: kind.partialName) ?? kind.source
        return try Template(source: source, name: kind.fileName, partials: self)
    }
}
