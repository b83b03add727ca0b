"""Arbitrary file content never raises: it is scanned or reported as an error naming the file."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scanner.engine import scan

FRAGMENTS = [
    'resource "aws_iam_policy" "p" {',
    "}",
    "{",
    "policy = jsonencode({",
    "})",
    '"*"',
    "<<EOF",
    "EOF",
    "${var.x}",
    "apiVersion: v1",
    "kind: Secret",
    "metadata:",
    "  name: x",
    "data:",
    "  k: !!binary AAAA",
    "- &a [*a]",
    "---",
    "AWSTemplateFormatVersion: '2010-09-09'",
    "Resources:",
    "  R:",
    "    Type: AWS::IAM::Role",
    "    Properties: !Ref",
    "Statement:",
    "  - Effect: Allow",
    "    Action: '*'",
    '"Resource": "*"',
    "[",
    "]",
    ":",
    "\t",
    "\x00",
    "é",
    "\r\n",
]
CONTENT = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)), max_size=25).map("\n".join)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(["main.tf", "x.tf.json", "t.yaml", "t.json", "k.yml", "v.tfvars"]), body=CONTENT)
def test_any_content_scans_without_raising(name, body):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / name).write_text(body, encoding="utf-8", errors="surrogateescape")
        report = scan([tmp], root)
        assert all(e.file == name for e in report.errors), report.errors
        assert all(e.file for e in report.errors), "a rule failed on parsed input"
