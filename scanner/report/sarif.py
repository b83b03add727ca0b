"""SARIF 2.1.0 for GitHub code scanning and other dashboards."""

from __future__ import annotations

from typing import Any

from scanner import __version__
from scanner.engine import Report
from scanner.findings import SECURITY_SEVERITY, Finding, Rule
from scanner.model import Location

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}
INFO_URI = "https://pypi.org/project/npe-scan/"


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    help_md = (
        f"**{rule.title}**\n\n{rule.description}\n\n**How to fix:** {rule.fix}\n\n"
        f"Family: `{rule.family}` · OWASP Non-Human Identities Top 10: {', '.join(rule.owasp)}"
    )
    out: dict[str, Any] = {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.description},
        "help": {"text": f"{rule.description}\n\nHow to fix: {rule.fix}", "markdown": help_md},
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {
            "tags": ["security", rule.family, *rule.owasp],
            "security-severity": SECURITY_SEVERITY[rule.severity],
            "precision": rule.precision,
            "problem.severity": "error" if rule.severity in ("high", "critical") else "warning",
        },
    }
    if rule.help_uri:
        out["helpUri"] = rule.help_uri
    return out


def _location(loc: Location, message: str | None = None, ident: int | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "physicalLocation": {
            "artifactLocation": {"uri": loc.file, "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": max(1, loc.start_line), "endLine": max(1, loc.last_line)},
        }
    }
    if message:
        out["message"] = {"text": message}
    if ident is not None:
        out["id"] = ident
    return out


def _result(finding: Finding, index: dict[str, int]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule.id,
        "ruleIndex": index[finding.rule.id],
        "level": LEVEL[finding.level],
        "message": {"text": finding.message},
        "locations": [_location(finding.location)],
        "partialFingerprints": {"npeFindingHash/v1": finding.fingerprint},
        "properties": {"severity": finding.level, "security-severity": SECURITY_SEVERITY[finding.level]},
    }
    if finding.identity:
        result["properties"]["identity"] = finding.identity
    related = [(loc, text) for loc, text in finding.related if loc is not None and loc.file]
    if related:
        result["relatedLocations"] = [_location(loc, text, i) for i, (loc, text) in enumerate(related, start=1)]
    if finding.suppression is not None:
        sup = finding.suppression
        entry: dict[str, Any] = {"kind": sup.kind, "justification": sup.reason}
        if sup.until:
            entry["properties"] = {"until": sup.until}
        result["suppressions"] = [entry]
    return result


def render(report: Report) -> dict[str, Any]:
    rules = sorted(report.rules, key=lambda r: r.id)
    index = {r.id: i for i, r in enumerate(rules)}
    notifications = [
        {
            "level": "error",
            "message": {"text": f"{e.file or 'npe-scan'}: {e.message}"},
            **({"locations": [_location(Location(e.file, max(1, e.line), max(1, e.line)))]} if e.file else {}),
            "descriptor": {"id": "parse-error" if e.file else "internal-error"},
        }
        for e in report.errors
    ]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "npe-scan",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFO_URI,
                "rules": [rule_descriptor(r) for r in rules],
            }
        },
        "invocations": [{"executionSuccessful": not report.errors, "toolExecutionNotifications": notifications}],
        "originalUriBaseIds": {"%SRCROOT%": {"uri": report.root.resolve().as_uri() + "/"}},
        "results": [_result(f, index) for f in report.findings],
        "columnKind": "unicodeCodePoints",
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
