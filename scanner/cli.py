"""Command line: ``npe-scan scan | inventory | rules``. Exit codes: 0 clean, 1 findings, 2 errors."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from scanner import __version__
from scanner.findings import SEVERITIES

if TYPE_CHECKING:
    from scanner.engine import Report

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _write(text: str, output: str | None) -> None:
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


def _root(paths: tuple[str, ...]) -> Path:
    """Paths in results are relative to the git work tree (or the current folder) when inside it."""
    cwd = Path.cwd()
    for parent in (cwd, *cwd.parents):
        if (parent / ".git").exists():
            return parent
    return cwd


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="npe-scan")
def main() -> None:
    """Find shared secrets, wildcard permissions and non-expiring credentials of machine
    identities in Terraform, CloudFormation and Kubernetes files."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "sarif", "markdown"]), default="text", show_default=True
)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the report to FILE.")
@click.option(
    "--fail-on",
    type=click.Choice([*SEVERITIES, "none"]),
    default="low",
    show_default=True,
    help="Exit 1 when an unsuppressed finding has this severity or higher.",
)
@click.option("--baseline", type=click.Path(exists=True, dir_okay=False), help="Accept the findings recorded in FILE.")
@click.option(
    "--write-baseline", type=click.Path(dir_okay=False, writable=True), help="Record today's findings in FILE."
)
@click.option("--show-suppressed", is_flag=True, help="List suppressed findings in text output too.")
@click.option("--max-file-size", type=click.IntRange(min=1), default=5 * 1024 * 1024, show_default=True, help="Bytes.")
@click.option("--color/--no-color", default=None, help="Colour text output (default: when a terminal).")
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False), help="Limits file.")
@click.option("--max-secret-rotation-days", type=int, help="Longest Secrets Manager rotation interval [90].")
@click.option("--max-token-seconds", type=int, help="Longest projected service-account token [86400].")
@click.option("--max-client-secret-days", type=int, help="Longest Azure client secret lifetime [180].")
@click.option("--max-session-seconds", type=int, help="Longest IAM role / permission-set session [3600].")
@click.option("--max-key-vault-days", type=int, help="Longest Key Vault secret, key or certificate [365].")
def scan(
    paths: tuple[str, ...],
    fmt: str,
    output: str | None,
    fail_on: str,
    baseline: str | None,
    write_baseline: str | None,
    show_suppressed: bool,
    max_file_size: int,
    color: bool | None,
    config_file: str | None,
    **limits: int | None,
) -> None:
    """Scan PATHS (files or folders, default ".") and report findings."""
    from scanner.engine import baseline_of, read_baseline
    from scanner.engine import scan as run_scan

    accepted = None
    if baseline:
        try:
            accepted = read_baseline(Path(baseline))
        except (ValueError, OSError) as err:
            raise click.UsageError(f"--baseline {baseline}: {err}") from None
    root = _root(paths)
    settings = _settings(config_file, root, limits)
    report = run_scan(
        list(paths or (".",)), root, settings=settings, baseline=accepted, max_bytes=max_file_size, progress=_progress()
    )
    if fmt == "sarif":
        from scanner.report import sarif

        _write(json.dumps(sarif.render(report), indent=2) + "\n", output)
    elif fmt == "json":
        from scanner.report import json_report

        _write(json.dumps(json_report.render(report), indent=2) + "\n", output)
    elif fmt == "markdown":
        from scanner.report import markdown

        _write(markdown.render(report), output)
    else:
        from scanner.report import text

        use_colour = color if color is not None else (output is None and sys.stdout.isatty())
        _write(text.render(report, colour=use_colour, show_suppressed=show_suppressed), output)
    if fmt != "text" or output:
        for e in report.errors:
            click.echo(f"error: {e.file}:{e.line}: {e.message}" if e.file else f"error: {e.message}", err=True)
    if write_baseline:
        Path(write_baseline).write_text(json.dumps(baseline_of(report), indent=2) + "\n", encoding="utf-8")
    sys.exit(exit_code(report, fail_on))


