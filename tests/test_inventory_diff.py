"""Inventory diff for pull requests, on a real git history made in the test."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

BASE_TF = """resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }] })
}
resource "aws_iam_role_policy" "app" {
  role   = aws_iam_role.app.id
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::b/*" }] })
}
resource "aws_iam_role" "old" {
  name = "old"
  assume_role_policy = "{}"
}
"""

HEAD_TF = """resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }] })
}
resource "aws_iam_role_policy" "app" {
  role   = aws_iam_role.app.id
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:PutObject", Resource = "arn:aws:s3:::b/*" }] })
}
resource "aws_iam_user" "deployer" {
  name = "deployer"
}
resource "aws_iam_access_key" "deployer" {
  user = aws_iam_user.deployer.name
}
resource "aws_iam_user_policy" "deployer" {
  user   = aws_iam_user.deployer.name
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
}
"""


def run(repo: Path, *args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    return subprocess.run(list(args), cwd=repo, capture_output=True, text=True, env=env)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "infra").mkdir()
    (tmp_path / "infra" / "main.tf").write_text(BASE_TF)
    run(tmp_path, "git", "init", "-q", "-b", "main")
    run(tmp_path, "git", "add", "-A")
    assert run(tmp_path, "git", "commit", "-qm", "base").returncode == 0
    (tmp_path / "infra" / "main.tf").write_text(HEAD_TF)
    run(tmp_path, "git", "commit", "-qam", "change")
    return tmp_path


def npe(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return run(repo, sys.executable, "-m", "scanner.cli", *args)


def test_diff_against_a_git_ref(repo):
    done = npe(repo, "inventory", "infra", "--diff", "HEAD~1", "--format", "json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert [i["id"] for i in result["added"]] == ["terraform:infra/aws_iam_user.deployer"]
    assert result["added"][0]["privilege"] == "admin"
    assert [i["id"] for i in result["removed"]] == ["terraform:infra/aws_iam_role.old"]
    (changed,) = result["changed"]
    assert changed["id"] == "terraform:infra/aws_iam_role.app"
    assert changed["changes"]["privilege"] == {"from": "read", "to": "write"}
    assert result["violations"] == []


def test_fail_on_new_admin_and_long_lived_credential(repo):
    done = npe(repo, "inventory", "infra", "--diff", "HEAD~1", "--fail-on-new-admin", "--fail-on-new-long-lived")
    assert done.returncode == 1
    assert "new admin identity terraform:infra/aws_iam_user.deployer" in done.stderr
    assert "new long-lived aws-access-key for terraform:infra/aws_iam_user.deployer" in done.stderr
    assert "### Added" in done.stdout and "`deployer`" in done.stdout and "aws-access-key" in done.stdout
    assert "privilege read → **write** (raised)" in done.stdout


def test_diff_against_a_saved_inventory(repo):
    saved = repo / "inventory.json"
    assert npe(repo, "inventory", "infra", "--format", "json", "-o", str(saved)).returncode == 0
    done = npe(repo, "inventory", "infra", "--diff", str(saved), "--format", "markdown", "--fail-on-new-admin")
    assert done.returncode == 0
    assert "No machine identity was added, removed or changed." in done.stdout


def test_unknown_base_is_a_usage_error(repo):
    done = npe(repo, "inventory", "infra", "--diff", "no-such-ref")
    assert done.returncode == 2
    assert "neither a file nor a git ref" in done.stderr
