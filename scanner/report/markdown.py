"""Markdown for pull-request comments and reviews."""

from __future__ import annotations

from collections import Counter

from scanner.engine import Report
from scanner.findings import SEVERITIES


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(report: Report) -> str:
    open_findings = report.open_findings
    counts = Counter(f.level for f in open_findings)
    out = ["## npe-scan: machine identity findings", ""]
    summary = ", ".join(f"{counts[s]} {s}" for s in reversed(SEVERITIES) if counts[s]) or "no findings"
    out.append(f"**{len(open_findings)} finding(s)** ({summary}) in {len(report.files)} file(s).")
    out.append("")
    if open_findings:
        out.append("| Severity | Rule | Location | Finding |")
        out.append("|---|---|---|---|")
        worst_first = sorted(open_findings, key=lambda f: -SEVERITIES.index(f.level))  # stable: file order kept
        for f in worst_first:
            loc = f"`{f.location.file}:{f.location.start_line}`"
            out.append(f"| {f.level} | {f.rule.id} | {loc} | {_cell(f.message)} |")
        out.append("")
        out.append("<details><summary>How to fix</summary>")
        out.append("")
        for rule_id in sorted({f.rule.id for f in open_findings}):
            rule = next(f.rule for f in open_findings if f.rule.id == rule_id)
            out.append(f"- **{rule.id}** {rule.title}: {rule.fix}")
        out.append("")
        out.append("</details>")
    suppressed = [f for f in report.findings if f.suppression is not None]
    if suppressed:
        out.append("")
        out.append(f"{len(suppressed)} suppressed finding(s).")
    if report.errors:
        out.append("")
        out.append("**Files that could not be scanned:**")
        for e in report.errors:
            out.append(f"- `{e.file}:{e.line}` {_cell(e.message)}")
    return "\n".join(out) + "\n"
