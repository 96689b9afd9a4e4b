/// The templates built into `bramble`. Each is also shipped in the repository's `templates/`
/// folder for users to copy and edit; a test keeps the two identical.
public enum DefaultTemplates {
    /// `templates/remediation-plan.md.mustache`.
    public static let remediationPlanMarkdown = #"""
{{! Remediation plan, rendered by `bramble report`. Copy this file, edit it and pass it with
    --template to restyle the plan. docs/templates.md lists every field. }}
# Remediation plan: {{title}}

{{#version}}Tree version {{version}}{{/version}}{{#date}} · reviewed {{date}}{{/date}}{{#authors}} · by {{authors}}{{/authors}}
{{#scope}}

Scope: {{scope}}
{{/scope}}

## Summary

Goal {{goal.id}}, **{{goal.title}}**:

| Risk | Probability | Risk score | Band |
|---|---|---|---|
| Inherent: no mitigation | {{goal.inherent.probability}} | {{goal.inherent.risk}} | {{goal.inherent.band}} |
| Residual: implemented mitigations | {{goal.residual.probability}} | {{goal.residual.risk}} | **{{goal.residual.band}}** |
| Projected: implemented and planned | {{goal.projected.probability}} | {{goal.projected.risk}} | {{goal.projected.band}} |

The tree has {{mitigationCount}} mitigations: {{#statusCounts}}{{count}} {{status}}{{^last}}, {{/last}}{{/statusCounts}}.
Each mitigation's effect below is the change in the goal's residual risk when that mitigation
alone is added or removed, recomputed on the whole tree.

## What to do next

Planned mitigations, the one that removes the most residual risk first.
{{#planned}}

### {{rank}}. {{title}}

Mitigation {{name}} · {{status}}{{#effectiveness}} · effectiveness {{effectiveness}}{{/effectiveness}}{{#owner}} · owner {{owner}}{{/owner}}{{#ticket}} · ticket {{ticket}}{{/ticket}}{{#due}} · due {{due}}{{/due}}{{#cost}} · cost {{cost}}{{/cost}}

- Removes {{riskReduction}} of residual risk{{#buys}} ({{buys}}){{/buys}}.
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

## Controls to keep

Implemented mitigations, the one whose loss would raise the residual risk most first.
{{#implemented}}

### {{title}}

Mitigation {{name}} · {{status}}{{#effectiveness}} · effectiveness {{effectiveness}}{{/effectiveness}}{{#owner}} · owner {{owner}}{{/owner}}{{#ticket}} · ticket {{ticket}}{{/ticket}}{{#cost}} · cost {{cost}}{{/cost}}

- Removes {{riskReduction}} of residual risk today{{#ifRegresses}}; if it regresses, the {{ifRegresses}}{{/ifRegresses}}.
- Covers:
{{#covers}}
  - {{id}} {{title}}
{{/covers}}
{{/implemented}}
{{^implemented}}

No mitigation is implemented.
{{/implemented}}
{{#hasOtherMitigations}}

## Accepted, transferred and not applicable

| Mitigation | Status | Owner | Justification | Covers |
|---|---|---|---|---|
{{/hasOtherMitigations}}
{{#otherMitigations}}
| {{title}} ({{name}}) | {{status}} | {{owner}} | {{justification}} | {{#covers}}{{id}} {{/covers}}|
{{/otherMitigations}}

## Riskiest steps with no implemented mitigation

{{#hasUnmitigated}}
Steps that no implemented mitigation reduces, on the step or on any node above it, riskiest
first ({{unmitigatedShown}} shown of {{unmitigatedTotal}}).

| Step | Title | Residual probability | Risk | Band |
|---|---|---|---|---|
{{/hasUnmitigated}}
{{#unmitigated}}
| {{id}} | {{title}} | {{residual.probability}} | {{residual.risk}} | {{residual.band}} |
{{/unmitigated}}
{{^unmitigated}}
Every step with a known risk has an implemented mitigation on it or above it.
{{/unmitigated}}

## Appendix: every node

| Id | Title | Kind | Inherent | Residual | Projected | Residual band |
|---|---|---|---|---|---|---|
{{#nodes}}
| {{id}} | {{title}} | {{kind}} | {{inherent.probability}} | {{residual.probability}} | {{projected.probability}} | {{residual.band}} |
{{/nodes}}

Probabilities assume independent steps; {{method}}. The rules are in Bramble's
docs/semantics.md.

"""#
}
