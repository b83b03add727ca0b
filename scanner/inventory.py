"""The machine-identity inventory: every identity with its credentials, consumers, privilege and risk."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from scanner import privilege
from scanner.engine import Report
from scanner.graph import Graph, Identity
from scanner.privilege import TIERS

RISKS = ("none", "low", "medium", "high", "critical")


def _location(loc: Any) -> dict[str, Any]:
    return {"file": loc.file, "line": loc.start_line}


def identity_record(report: Report, ident: Identity) -> dict[str, Any]:
    graph: Graph = report.graph
    consumers = graph.workloads_of(ident.id)
    holders = {c for cred in graph.credentials.values() if cred.owner == ident.id for c in cred.consumers}
    running = {w.id for w in consumers}
    consumers += [graph.workloads[c] for c in sorted(holders) if c in graph.workloads and c not in running]
    credentials = []
    for cred in graph.credentials.values():
        owned = cred.owner == ident.id
        carried = bool(running & set(cred.consumers))
        if owned or carried:
            credentials.append(
                {
                    "kind": cred.kind,
                    "name": cred.name,
                    "long_lived": cred.long_lived,
                    "expires": cred.expires,
                    "location": _location(cred.location),
                    "owned": owned,
                    "shared_by": len(cred.consumers),
                }
            )
    findings = sorted(
        {
            f.rule.id
            for f in report.open_findings
            if f.identity == ident.id or (ident.resource is not None and f.resource is ident.resource)
        }
    )
    tier = privilege.tier(graph, ident.id)
    effective = tier
    if ident.assumes:  # a federated service account can do what the cloud identity can
        effective = max(tier, privilege.tier(graph, ident.assumes), key=TIERS.index)
    risk, reasons = risk_of(effective, credentials, consumers, findings, report, ident.id)
    return {
        "id": ident.id,
        "name": ident.name,
        "kind": ident.kind,
        "provider": ident.provider,
        "declared": ident.resource is not None,
        "location": _location(ident.location),
        "credentials": credentials,
        "consumers": [
            {"name": w.name, "kind": w.kind, "location": _location(w.location), "via": _via(graph, w, ident)}
            for w in consumers
        ],
        "privilege": tier,
        "effective_privilege": effective,
        "risk": risk,
        "risk_reasons": reasons,
        "findings": findings,
        "assumes": ident.assumes,
        "assumed_by": sorted(i.id for i in graph.identities.values() if i.assumes == ident.id),
    }


def _via(graph: Graph, work: Any, ident: Identity) -> str:
    """How a consumer uses the identity: runs as it, through a federated service account, or holds a key."""
    if work.identity == ident.id:
        return "runs-as"
    if work.identity and graph.identities[work.identity].assumes == ident.id:
        return "federated"
    return "holds-credential"


def risk_of(
    tier: str,
    credentials: list[dict[str, Any]],
    consumers: list[Any],
    findings: list[str],
    report: Report,
    identity_id: str,
) -> tuple[str, list[str]]:
    """Privilege, plus one step for a long-lived credential and one for sharing; never below the
    worst open finding raised on the identity."""
    score = {"admin": 4, "privilege-escalation": 3, "write": 2, "read": 1}.get(tier, 0)
    reasons = [f"privilege: {tier}"] if score else []
    if any(c["long_lived"] and c["owned"] for c in credentials):
        score += 1
        reasons.append("long-lived credential")
    if any(c["shared_by"] > 1 for c in credentials) or len(consumers) > 1:
        score += 1
        reasons.append(
            "shared by several workloads" if len(consumers) > 1 else "credential shared with other workloads"
        )
    level = (
        "critical" if score >= 5 else "high" if score == 4 else "medium" if score >= 2 else "low" if score else "none"
    )
    worst = max((f.level for f in report.open_findings if f.identity == identity_id), key=RISKS.index, default="none")
    if RISKS.index(worst) > RISKS.index(level):
        level = worst
        reasons.append(f"{worst} finding")
    return level, reasons


def build(report: Report) -> dict[str, Any]:
    records = [identity_record(report, i) for i in report.graph.identities.values()]
    records.sort(key=lambda r: (-RISKS.index(r["risk"]), -TIERS.index(r["privilege"]), r["id"]))
    return {
        "identities": records,
        "summary": {
            "identities": len(records),
            "by_risk": {r: sum(1 for x in records if x["risk"] == r) for r in reversed(RISKS)},
            "files": len(report.files),
        },
        "errors": [{"file": e.file, "line": e.line, "message": e.message} for e in report.errors],
    }


def to_json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2) + "\n"


COLUMNS = ("risk", "privilege", "kind", "name", "credentials", "consumers", "location")


def _row(r: dict[str, Any]) -> list[str]:
    creds = ", ".join(sorted({c["kind"] + ("*" if c["long_lived"] else "") for c in r["credentials"]})) or "-"
    consumers = ", ".join(c["name"] for c in r["consumers"][:3]) + (" …" if len(r["consumers"]) > 3 else "")
    shown = r["privilege"] if r["effective_privilege"] == r["privilege"] else f"{r['effective_privilege']} (assumed)"
    return [
        r["risk"],
        shown,
        r["kind"],
        r["name"],
        creds,
        consumers or "-",
        f"{r['location']['file']}:{r['location']['line']}",
    ]


def to_csv(data: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", *COLUMNS, "risk_reasons", "findings"])
    for r in data["identities"]:
        writer.writerow([r["id"], *_row(r), "; ".join(r["risk_reasons"]), " ".join(r["findings"])])
    return out.getvalue()


def to_table(data: dict[str, Any], width: int | None = None) -> str:
    """Fixed columns; on a terminal of ``width`` columns the wide ones shrink to fit."""
    rows = [list(COLUMNS)] + [_row(r) for r in data["identities"]]
    widths = [min(40, max(len(row[i]) for row in rows)) for i in range(len(COLUMNS) - 1)]
    widths.append(max(len(row[-1]) for row in rows))  # locations are never cut
    if width:
        shrinkable = [3, 4, 5]  # name, credentials, consumers
        while sum(widths) + 2 * (len(widths) - 1) > width and any(widths[i] > 12 for i in shrinkable):
            widest = max(shrinkable, key=lambda i: widths[i])
            widths[widest] -= 1
    lines = ["  ".join(cell[:w].ljust(w) for cell, w in zip(row, widths, strict=False)).rstrip() for row in rows]
    summary = data["summary"]
    by_risk = ", ".join(f"{n} {k}" for k, n in summary["by_risk"].items() if n)
    lines.append("")
    lines.append(f"{summary['identities']} machine identities ({by_risk or 'none'}); * = long-lived credential")
    return "\n".join(lines) + "\n"


def to_markdown(data: dict[str, Any]) -> str:
    lines = ["## Machine identities", "", "| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for r in data["identities"]:
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in _row(r)) + " |")
    lines.append("")
    lines.append(f"{data['summary']['identities']} machine identities; * = long-lived credential.")
    return "\n".join(lines) + "\n"
