import Mustache

/// The templates built into `bramble`. Each is also shipped in the repository's `templates/`
/// folder for users to copy and edit; a test keeps the two identical.
public enum DefaultTemplates {
    /// The built-in templates.
    public enum Kind: String, CaseIterable, Sendable {
        case markdown
        case html

        /// The name a template uses to include or extend it, such as `remediation-plan.md`.
        public var partialName: String {
            switch self {
            case .markdown: "remediation-plan.md"
            case .html: "remediation-plan.html"
            }
        }

        /// The file name in `templates/`.
        public var fileName: String { partialName + ".mustache" }

        /// The template's source text.
        public var source: String {
            switch self {
            case .markdown: DefaultTemplates.remediationPlanMarkdown
            case .html: DefaultTemplates.remediationPlanHTML
            }
        }
    }

    /// Returns the built-in template of `kind`; it may extend the other built-in templates.
    public static func template(_ kind: Kind) throws -> Template {
        try ReportTemplates().template(kind)
    }

    /// `templates/remediation-plan.md.mustache`.
    public static let remediationPlanMarkdown = #"""
{{! Remediation plan, rendered by `bramble report`. Copy this file, edit it and pass it with
    --template to restyle the plan, or write a template that names this one as its parent
    (default-remediation-plan.md) and overrides one of its blocks: header, summary, plan, keep,
    riskiest-attacks, gaps, accepted-risks, diagram-section or appendix. docs/templates.md
    lists every field and shows an example. }}
{{$header}}
# Remediation plan: {{title}}

{{#version}}Tree version {{version}}{{/version}}{{#date}} · reviewed {{date}}{{/date}}{{#authors}} · by {{authors}}{{/authors}}
{{#scope}}

Scope: {{scope}}
{{/scope}}
{{/header}}
{{$summary}}

## Summary

Goal {{goal.id}}, **{{goal.title}}**:

| Risk | Probability | Risk score | Band |
|---|---|---|---|
| Inherent: no mitigation | {{goal.inherent.probability}} | {{goal.inherent.risk}} | {{goal.inherent.band}} |
| Residual: implemented mitigations | {{goal.residual.probability}} | {{goal.residual.risk}} | **{{goal.residual.band}}** |
| Projected: implemented and planned | {{goal.projected.probability}} | {{goal.projected.risk}} | {{goal.projected.band}} |

The risk is {{goal.inherent.risk}} ({{goal.inherent.band}}) with no mitigation, {{goal.residual.risk}} ({{goal.residual.band}}) today,
and {{goal.projected.risk}} ({{goal.projected.band}}) once every planned mitigation is in place.
The tree has {{mitigationCount}} mitigations: {{#statusCounts}}{{count}} {{status}}{{^last}}, {{/last}}{{/statusCounts}}.
{{#baseline}}

### Changes since {{#version}}version {{version}}{{/version}}{{^version}}{{file}}{{/version}}

{{#unchanged}}
Nothing changed: the same nodes, mitigations and goal figures.
{{/unchanged}}
{{^unchanged}}
| Goal risk | Before | Now |
|---|---|---|
{{#goal}}
| {{view}} | {{before.risk}} ({{before.band}}) | {{after.risk}} ({{after.band}}) |
{{/goal}}

Nodes added:{{^addedNodes}} none.{{/addedNodes}}
{{#addedNodes}}
- {{id}} {{title}}
{{/addedNodes}}

Nodes removed:{{^removedNodes}} none.{{/removedNodes}}
{{#removedNodes}}
- {{id}} {{title}}
{{/removedNodes}}

Mitigations added:{{^addedMitigations}} none.{{/addedMitigations}}
{{#addedMitigations}}
- {{title}} ({{name}})
{{/addedMitigations}}

Mitigations removed:{{^removedMitigations}} none.{{/removedMitigations}}
{{#removedMitigations}}
- {{title}} ({{name}})
{{/removedMitigations}}
{{/unchanged}}
{{/baseline}}
{{/summary}}
{{$plan}}

## The plan: what to fix first

Planned mitigations, the one that removes the most residual risk per unit of effort first{{#effortUnit}}
(effort in {{effortUnit}}; an effort in another unit or none puts a mitigation after the others){{/effortUnit}}.
Each figure is the change in the goal's residual risk when that mitigation alone is added,
recomputed on the whole tree.
{{#planned}}

### {{rank}}. {{title}}

Mitigation {{name}} · {{status}}{{#effectiveness}} · effectiveness {{effectiveness}}{{/effectiveness}}{{#owner}} · owner {{owner}}{{/owner}}{{#ticket}} · ticket {{ticket}}{{/ticket}}{{#due}} · due {{due}}{{/due}}{{#effort}} · effort {{effort}}{{/effort}}

- Buys: removes {{riskReduction}} of residual risk{{#buys}} ({{buys}}){{/buys}}{{#reductionPerEffort}}; {{reductionPerEffort}} per unit of effort{{/reductionPerEffort}}.
{{#ifRegresses}}
- If it regresses once in place: the {{ifRegresses}}.
{{/ifRegresses}}
{{#missing}}
- Still missing: {{missing}}.
{{/missing}}
{{#group}}
- Needed together with {{#neededWith}}{{title}} ({{name}}){{^last}}, {{/last}}{{/neededWith}}: see group {{group}} below.
{{/group}}
{{#description}}
- {{description}}
{{/description}}
- Covers:
{{#covers}}
  - {{id}} {{title}}
{{/covers}}
{{/planned}}
{{^planned}}

No mitigation is planned.
{{/planned}}
{{#hasGroups}}

### Mitigations needed together

Each group below reduces the risk only when all of its mitigations are in place.
{{/hasGroups}}
{{#groups}}

Group {{number}}: {{#mitigations}}{{title}} ({{name}}, {{status}}){{^last}}; {{/last}}{{/mitigations}}.
{{#reason}}
{{reason}}
{{/reason}}
{{/groups}}
{{/plan}}
{{$keep}}

## Controls to keep

Implemented mitigations, the one whose loss would raise the residual risk most first.
{{#implemented}}

### {{title}}

Mitigation {{name}} · {{status}}{{#effectiveness}} · effectiveness {{effectiveness}}{{/effectiveness}}{{#owner}} · owner {{owner}}{{/owner}}{{#ticket}} · ticket {{ticket}}{{/ticket}}{{#effort}} · effort {{effort}}{{/effort}}

- Buys: removes {{riskReduction}} of residual risk today{{#buys}} ({{buys}}){{/buys}}.
{{#ifRegresses}}
- If it regresses: the {{ifRegresses}}.
{{/ifRegresses}}
- Covers:
{{#covers}}
  - {{id}} {{title}}
{{/covers}}
{{/implemented}}
{{^implemented}}

No mitigation is implemented.
{{/implemented}}
{{/keep}}
{{$riskiest-attacks}}

## The riskiest attacks

{{#attacks}}
The minimal attack sets most likely to succeed today, {{shown}} shown of {{total}}{{#truncated}}
(only the smallest sets were ranked){{/truncated}}. Each is a set of steps that together achieve
the goal, from which no step can be left out. Probability is the chance that every step of the
set succeeds and no mitigation on the gates above them stops it, with the residual figures;
cost is the sum of the steps' costs to the attacker.

| # | Steps | Probability | Cost |
|---|---|---|---|
{{#list}}
| {{rank}} | {{#steps}}{{id}} {{title}}{{^last}}; {{/last}}{{/steps}} | {{probability}} | {{cost}} |
{{/list}}
{{^list}}
| – | every attack is blocked | 0% | – |
{{/list}}
{{/attacks}}
{{^attacks}}
The attack sets were not computed: the tree's decision diagram is too large.
{{/attacks}}
{{/riskiest-attacks}}
{{$gaps}}

## High-risk steps with no mitigation

{{#hasHighRisk}}
Steps whose residual risk is {{highRiskBands}} and that no implemented or planned mitigation
covers, on the step or on every path above it, riskiest first. Each needs a mitigation or an
accepted risk.

| Step | Title | Residual probability | Risk | Band |
|---|---|---|---|---|
{{/hasHighRisk}}
{{#highRisk}}
| {{id}} | {{title}} | {{residual.probability}} | {{residual.risk}} | {{residual.band}} |
{{/highRisk}}
{{^highRisk}}
Every step whose residual risk is {{highRiskBands}} has an implemented or planned mitigation.
{{/highRisk}}
{{/gaps}}
{{$accepted-risks}}
{{#hasOtherMitigations}}

## Accepted risks

Mitigations that are accepted, transferred or not applicable, with the reason given.

| Mitigation | Status | Owner | Justification | Covers |
|---|---|---|---|---|
{{/hasOtherMitigations}}
{{#otherMitigations}}
| {{title}} ({{name}}) | {{status}} | {{owner}} | {{justification}} | {{#covers}}{{id}} {{/covers}}|
{{/otherMitigations}}
{{/accepted-risks}}
{{$diagram-section}}
{{#diagram}}

## Diagram

{{#mermaid}}
{{{diagram.fence}}}mermaid
{{{diagram.mermaid}}}
{{{diagram.fence}}}
{{/mermaid}}
{{#placeholder}}
{{{placeholder}}}
{{/placeholder}}
{{#note}}

{{note}}
{{/note}}
{{/diagram}}
{{/diagram-section}}
{{$appendix}}

## Appendix: every node

Probabilities of each node in the three views, with the residual risk and band.

| Id | Title | Kind | Inherent | Residual | Projected | Residual risk | Band |
|---|---|---|---|---|---|---|---|
{{#nodes}}
| {{id}} | {{title}} | {{kind}} | {{inherent.probability}} | {{residual.probability}} | {{projected.probability}} | {{residual.risk}} | {{residual.band}} |
{{/nodes}}

Probabilities assume independent steps; {{method}}. The rules are in Bramble's
docs/semantics.md.
{{/appendix}}

"""#

    /// `templates/remediation-plan.html.mustache`.
    public static let remediationPlanHTML = #"""
{{! The HTML page around the remediation plan, rendered by `bramble report --format html`.
    `body` is the Markdown plan converted to HTML, with the diagram as inline SVG; the other
    fields are those of the Markdown template, escaped for HTML when written in double braces.
    Override the style block to restyle the page. Keep the page self-contained: inline styles
    only, nothing loaded from the network. }}
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="bramble report">
<title>Remediation plan: {{title}}</title>
{{$style}}
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; line-height: 1.5; color: #1f2328; max-width: 72rem; margin: 0 auto; padding: 1.5rem 2rem 4rem; }
h1 { border-bottom: 2px solid #d0d7de; padding-bottom: .3rem; }
h2 { border-bottom: 1px solid #d0d7de; padding-bottom: .2rem; margin-top: 2.5rem; }
h3 { margin-top: 1.8rem; }
table { border-collapse: collapse; margin: 1rem 0; display: block; overflow-x: auto; }
th, td { border: 1px solid #d0d7de; padding: .3rem .6rem; text-align: left; vertical-align: top; overflow-wrap: break-word; }
th { background: #f6f8fa; }
tr:nth-child(2n) td { background: #fbfcfd; }
code { background: #f6f8fa; padding: .1rem .3rem; border-radius: 3px; }
.diagram { overflow: auto; border: 1px solid #d0d7de; padding: .5rem; margin: 1rem 0; }
.diagram svg { width: 100%; height: auto; }
footer { margin-top: 3rem; color: #59636e; font-size: .9rem; }
</style>
{{/style}}
</head>
<body>
<main>
{{{body}}}
</main>
<footer>Written by <code>bramble report</code>. The figures follow the rules in Bramble's docs/semantics.md.</footer>
</body>
</html>

"""#
}
