"""Every rule on its positive and negative fixtures: the exact findings, by rule, file and line."""

from __future__ import annotations

import pytest
from conftest import FIXTURES, expected_findings, scan_folder

from rules import rules

RULE_IDS = [r.id for r in rules()]
FOLDERS = sorted(p for p in FIXTURES.glob("*/*") if p.is_dir() and p.name in ("pos", "neg"))


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture_findings_are_exactly_the_expected_ones(folder):
    report = scan_folder(folder)
    assert report.errors == []
    found = {(f.rule.id, f.location.file, f.location.start_line) for f in report.findings}
    assert found == expected_findings(folder)


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_every_rule_has_positive_and_negative_fixtures(rule_id):
    pos, neg = FIXTURES / rule_id / "pos", FIXTURES / rule_id / "neg"
    assert pos.is_dir() and neg.is_dir(), f"fixtures/{rule_id}/pos and /neg are required"
    assert any(rule == rule_id for rule, _, _ in expected_findings(pos)), "the positive fixture expects no finding"
    assert not any(rule == rule_id for rule, _, _ in expected_findings(neg)), "the negative fixture expects one"
