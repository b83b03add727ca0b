"""Plain JSON for scripts: findings, errors and a summary."""

from __future__ import annotations

from collections import Counter
from typing import Any

from scanner import __version__
from scanner.engine import Report
from scanner.findings import Finding
from scanner.model import Location


def _loc(loc: Location) -> dict[str, Any]:
    return {"file": loc.file, "start_line": loc.start_line, "end_line": loc.last_line}


def finding_dict(f: Finding) -> dict[str, Any]:
    return {
        "rule": f.rule.id,
        "title": f.rule.title,
        "family": f.rule.family,
        "severity": f.level,
        "message": f.message,
        "location": _loc(f.location),
        "identity": f.identity,
        "resource": f.resource.address if f.resource is not None else None,
        "related": [{"location": _loc(loc), "message": text} for loc, text in f.related if loc is not None],
        "fingerprint": f.fingerprint,
        "suppressed": None
        if f.suppression is None
        else {
            "kind": f.suppression.kind,
            "reason": f.suppression.reason,
            "until": f.suppression.until,
        },
        "fix": f.rule.fix,
    }


def render(report: Report) -> dict[str, Any]:
    open_findings = report.open_findings
    return {
        "tool": "npe-scan",
        "version": __version__,
        "summary": {
            "files": len(report.files),
            "findings": len(open_findings),
            "suppressed": len(report.findings) - len(open_findings),
            "by_severity": dict(Counter(f.level for f in open_findings)),
            "errors": len(report.errors),
            "seconds": round(report.seconds, 3),
        },
        "findings": [finding_dict(f) for f in report.findings],
        "errors": [{"file": e.file, "line": e.line, "message": e.message} for e in report.errors],
    }
