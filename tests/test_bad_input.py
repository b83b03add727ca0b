"""Broken, empty, binary, non-UTF-8, huge and hostile files: a clear error, never a traceback,
and every other file still scanned."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from scanner.engine import scan

WILDCARD_TF = (
    'resource "aws_iam_policy" "p" {\n'
    '  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })\n'
    "}\n"
)


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scanner.cli", *args], cwd=cwd, capture_output=True, text=True)


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data)
    return path


def test_broken_file_next_to_a_bad_one(tmp_path):
    write(tmp_path / "bad" / "main.tf", WILDCARD_TF)
    write(tmp_path / "broken" / "main.tf", 'resource "aws_iam_role" "r" {\n  name = "x"\n  tags = {\n}\n')
    write(tmp_path / "k8s" / "broken.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: [unclosed\n")
    write(tmp_path / "cfn" / "broken.json", '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {,}}\n')
    run = run_cli("scan", ".", "--format", "sarif", cwd=tmp_path)
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    log = json.loads(run.stdout)
    results = log["runs"][0]["results"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) for r in results] == [
        ("NPE-PERM-AWS-001", "bad/main.tf")
    ]
    notes = {
        n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: n
        for n in log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    }
    assert set(notes) == {"broken/main.tf", "k8s/broken.yaml", "cfn/broken.json"}
    assert notes["cfn/broken.json"]["locations"][0]["physicalLocation"]["region"]["startLine"] == 1
    assert notes["k8s/broken.yaml"]["locations"][0]["physicalLocation"]["region"]["startLine"] == 5
    for name in notes:
        assert f"error: {name}:" in run.stderr


def test_text_output_names_the_broken_file_and_line(tmp_path):
    write(tmp_path / "main.tf", "locals {\n  a = 1\n  b = [\n}\n")
    run = run_cli("scan", ".", cwd=tmp_path)
    assert run.returncode == 2
    assert "error: main.tf:4:" in run.stdout
    assert "Traceback" not in run.stdout + run.stderr


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("empty.tf", ""),
        ("empty.yaml", ""),
        ("blank.yaml", "\n\n   \n"),
        ("only-comments.yaml", "# nothing\n---\n# here\n"),
        ("binary.yaml", b"apiVersion: v1\x00\x01\x02kind: Pod\x00" * 10),
        ("readme.json", '{"name": "not infrastructure"}'),
        ("list.yaml", "- a\n- b\n"),
        ("values.yaml", "replicaCount: 2\nimage:\n  tag: latest\n"),
    ],
)
def test_quietly_skipped(tmp_path, name, data):
    write(tmp_path / name, data)
    report = scan([str(tmp_path)], tmp_path)
    assert report.errors == [] and report.findings == []


def test_non_utf8_file_is_an_error_with_its_line(tmp_path):
    write(tmp_path / "latin1.tf", 'resource "aws_iam_user" "u" {\n  name = "caf\xe9"\n}\n'.encode("latin-1"))
    write(tmp_path / "ok" / "main.tf", WILDCARD_TF)
    report = scan([str(tmp_path)], tmp_path)
    assert [(e.file, e.line) for e in report.errors] == [("latin1.tf", 2)]
    assert "UTF-8" in report.errors[0].message
    assert [f.rule.id for f in report.findings] == ["NPE-PERM-AWS-001"]


def test_file_over_the_size_limit_is_reported_not_read(tmp_path):
    big = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n" + "".join(
        f"  k{i}: v{i}\n" for i in range(5000)
    )
    write(tmp_path / "big.yaml", big)
    report = scan([str(tmp_path)], tmp_path, max_bytes=10_000)
    assert [(e.file, e.line) for e in report.errors] == [("big.yaml", 0)]
    assert "--max-file-size" in report.errors[0].message


def test_yaml_alias_bomb_is_refused_quickly(tmp_path):
    lines = [
        "apiVersion: v1",
        "kind: ConfigMap",
        "metadata:",
        "  name: lol",
        "data:",
        '  a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ]
    for i in range(1, 10):
        lines.append(f"  a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    write(tmp_path / "bomb.yaml", "\n".join(lines) + "\n")
    cfn = ["AWSTemplateFormatVersion: '2010-09-09'", 'A0: &a0 ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 10):
        cfn.append(f"A{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    cfn.append("Resources: {}")
    write(tmp_path / "bomb-cfn.yaml", "\n".join(cfn) + "\n")
    report = scan([str(tmp_path)], tmp_path)
    assert sorted(e.file for e in report.errors) == ["bomb-cfn.yaml", "bomb.yaml"]
    assert all("aliases" in e.message for e in report.errors)


def test_deep_nesting_is_refused(tmp_path):
    deep = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  x: " + "[" * 5000 + "]" * 5000 + "\n"
    write(tmp_path / "deep.yaml", deep)
    # HCL parses iteratively: deep nesting costs time, not the stack, and the rest is still read.
    hcl = "locals {\n  x = " + "[" * 3000 + "]" * 3000 + "\n  y = local.x\n}\n" + WILDCARD_TF
    write(tmp_path / "deep.tf", hcl)
    report = scan([str(tmp_path)], tmp_path)
    assert [e.file for e in report.errors] == ["deep.yaml"]
    assert [(f.rule.id, f.location.file) for f in report.findings] == [("NPE-PERM-AWS-001", "deep.tf")]


def test_helm_template_is_skipped_not_an_error(tmp_path):
    write(
        tmp_path / "chart" / "templates" / "deployment.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n"
        "spec:\n  replicas: {{ .Values.replicas }}\n  {{- if .Values.x }}\n  foo: bar\n  {{- end }}\n",
    )
    report = scan([str(tmp_path)], tmp_path)
    assert report.errors == []
    assert report.skipped == [("chart/templates/deployment.yaml", "template (Helm or similar), not a manifest")]


def test_skips_vendored_and_generated_folders(tmp_path):
    for folder in (".terraform/modules/x", ".git", "node_modules/pkg"):
        write(tmp_path / folder / "main.tf", WILDCARD_TF)
    assert scan([str(tmp_path)], tmp_path).findings == []


def test_format_is_decided_by_content(tmp_path):
    write(
        tmp_path / "iam.template",
        '{"Resources": {"U": {"Type": "AWS::IAM::User"}, "K": {"Type": "AWS::IAM::AccessKey", "Properties": {"UserName": {"Ref": "U"}}}}}',
    )
    write(
        tmp_path / "sa-token.yml",
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: t\ntype: kubernetes.io/service-account-token\n",
    )
    report = scan([str(tmp_path)], tmp_path)
    assert sorted((f.rule.id, f.location.file) for f in report.findings) == [
        ("NPE-LIFE-001", "iam.template"),
        ("NPE-LIFE-003", "sa-token.yml"),
    ]
