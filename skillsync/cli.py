"""The command line: parse, call the library, print, exit with a documented code.

Exit codes: 0 done (data problems are reported, not failures); 1 unexpected;
2 usage or configuration; 3 source missing, not a workbook, busy or changed.
"""

from __future__ import annotations

import functools
import json
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from skillsync import __version__
from skillsync.errors import EXIT_UNEXPECTED, SkillsyncError

CONFIG_HELP = "TOML settings (default: ./skillsync.toml when present)."


def guarded(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn SkillsyncError into one 'Error: ...' line and its exit code; no traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = click.get_current_context().find_root().params.get("debug", False)
        try:
            return command(*args, **kwargs)
        except SkillsyncError as exc:
            if debug:
                traceback.print_exc()
            click.echo(f"Error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except (KeyboardInterrupt, click.exceptions.Exit, click.ClickException):
            raise
        except Exception as exc:  # the promise is one line, whatever went wrong
            if debug:
                traceback.print_exc()
            click.echo(f"Error: unexpected {type(exc).__name__}: {exc} "
                       "(run with --debug for details)", err=True)
            sys.exit(EXIT_UNEXPECTED)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="skillsync")
@click.option("--debug", is_flag=True, help="Show the traceback when something fails.")
def main(debug: bool) -> None:
    """Know your data-science skill pool from the shared inventory sheet.

    SOURCE is an .xlsx/.xlsm workbook, a Google Sheets URL, or gsheet:<id>.
    Exit codes: 0 done, 1 unexpected, 2 usage or config, 3 source unusable, busy or changed.
    """


def _print_report(report: Any, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        for line in report.summary_lines():
            click.echo(line)


@main.command()
@click.argument("source")
@click.option("--config", "config_path", type=click.Path(path_type=Path), help=CONFIG_HELP)
@click.option("--digest", "digest_path", type=click.Path(path_type=Path),
              help="Write the HTML digest here (its text twin goes beside it).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
@click.option("--dry-run", is_flag=True, help="Read, check and render; write no tabs.")
@click.option("--wait", type=click.FloatRange(min=0), default=0, metavar="SECONDS",
              help="Wait up to SECONDS for someone to close the workbook.")
@click.option("--send", is_flag=True, help="Mail the digest (and nudges) after the sync.")
@guarded
def sync(source: str, config_path: Path | None, digest_path: Path | None, as_json: bool,
         dry_run: bool, wait: float, send: bool) -> None:
    """Read, check and dedupe SOURCE; write the summary tabs and the digest."""
    from skillsync.pipeline import run

    result = run(source, config_path, write=not dry_run, dry_run=dry_run,
                 digest_path=digest_path, wait=wait)
    if send:
        from skillsync import mail

        mail.deliver(result, dry_run=dry_run)
    _print_report(result.report, as_json)


@main.command()
@click.argument("source")
@click.option("--config", "config_path", type=click.Path(path_type=Path), help=CONFIG_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
@guarded
def check(source: str, config_path: Path | None, as_json: bool) -> None:
    """Read, check and dedupe SOURCE; write nothing."""
    from skillsync.pipeline import check as run_check

    report = run_check(source, config_path)
    _print_report(report, as_json)
    if not as_json:
        for issue in report.issues[:20]:
            where = f"row {issue.row}" if issue.row else "sheet"
            click.echo(f"  {where} {issue.column or ''} [{issue.severity}] {issue.message}")
        if len(report.issues) > 20:
            click.echo(f"  and {len(report.issues) - 20} more (use --json for all)")


@main.command()
@click.argument("folder", required=False, type=click.Path(path_type=Path), default=Path("."))
@guarded
def init(folder: Path) -> None:
    """Create a starter workbook and a commented skillsync.toml in FOLDER."""
    from skillsync.starter import create

    for path in create(folder):
        click.echo(f"Created {path}")
    click.echo("Next: fill in the People tab, then run: skillsync sync "
               f"{folder / 'skills-inventory.xlsx'}")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
@guarded
def demo(as_json: bool) -> None:
    """Sync the bundled example in ./skillsync-demo/ (no config, no network)."""
    from skillsync.starter import demo as run_demo

    report = run_demo(Path("skillsync-demo"))
    _print_report(report, as_json)
    if not as_json:
        click.echo(f"Open {report.source} to see the new tabs, and {report.digest} in a browser.")


@main.command()
@click.argument("source")
@click.option("--config", "config_path", type=click.Path(path_type=Path), help=CONFIG_HELP)
@click.option("--out", "out_path", type=click.Path(path_type=Path),
              help="Write the HTML digest here (its text twin goes beside it).")
@click.option("--send", is_flag=True, help="Mail the digest and the nudges.")
@click.option("--dry-run", is_flag=True, help="List recipients and subjects; send nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
@guarded
def digest(source: str, config_path: Path | None, out_path: Path | None, send: bool,
           dry_run: bool, as_json: bool) -> None:
    """Render (and mail) the digest for SOURCE without writing the spreadsheet."""
    from skillsync.pipeline import run

    result = run(source, config_path, write=False, digest_path=out_path)
    if send or dry_run:
        from skillsync import mail

        mail.deliver(result, dry_run=dry_run)
    _print_report(result.report, as_json)
