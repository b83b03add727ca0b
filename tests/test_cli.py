"""The command line as users call it: formats, exit codes, --fail-on, --output, rules, inventory."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from conftest import FIXTURES, ROOT


def npe(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scanner.cli", *args], cwd=cwd, capture_output=True, text=True)


def test_console_script_is_installed():
    exe = shutil.which("npe-scan")
    assert exe, "pip install . must provide the npe-scan command"
    out = subprocess.run([exe, "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and "npe-scan" in out.stdout


def test_findings_exit_1_and_clean_exit_0():
    bad = npe("scan", "fixtures/NPE-PERM-AWS-001/pos")
    assert bad.returncode == 1, bad.stderr
    assert "NPE-PERM-AWS-001" in bad.stdout
    clean = npe("scan", "fixtures/NPE-PERM-AWS-011/neg")
    assert clean.returncode == 0, clean.stdout
    assert "0 finding(s)" in clean.stdout


@pytest.mark.parametrize(("fail_on", "code"), [("critical", 1), ("none", 0)])
def test_fail_on_threshold(fail_on, code):
    assert npe("scan", "fixtures/NPE-PERM-AWS-001/pos", "--fail-on", fail_on).returncode == code


def test_fail_on_above_the_findings_passes():
    # NPE-SEC-003 fixtures raise only medium findings
    assert npe("scan", "fixtures/NPE-SEC-003/pos", "--fail-on", "high").returncode == 0
    assert npe("scan", "fixtures/NPE-SEC-003/pos", "--fail-on", "medium").returncode == 1


def test_usage_error_exits_2():
    assert npe("scan", "--format", "xml").returncode == 2
    assert npe("scan", "no/such/path").returncode == 2


@pytest.mark.parametrize("fmt", ["json", "sarif", "markdown", "text"])
def test_output_file(tmp_path, fmt):
    out = tmp_path / f"report.{fmt}"
    run = npe("scan", "fixtures/NPE-LIFE-001/pos", "--format", fmt, "--output", str(out))
    assert run.returncode == 1
    assert run.stdout == ""
    text = out.read_text()
    assert "NPE-LIFE-001" in text
    if fmt in ("json", "sarif"):
        json.loads(text)


def test_json_report_lists_exact_findings():
    run = npe("scan", "fixtures/NPE-LIFE-001/pos", "--format", "json")
    data = json.loads(run.stdout)
    got = sorted((f["rule"], f["location"]["file"], f["location"]["start_line"]) for f in data["findings"])
    assert got == [
        ("NPE-LIFE-001", "fixtures/NPE-LIFE-001/pos/main.tf", 1),  # the user has two active keys
        ("NPE-LIFE-001", "fixtures/NPE-LIFE-001/pos/main.tf", 5),
        ("NPE-LIFE-001", "fixtures/NPE-LIFE-001/pos/main.tf", 10),
        ("NPE-LIFE-001", "fixtures/NPE-LIFE-001/pos/template.yaml", 7),
    ]
    assert data["summary"]["findings"] == 4


def test_paths_are_relative_to_the_repository_from_a_subfolder():
    run = npe("scan", "NPE-LIFE-008/pos", "--format", "json", cwd=FIXTURES)
    files = {f["location"]["file"] for f in json.loads(run.stdout)["findings"]}
    assert files == {"fixtures/NPE-LIFE-008/pos/main.tf"}


def test_rules_command_lists_every_rule_with_metadata():
    text = npe("rules")
    assert text.returncode == 0
    data = json.loads(npe("rules", "--format", "json").stdout)
    ids = {r["id"] for r in data}
    assert {"NPE-PERM-AWS-001", "NPE-SEC-001", "NPE-SEC-002", "NPE-LIFE-001", "NPE-LIFE-003"} <= ids
    families = {r["family"] for r in data}
    assert {"wildcard-permission", "shared-secret", "hardcoded-secret", "non-expiring-credential"} <= families
    for rule in data:
        assert rule["id"] in text.stdout
        assert rule["description"] and rule["fix"] and rule["owasp_nhi"]


def test_inventory_json_has_the_promised_fields():
    run = npe("inventory", "fixtures/NPE-SEC-005/pos", "--format", "json")
    assert run.returncode == 0, run.stderr
    identities = {i["id"]: i for i in json.loads(run.stdout)["identities"]}
    user = identities["terraform:fixtures/NPE-SEC-005/pos/aws_iam_user.integration"]
    for field in (
        "id",
        "name",
        "kind",
        "provider",
        "location",
        "credentials",
        "consumers",
        "privilege",
        "risk",
        "risk_reasons",
        "findings",
    ):
        assert field in user
    assert user["kind"] == "aws-iam-user" and user["provider"] == "aws"
    assert user["location"] == {"file": "fixtures/NPE-SEC-005/pos/main.tf", "line": 1}
    assert [(c["kind"], c["long_lived"], c["expires"]) for c in user["credentials"]] == [("aws-access-key", True, None)]


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown"])
def test_inventory_formats(fmt):
    run = npe("inventory", "fixtures/NPE-PERM-K8S-002/pos", "--format", fmt)
    assert run.returncode == 0
    assert "operator" in run.stdout


def test_limits_from_config_file_and_flags(tmp_path):
    (tmp_path / "main.tf").write_text(
        'resource "aws_iam_role" "r" {\n  max_session_duration = 7200\n  assume_role_policy = "{}"\n}\n'
    )
    assert npe("scan", ".", cwd=tmp_path).returncode == 1
    assert npe("scan", ".", "--max-session-seconds", "7200", cwd=tmp_path).returncode == 0
    (tmp_path / ".npe-scan.yaml").write_text("limits:\n  max_session_seconds: 10800\n")
    assert npe("scan", ".", cwd=tmp_path).returncode == 0
    (tmp_path / ".npe-scan.yaml").write_text("limits:\n  max_sesion_seconds: 10800\n")
    bad = npe("scan", ".", cwd=tmp_path)
    assert bad.returncode == 2 and "unknown limit 'max_sesion_seconds'" in bad.stderr


def test_client_secret_end_date_within_the_limit_passes(tmp_path):
    from datetime import date, timedelta

    soon = (date.today() + timedelta(days=90)).isoformat()
    late = (date.today() + timedelta(days=400)).isoformat()
    body = 'resource "azuread_application" "a" {\n  display_name = "a"\n}\n'
    body += f'resource "azuread_application_password" "soon" {{\n  application_id = azuread_application.a.id\n  end_date = "{soon}T00:00:00Z"\n}}\n'
    body += f'resource "azuread_application_password" "late" {{\n  application_id = azuread_application.a.id\n  end_date = "{late}T00:00:00Z"\n}}\n'
    (tmp_path / "main.tf").write_text(body)
    data = json.loads(npe("scan", ".", "--format", "json", cwd=tmp_path).stdout)
    assert [(f["rule"], f["resource"]) for f in data["findings"]] == [
        ("NPE-LIFE-007", "azuread_application_password.late")
    ]
