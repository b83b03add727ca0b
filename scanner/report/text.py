"""Human output for terminals and pre-commit: findings grouped by file, a summary line."""

from __future__ import annotations

from collections import Counter
from itertools import groupby

from scanner.engine import Report
from scanner.findings import SEVERITIES

COLOURS = {"critical": "\033[1;31m", "high": "\033[31m", "medium": "\033[33m", "low": "\033[36m"}
DIM, BOLD, RESET = "\033[2m", "\033[1m", "\033[0m"


def render(report: Report, colour: bool = False, show_suppressed: bool = False) -> str:
    def paint(text: str, code: str) -> str:
        return f"{code}{text}{RESET}" if colour else text

    lines: list[str] = []
    shown = [f for f in report.findings if show_suppressed or f.suppression is None]
    explained: set[str] = set()
    for file, group in groupby(shown, key=lambda f: f.location.file):
        lines.append(paint(file, BOLD))
        for f in group:
            sev = paint(f"{f.level.upper():8}", COLOURS[f.level])
            mark = " (suppressed: " + f.suppression.reason + ")" if f.suppression else ""
            lines.append(f"  {f.location.start_line:>5}  {sev} {f.rule.id}  {f.message}{mark}")
            for loc, text in f.related[:6]:
                lines.append(paint(f"         ↳ {loc.file}:{loc.start_line} {text}", DIM))
            if len(f.related) > 6:
                lines.append(paint(f"         ↳ … {len(f.related) - 6} more", DIM))
            if f.rule.id not in explained:
                explained.add(f.rule.id)
                lines.append(paint(f"         fix: {f.rule.fix}", DIM))
        lines.append("")
    for e in report.errors:
        where = f"{e.file}:{e.line}" if e.file and e.line else e.file or "npe-scan"
        lines.append(paint(f"error: {where}: {e.message}", COLOURS["high"]))
    counts = Counter(f.level for f in report.open_findings)
    parts = [f"{counts[s]} {s}" for s in reversed(SEVERITIES) if counts[s]]
    suppressed = len(report.findings) - len(report.open_findings)
    summary = (
        f"{len(report.open_findings)} finding(s)"
        + (f" ({', '.join(parts)})" if parts else "")
        + f" in {len(report.files)} file(s)"
        + (f", {suppressed} suppressed" if suppressed else "")
        + (f", {len(report.errors)} file(s) could not be scanned" if report.errors else "")
        + f" [{report.seconds:.2f}s]"
    )
    lines.append(paint(summary, BOLD))
    return "\n".join(lines) + "\n"
