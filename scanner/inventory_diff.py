"""Compare two inventories: identities added and removed, and changes in privilege, risk,
credentials and consumers. For pull requests: the base is a git ref or a saved inventory."""

from __future__ import annotations

import io
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from scanner import discovery
from scanner.privilege import TIERS


class BaseError(ValueError):
    """The base inventory could not be had; the message says why and what to do."""


def base_inventory(base: str, paths: list[str], root: Path) -> dict[str, Any]:
    """The inventory of ``base``: a saved ``inventory --format json`` file, or a git ref of ``root``."""
    from scanner import inventory
    from scanner.engine import scan

    if Path(base).is_file():
        try:
            data = json.loads(Path(base).read_text("utf-8"))
        except (OSError, ValueError) as err:
            raise BaseError(f"{base}: not an inventory JSON file ({err})") from None
        if not isinstance(data, dict) or not isinstance(data.get("identities"), list):
            raise BaseError(f"{base}: expected the output of 'npe-scan inventory --format json'")
        return data
    with tempfile.TemporaryDirectory(prefix="npe-scan-base-") as tmp:
        _export(base, root, Path(tmp))
        mapped = [str(Path(tmp) / discovery.relative(Path(p), root)) for p in paths]
        existing = [p for p in mapped if Path(p).exists()]
        report = scan(existing, Path(tmp)) if existing else None
        return inventory.build(report) if report is not None else {"identities": []}


def _export(ref: str, root: Path, dest: Path) -> None:
    """Write the tree of ``ref`` into ``dest`` with git archive (nothing from it is run)."""
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "archive", "--format=tar", ref], capture_output=True, timeout=300, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as err:
        raise BaseError(f"cannot run git archive for '{ref}' ({err}); give a saved inventory file instead") from None
    if done.returncode != 0:
        raise BaseError(
            f"'{ref}' is neither a file nor a git ref of {root} (git: {done.stderr.decode().strip()[:200]})"
        )
    with tarfile.open(fileobj=io.BytesIO(done.stdout)) as archive:
        archive.extractall(dest, filter="data")


def _key_set(items: list[dict[str, Any]], fields: tuple[str, ...]) -> set[tuple[Any, ...]]:
    return {tuple(item.get(f) for f in fields) for item in items}


def diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    before = {i["id"]: i for i in old.get("identities", [])}
    after = {i["id"]: i for i in new.get("identities", [])}
    changed = []
    for ident_id in sorted(set(before) & set(after)):
        a, b = before[ident_id], after[ident_id]
        changes: dict[str, Any] = {}
        for field in ("privilege", "risk"):
            if a.get(field) != b.get(field):
                changes[field] = {"from": a.get(field), "to": b.get(field)}
        for field, keys in (("credentials", ("kind", "name", "long_lived")), ("consumers", ("kind", "name"))):
            old_set, new_set = _key_set(a.get(field, []), keys), _key_set(b.get(field, []), keys)
            if old_set != new_set:
                changes[field] = {
                    "added": [dict(zip(keys, t, strict=True)) for t in sorted(new_set - old_set, key=str)],
                    "removed": [dict(zip(keys, t, strict=True)) for t in sorted(old_set - new_set, key=str)],
                }
        if changes:
            changed.append({"id": ident_id, "name": b.get("name"), "kind": b.get("kind"), "changes": changes})
    return {
        "added": [after[i] for i in sorted(set(after) - set(before))],
        "removed": [before[i] for i in sorted(set(before) - set(after))],
        "changed": changed,
    }


def violations(result: dict[str, Any], new_admin: bool, new_long_lived: bool) -> list[str]:
    """Why the run should fail: a new admin identity, a new long-lived credential."""
    out = []
    if new_admin:
        for ident in result["added"]:
            if ident.get("privilege") == "admin":
                out.append(f"new admin identity {ident['id']}")
        for change in result["changed"]:
            if change["changes"].get("privilege", {}).get("to") == "admin":
                out.append(f"{change['id']} became admin")
    if new_long_lived:
        for ident in result["added"]:
            for cred in ident.get("credentials", []):
                if cred.get("long_lived") and cred.get("owned", True):
                    out.append(f"new long-lived {cred['kind']} for {ident['id']}")
        for change in result["changed"]:
            for cred in change["changes"].get("credentials", {}).get("added", []):
                if cred.get("long_lived"):
                    out.append(f"new long-lived {cred['kind']} for {change['id']}")
    return out


def to_markdown(result: dict[str, Any]) -> str:
    """A pull-request comment: added, removed and changed identities."""
    lines = ["## Machine identities changed by this pull request", ""]
    if not (result["added"] or result["removed"] or result["changed"]):
        return "\n".join([*lines, "No machine identity was added, removed or changed.", ""])
    if result["added"]:
        lines += [
            "### Added",
            "",
            "| identity | kind | privilege | risk | long-lived credentials |",
            "|---|---|---|---|---|",
        ]
        lines += [_added_row(i) for i in result["added"]] + [""]
    if result["removed"]:
        lines += ["### Removed", ""]
        lines += [f"- `{i['name']}` {i['kind']} ({i['privilege']})" for i in result["removed"]] + [""]
    if result["changed"]:
        lines += ["### Changed", ""]
        lines += [
            f"- `{c['name']}` ({c['kind']}): " + "; ".join(_change_parts(c["changes"])) for c in result["changed"]
        ]
        lines.append("")
    return "\n".join(lines)


def _added_row(ident: dict[str, Any]) -> str:
    creds = ", ".join(c["kind"] for c in ident.get("credentials", []) if c.get("long_lived") and c.get("owned"))
    where = ident["location"]["file"]
    return (
        f"| `{ident['name']}` ({where}) | {ident['kind']} | {ident['privilege']} | {ident['risk']} | {creds or '-'} |"
    )


def _change_parts(changes: dict[str, Any]) -> list[str]:
    parts = []
    for field in ("privilege", "risk"):
        if field in changes:
            old, new = changes[field]["from"], changes[field]["to"]
            raised = field == "privilege" and old in TIERS and new in TIERS and TIERS.index(new) > TIERS.index(old)
            parts.append(f"{field} {old} → **{new}**" + (" (raised)" if raised else ""))
    for field in ("credentials", "consumers"):
        if field in changes:
            added = [_label(x) for x in changes[field]["added"]]
            removed = [_label(x) for x in changes[field]["removed"]]
            text = ", ".join([*(f"+{a}" for a in added), *(f"-{r}" for r in removed)])
            parts.append(f"{field} {text}")
    return parts


def _label(item: dict[str, Any]) -> str:
    name = item.get("name") or item["kind"]
    return f"{name} ({item['kind']}, long-lived)" if item.get("long_lived") else f"{name} ({item['kind']})"
