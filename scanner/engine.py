"""The pipeline in one place: load → graph → rules → suppressions → report."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scanner import discovery
from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.model import ParseError, Suppression
from scanner.suppress import active


@dataclass
class Report:
    """What a scan found, and what it could not read."""

    root: Path
    rules: list[Rule]
    findings: list[Finding] = field(default_factory=list)
    errors: list[ParseError] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    graph: Any = None

    @property
    def open_findings(self) -> list[Finding]:
        return [f for f in self.findings if f.suppression is None]


def scan(
    paths: list[str],
    root: Path,
    settings: Settings | None = None,
    baseline: dict[str, Any] | None = None,
    max_bytes: int = discovery.MAX_FILE_BYTES,
    progress: Callable[..., None] | None = None,
) -> Report:
    """Scan ``paths`` and return every finding, suppressed ones included."""
    from rules import load as load_rules
    from scanner.graph import build
    from scanner.load import load

    started = time.perf_counter()
    settings = settings or Settings()
    modules = load_rules()
    report = Report(root=root, rules=[m.RULE for m in modules])
    loaded = load(paths, root, max_bytes, progress)
    report.errors.extend(loaded.errors)
    report.files = sorted(set(loaded.files))
    report.skipped = loaded.skipped
    graph = build(loaded.resources)
    report.graph = graph
    for module in modules:
        try:
            report.findings.extend(module.check(graph, settings))
        except Exception as err:  # a rule's bug must not hide the other rules' findings
            report.errors.append(
                ParseError("", 0, f"rule {module.RULE.id} failed ({type(err).__name__}); please report it")
            )
    report.findings = merge_module_instances(report.findings, graph)
    focus = _focus(paths, root)
    if focus is not None:
        report.findings = [f for f in report.findings if _touches(f, focus)]
    _apply_suppressions(report.findings, baseline or {})
    report.findings.sort(key=lambda f: (f.location.file, f.location.start_line, f.rule.id, f.key))
    report.seconds = time.perf_counter() - started
    return report


def merge_module_instances(findings: list[Finding], graph: Any) -> list[Finding]:
    """One finding per place in a module's code: the same rule at the same line of the same
    resource in several instances of a local module becomes one finding whose related locations
    are the other instances' module calls."""
    out: list[Finding] = []
    groups: dict[tuple[str, str, int, str], list[Finding]] = {}
    for finding in findings:
        res = finding.resource
        if res is None or res.format != "terraform" or "module." not in res.module:
            out.append(finding)
        else:
            key = (finding.rule.id, finding.location.file, finding.location.start_line, res.address)
            groups.setdefault(key, []).append(finding)
    for group in groups.values():
        first, *others = sorted(group, key=lambda f: f.resource.module)
        if others:
            first.message += f" (also in {len(others)} other instance(s) of this module)"
            for other in others:
                call = _module_call(graph, other.resource.module)
                if call is not None:
                    first.related.append((call, f"instance {other.resource.module}"))
        out.append(first)
    return out


def _module_call(graph: Any, instance: str) -> Any:
    """Location of the ``module`` block that created an instance (``live/module.x``)."""
    caller, _, label = ("./" + instance if instance.startswith("module.") else instance).rpartition("/module.")
    block = graph.resource_at(caller, f"module.{label.split('[', 1)[0]}") if graph is not None else None
    return block.location if block is not None else None


def _focus(paths: list[str], root: Path) -> tuple[set[str], tuple[str, ...]] | None:
    """Files and folders the user named, when some are files (a pre-commit run): findings
    elsewhere in a module loaded for context are not theirs to fix in this commit."""
    named = [Path(p) for p in paths]
    if not any(p.is_file() for p in named):
        return None
    files = {discovery.relative(p, root) for p in named if p.is_file()}
    folders = tuple(discovery.relative(p, root).rstrip("/") + "/" for p in named if p.is_dir())
    return files, folders


def _touches(finding: Finding, focus: tuple[set[str], tuple[str, ...]]) -> bool:
    files, folders = focus
    for loc in [finding.location, *(loc for loc, _ in finding.related if loc is not None)]:
        if loc.file in files or loc.file.startswith(folders) or folders == ("./",):
            return True
    return False


def _apply_suppressions(findings: list[Finding], baseline: dict[str, Any]) -> None:
    known = baseline.get("fingerprints", {}) if isinstance(baseline, dict) else {}
    for finding in findings:
        if finding.resource is not None:
            for sup in finding.resource.suppressions:
                if sup.rule_id == finding.rule.id and active(sup):
                    finding.suppression = sup
                    break
        if finding.suppression is None and finding.fingerprint in known:
            finding.suppression = Suppression(finding.rule.id, "accepted in the baseline file", kind="external")


def read_baseline(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text("utf-8"))
    if not isinstance(data, dict) or "fingerprints" not in data:
        raise ValueError("not an npe-scan baseline (expected a JSON object with 'fingerprints')")
    return data


def baseline_of(report: Report) -> dict[str, Any]:
    """Every open finding's fingerprint, to accept today's findings and fail only on new ones."""
    return {
        "version": 1,
        "tool": "npe-scan",
        "fingerprints": {f.fingerprint: {"rule": f.rule.id, "file": f.location.file} for f in report.open_findings},
    }
