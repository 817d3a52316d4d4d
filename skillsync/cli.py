"""The command line: parse, call the library, print, exit with a documented code.

Exit codes: 0 done (data problems are reported, not failures); 1 unexpected;
2 usage or configuration; 3 source missing, not a workbook, busy or changed, or mail not
sent (the sync itself stands).
"""

from __future__ import annotations

import functools
import gc
import json
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from skillsync import __version__
from skillsync.errors import EXIT_UNEXPECTED, SkillsyncError
from skillsync.terminal import json_safe, one_line

CONFIG_HELP = ("TOML settings (default: ./skillsync.toml, else skillsync.toml beside the "
               "workbook).")
CHECK_SHOWN = 20


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
            click.echo(f"Error: {one_line(exc)}", err=True)
            sys.exit(exc.exit_code)
        except BrokenPipeError:  # the reader went away (`| head`): stop quietly
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(EXIT_UNEXPECTED)
        except (KeyboardInterrupt, click.exceptions.Exit, click.ClickException):
            raise
        except Exception as exc:  # noqa: BLE001 - the promise is one line, whatever went wrong
            if debug:
                traceback.print_exc()
            name = click.get_current_context().info_name
            click.echo(f"Error: unexpected {type(exc).__name__}: {one_line(exc, 300)} (run "
                       f"`skillsync --debug {name} ...` for details)", err=True)
            sys.exit(EXIT_UNEXPECTED)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="skillsync")
@click.option("--debug", is_flag=True, help="Show the traceback when something fails.")
def main(debug: bool) -> None:
    """Know your data-science skill pool from the shared inventory sheet.

    SOURCE is an .xlsx/.xlsm workbook, a Google Sheets URL, or gsheet:<id>.
    Exit codes: 0 done, 1 unexpected, 2 usage or config, 3 source unusable, busy or
    changed, or mail not sent.
    """


def _print_report(report: Any, as_json: bool) -> None:
    if as_json:
        click.echo(json_safe(json.dumps(report.as_dict(), ensure_ascii=False, indent=2)))
    else:
        for line in report.summary_lines():
            click.echo(one_line(line, 2000))


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
    """Check and dedupe SOURCE, write the summary tabs and the digest.

    Data problems are reported, not failures: the exit code is 0 when the sync completed.
    """
    from skillsync import mail
    from skillsync.pipeline import run, settings_for

    config = settings_for(source, config_path)
    if send:  # a send that cannot work is refused before the sheet is touched
        mail.preflight(config, dry_run=dry_run)
    result = run(source, config, write=not dry_run, dry_run=dry_run,
                 digest_path=digest_path, wait=wait)
    try:
        if send:
            mail.deliver(result, dry_run=dry_run)
    finally:  # the sync happened whatever the mail did: always say what was written
        _print_report(result.report, as_json)


@main.command()
@click.argument("source")
@click.option("--config", "config_path", type=click.Path(path_type=Path), help=CONFIG_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
@guarded
def check(source: str, config_path: Path | None, as_json: bool) -> None:
    """Check and dedupe SOURCE; write nothing."""
    from skillsync.pipeline import check as run_check

    report = run_check(source, config_path)
    _print_report(report, as_json)
    if not as_json:
        ordered = sorted(report.issues, key=lambda i: (i.severity != "error", i.row or 0))
        for issue in ordered[:CHECK_SHOWN]:
            where = (f"cell {issue.cell}" if issue.column is None and issue.cell
                     else f"row {issue.row}" if issue.row else "sheet")
            click.echo("  " + one_line(f"{where} {issue.column or ''} [{issue.severity}] "
                                       f"{issue.message}", 1000))
        if len(ordered) > CHECK_SHOWN:
            click.echo(f"  and {len(ordered) - CHECK_SHOWN} more (errors first; --json lists "
                       "them all)")


@main.command()
@click.argument("folder", required=False, type=click.Path(path_type=Path), default=Path("."))
@guarded
def init(folder: Path) -> None:
    """Create a starter workbook and skillsync.toml in FOLDER.

    The workbook has the header, dropdowns, an Instructions tab, an Aliases tab and a
    Not duplicates tab; the settings file lists every setting, commented.
    """
    from skillsync.starter import create

    for path in create(folder):
        click.echo(f"Created {path}")
    click.echo("Next: fill in the People tab, then run: skillsync sync "
               f"{folder / 'skills-inventory.xlsx'}")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
@guarded
def demo(as_json: bool) -> None:
    """Sync the bundled example into ./skillsync-demo/.

    Copies a messy example workbook there, syncs it with no config and no network, and
    writes the digest beside it.
    """
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
    """Render (and mail) the digest; the sheet is not written."""
    from skillsync import mail
    from skillsync.pipeline import run, settings_for

    config = settings_for(source, config_path)
    mailing = send or dry_run
    if mailing:
        mail.preflight(config, dry_run=dry_run)
    result = run(source, config, write=False, digest_path=out_path)
    try:
        if mailing:
            mail.deliver(result, dry_run=dry_run)
    finally:
        _print_report(result.report, as_json)


def entry() -> None:
    """The `skillsync` command: `main` run as its own short-lived process."""
    # A run is short and its million small objects form no cycles worth hunting: the
    # cyclic collector would only rescan them again and again (a third of the parse time
    # at 100k rows). Reference counting still frees everything as usual.
    gc.disable()
    main()
