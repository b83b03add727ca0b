"""Inline suppressions written as comments, and the decision whether one applies to a finding.

Syntax, in any Terraform or YAML file, inside the block or on the line just above it::

    # npe-scan:ignore NPE-SEC-002 the value is a public test fixture [until=2027-01-31]

Kubernetes annotations and CloudFormation Metadata use the same rule id, reason and ``until``
(see the README). A suppression without a reason is ignored: waivers must say why.
"""

from __future__ import annotations

import re
from datetime import date

from scanner.model import Resource, Suppression

COMMENT = re.compile(r"(?:#|//)\s*npe-scan:ignore[:=\s]+([A-Z0-9-]+)\s*(.*)$")
UNTIL = re.compile(r"\[?\s*until[=:\s]\s*(\d{4}-\d{2}-\d{2})\s*\]?")


def split_reason(text: str) -> tuple[str, str | None]:
    """Reason text and optional ``until`` date of a waiver."""
    m = UNTIL.search(text)
    until = m.group(1) if m else None
    reason = UNTIL.sub("", text).strip(" -:;,")
    return reason, until


def comment_suppressions(lines: list[str]) -> list[tuple[int, Suppression]]:
    """(line, suppression) for each ignore comment in a file's lines."""
    out: list[tuple[int, Suppression]] = []
    for number, text in enumerate(lines, start=1):
        if "npe-scan:ignore" not in text:
            continue
        m = COMMENT.search(text)
        if m:
            reason, until = split_reason(m.group(2))
            out.append((number, Suppression(rule_id=m.group(1), reason=reason, until=until)))
    return out


def attach_comments(resources: list[Resource], comments: list[tuple[int, Suppression]]) -> None:
    """Give each comment to the innermost resource whose span holds it, or that starts next."""
    for line, sup in comments:
        holders = [r for r in resources if r.location.start_line - 1 <= line <= r.location.last_line]
        if not holders:
            continue
        holder = min(holders, key=lambda r: r.location.last_line - r.location.start_line)
        holder.suppressions.append(sup)


def active(sup: Suppression, today: date | None = None) -> bool:
    """A waiver counts while it has a reason and its date, if any, has not passed."""
    if not sup.reason:
        return False
    if sup.until:
        try:
            return date.fromisoformat(sup.until) >= (today or date.today())
        except ValueError:
            return False
    return True