def _settings(config_file: str | None, root: Path, limits: dict[str, int | None]):
    from scanner import config

    try:
        return config.load(Path(config_file) if config_file else None, root, limits)
    except ValueError as err:
        raise click.UsageError(str(err)) from None


def exit_code(report: Report, fail_on: str) -> int:
    """2 when a file could not be scanned, 1 for findings at or above ``fail_on``, else 0."""
    if report.errors:
        return EXIT_ERROR
    if fail_on == "none":
        return EXIT_CLEAN
    threshold = SEVERITIES.index(fail_on)
    failing = [f for f in report.open_findings if SEVERITIES.index(f.level) >= threshold]
    return EXIT_FINDINGS if failing else EXIT_CLEAN


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules(fmt: str) -> None:
    """List every rule with its metadata."""
    from rules import rules as all_rules

    items = all_rules()
    if fmt == "json":
        data = [
            {
                "id": r.id,
                "name": r.name,
                "title": r.title,
                "family": r.family,
                "severity": r.severity,
                "owasp_nhi": list(r.owasp),
                "formats": list(r.formats),
                "description": r.description,
                "fix": r.fix,
            }
            for r in items
        ]
        click.echo(json.dumps(data, indent=2))
        return
    for r in items:
        click.echo(f"{r.id:18} {r.severity:9} {r.family:24} {r.title}")


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json", "csv", "markdown"]), default="table", show_default=True
)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the inventory to FILE.")
@click.option("--diff", "base", help="Compare with a git ref (e.g. origin/main) or a saved inventory JSON file.")
@click.option("--fail-on-new-admin", is_flag=True, help="With --diff: exit 1 when an identity becomes admin.")
@click.option("--fail-on-new-long-lived", is_flag=True, help="With --diff: exit 1 on a new long-lived credential.")
def inventory(
    paths: tuple[str, ...],
    fmt: str,
    output: str | None,
    base: str | None,
    fail_on_new_admin: bool,
    fail_on_new_long_lived: bool,
) -> None:
    """List the machine identities in PATHS with credentials, consumers, privilege and risk."""
    from scanner import inventory as inv
    from scanner.engine import scan as run_scan

    targets, root = list(paths or (".",)), _root(paths)
    if base is None and (fail_on_new_admin or fail_on_new_long_lived):
        raise click.UsageError("--fail-on-new-admin and --fail-on-new-long-lived need --diff BASE")
    if base is not None and fmt == "csv":
        raise click.UsageError("--diff prints markdown (--format table or markdown) or json")
    report = run_scan(targets, root, progress=_progress())
    data = inv.build(report)
    for e in report.errors:
        click.echo(f"error: {e.file}:{e.line}: {e.message}" if e.file else f"error: {e.message}", err=True)
    if base is None:
        if fmt == "table":
            import shutil

            on_terminal = output is None and sys.stdout.isatty()
            _write(inv.to_table(data, shutil.get_terminal_size().columns if on_terminal else None), output)
        else:
            renderers = {"json": inv.to_json, "csv": inv.to_csv, "markdown": inv.to_markdown}
            _write(renderers[fmt](data), output)
        sys.exit(EXIT_ERROR if report.errors else EXIT_CLEAN)
    from scanner import inventory_diff

    try:
        old = inventory_diff.base_inventory(base, targets, root)
    except inventory_diff.BaseError as err:
        raise click.UsageError(str(err)) from None
    result = inventory_diff.diff(old, data)
    problems = inventory_diff.violations(result, fail_on_new_admin, fail_on_new_long_lived)
    if fmt == "json":
        _write(json.dumps({**result, "violations": problems}, indent=2) + "\n", output)
    else:
        _write(inventory_diff.to_markdown(result), output)
    for problem in problems:
        click.echo(f"npe-scan: {problem}", err=True)
    sys.exit(EXIT_ERROR if report.errors else EXIT_FINDINGS if problems else EXIT_CLEAN)


def _progress():
    """A progress line on stderr, only when stderr is a terminal."""
    if not sys.stderr.isatty():
        return None

    def show(count: int, done: bool = False) -> None:
        click.echo(f"\rnpe-scan: {count} file(s) read", err=True, nl=done)

    return show


if __name__ == "__main__":  # pragma: no cover
    main()
