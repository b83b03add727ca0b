"""Inline suppressions in each format, their expiry, and the baseline file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from scanner.engine import scan

KEY_TF = """resource "aws_iam_user" "ci" {
  name = "ci"
}

# npe-scan:ignore NPE-LIFE-001 rotated weekly by the platform team's vault job
resource "aws_iam_access_key" "ci" {
  user = aws_iam_user.ci.name
}

resource "aws_iam_access_key" "other" {
  # npe-scan:ignore NPE-LIFE-001 [until=2020-01-01] expired waiver
  user = aws_iam_user.ci.name
}

resource "aws_iam_access_key" "no_reason" {
  # npe-scan:ignore NPE-LIFE-001
  user = aws_iam_user.ci.name
}
"""

CFN = """AWSTemplateFormatVersion: "2010-09-09"
Resources:
  User:
    Type: AWS::IAM::User
  Key:
    Type: AWS::IAM::AccessKey
    Metadata:
      npe-scan:
        ignore:
          - id: NPE-LIFE-001
            reason: legacy partner integration, removal tracked in OPS-42
            until: 2999-12-31
    Properties:
      UserName: !Ref User
"""

K8S = """apiVersion: v1
kind: Secret
metadata:
  name: legacy-token
  annotations:
    kubernetes.io/service-account.name: builder
    ignore.npe-scan.io/NPE-LIFE-003: "needed by the old Jenkins agent until=2999-01-01"
type: kubernetes.io/service-account-token
"""


def findings(tmp_path: Path, name: str, text: str):
    (tmp_path / name).write_text(text)
    return scan([str(tmp_path)], tmp_path).findings


def test_terraform_comment_suppresses_with_reason_and_expiry(tmp_path):
    result = {f.location.start_line: f for f in findings(tmp_path, "main.tf", KEY_TF)}
    assert set(result) == {1, 6, 10, 15}  # line 1: the user holds three active keys
    assert result[6].suppression is not None
    assert result[6].suppression.reason == "rotated weekly by the platform team's vault job"
    assert result[10].suppression is None  # expired
    assert result[15].suppression is None  # no reason given


def test_cloudformation_metadata_suppresses(tmp_path):
    (found,) = findings(tmp_path, "t.yaml", CFN)
    assert found.rule.id == "NPE-LIFE-001"
    assert found.suppression is not None and found.suppression.until == "2999-12-31"


def test_kubernetes_annotation_suppresses(tmp_path):
    (found,) = findings(tmp_path, "k.yaml", K8S)
    assert found.suppression is not None
    assert found.suppression.reason == "needed by the old Jenkins agent"


def test_suppressed_findings_stay_in_sarif_and_do_not_fail(tmp_path):
    (tmp_path / "t.yaml").write_text(CFN)
    run = subprocess.run(
        [sys.executable, "-m", "scanner.cli", "scan", ".", "--format", "sarif"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0
    (result,) = json.loads(run.stdout)["runs"][0]["results"]
    assert result["suppressions"] == [
        {
            "kind": "inSource",
            "justification": "legacy partner integration, removal tracked in OPS-42",
            "properties": {"until": "2999-12-31"},
        }
    ]


def test_baseline_accepts_known_findings_and_fails_on_new_ones(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "main.tf").write_text(
        'resource "aws_iam_user" "a" {}\nresource "aws_iam_access_key" "a" {\n  user = aws_iam_user.a.name\n}\n'
    )

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "scanner.cli", *args], cwd=repo, capture_output=True, text=True)

    assert cli("scan", ".", "--write-baseline", "../baseline.json").returncode == 1
    assert cli("scan", ".", "--baseline", "../baseline.json").returncode == 0
    with (repo / "main.tf").open("a") as fh:
        fh.write('resource "aws_iam_access_key" "b" {\n  user = aws_iam_user.a.name\n}\n')
    again = cli("scan", ".", "--baseline", "../baseline.json", "--format", "json")
    assert again.returncode == 1
    data = json.loads(again.stdout)
    assert [(f["resource"], f["suppressed"] and f["suppressed"]["kind"]) for f in data["findings"]] == [
        ("aws_iam_user.a", None),  # new: the user now has two keys
        ("aws_iam_access_key.a", "external"),
        ("aws_iam_access_key.b", None),
    ]
    assert cli("scan", ".", "--baseline", "main.tf").returncode == 2
