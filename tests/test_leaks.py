"""No secret value from a scanned file may reach any output, fingerprint or error message."""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

SECRET_FOLDERS = [FIXTURES / "NPE-SEC-001" / "pos", FIXTURES / "NPE-SEC-002" / "pos"]
LITERAL = re.compile(r'(?:=|:)\s*"?([A-Za-z0-9_#!@$%^&*+/=.-]{12,})"?\s*#\s*expect: NPE-SEC-002')


def planted_secrets() -> set[str]:
    """Every value the fixtures mark as a hard-coded secret, base64 ones decoded too."""
    values: set[str] = set()
    for folder in SECRET_FOLDERS:
        for path in folder.rglob("*"):
            if not path.is_file():
                continue
            for line in path.read_text().splitlines():
                m = LITERAL.search(line)
                if m:
                    values.add(m.group(1))
                    try:
                        decoded = base64.b64decode(m.group(1), validate=True).decode()
                        values.add(decoded)
                        values |= _strings_in_json(decoded)
                    except ValueError:
                        pass
    return values


def _strings_in_json(text: str) -> set[str]:
    """Long strings inside a JSON document (a .dockerconfigjson's password and auth)."""
    try:
        doc = json.loads(text)
    except ValueError:
        return set()
    found: set[str] = set()

    def walk(value):
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, str) and len(value) >= 12:
            found.add(value)

    walk(doc)
    return found


def test_the_planted_secrets_are_found_by_this_test():
    secrets = planted_secrets()
    assert len(secrets) >= 10
    assert "Xk9#mQ2vL7pR4tZw" in secrets  # the base64 Secret value, decoded
    assert "AKIAZ7Q3NXV5LR4TK2PD" in secrets
    assert "Zr8#kq2Lm5Wx9Tp4" in secrets  # inside a .dockerconfigjson


def run(*args: str, cwd: Path = ROOT) -> str:
    done = subprocess.run([sys.executable, "-m", "scanner.cli", *args], cwd=cwd, capture_output=True, text=True)
    return done.stdout + done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("scan", "--format", "text", "--show-suppressed"),
        ("scan", "--format", "json"),
        ("scan", "--format", "sarif"),
        ("scan", "--format", "markdown"),
        ("inventory", "--format", "table"),
        ("inventory", "--format", "json"),
        ("inventory", "--format", "csv"),
        ("inventory", "--format", "markdown"),
    ],
    ids=lambda a: "-".join(a),
)
def test_no_output_format_contains_a_secret(args):
    output = run(*args, *(str(f) for f in SECRET_FOLDERS))
    assert "NPE-SEC-002" in output or "literal-secret" in output
    for secret in planted_secrets():
        assert secret not in output, f"a secret leaked into {' '.join(args)}"
        assert secret[:8] not in output


def test_parse_errors_do_not_quote_the_file(tmp_path):
    secret = "Zq8Xw2Lm5Tr9Kp3V"
    (tmp_path / "main.tf").write_text(f'provider "aws" {{\n  secret_key = "{secret}" "{secret}"\n}}\n')
    (tmp_path / "k8s.yaml").write_text(f"apiVersion: v1\nkind: Secret\nstringData:\n  password: {secret}\n  : - [\n")
    (tmp_path / "cfn.json").write_text(
        '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"X": "' + secret + '" ' + secret + "}}"
    )
    output = run("scan", ".", "--format", "sarif", cwd=tmp_path) + run("scan", ".", cwd=tmp_path)
    assert "error:" in output
    assert secret not in output
    assert secret[:6] not in output


def test_baseline_file_holds_no_secret(tmp_path):
    baseline = tmp_path / "baseline.json"
    run("scan", *(str(f) for f in SECRET_FOLDERS), "--write-baseline", str(baseline))
    text = baseline.read_text()
    assert "NPE-SEC-002" in text
    for secret in planted_secrets():
        assert secret not in text
