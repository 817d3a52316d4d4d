"""The command line: parse, call the library, print, exit with a documented code.

Exit codes: 0 done (data problems are reported, not failures); 1 unexpected;
2 usage or configuration; 3 source missing, not a workbook, busy or changed, or mail not
sent (the sync itself stands); 4 held back (the sheet looks damaged since the last good
sync; nothing was written).
"""

from __future__ import annotations

import functools
import json
import logging
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from skillsync import __version__, events
from skillsync.errors import EXIT_UNEXPECTED, SkillsyncError
from skillsync.terminal import json_safe, one_line

CONFIG_HELP = ("TOML settings (default: ./skillsync.toml, else skillsync.toml beside the "
               "workbook).")


def guarded(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn SkillsyncError into one 'Error: ...' line and its exit code; no traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = click.get_current_context().find_root().params.get("debug", False)
        events.emit("command.start", command=click.get_current_context().info_name,
                    source=kwargs.get("source"))
        try:
            return command(*args, **kwargs)
        except SkillsyncError as exc:
            if debug:
                traceback.print_exc()
            _error(one_line(exc), exc.exit_code)
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
            _error(f"unexpected {type(exc).__name__}: {one_line(exc, 300)} (run `skillsync "
                   f"--debug {name} ...` for details)", EXIT_UNEXPECTED)
            sys.exit(EXIT_UNEXPECTED)

    return wrapper


def _root(name: str) -> Any:
    return click.get_current_context().find_root().params.get(name)


def _error(message: str, code: int) -> None:
    """One 'Error: ...' line on stderr, or with --log-format json one event."""
    if _root("log_format") == "json":
        events.emit("error", logging.ERROR, message=message, exit_code=code)
    else:
        click.echo(f"Error: {message}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="skillsync")
@click.option("--debug", is_flag=True, help="Show the traceback when something fails.")
@click.option("--log-format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="json: one JSON object per event on stderr, for log "
              "collectors (errors included).")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing when the command succeeds "
              "(--json output is still printed).")
def main(debug: bool, log_format: str, quiet: bool) -> None:
    """Know your data-science skill pool from the shared inventory sheet.

    SOURCE is an .xlsx/.xlsm workbook, a .csv/.ods/.xls file (read; the tabs go to a
    companion workbook beside it), a Google Sheets URL, or gsheet:<id>.
    Exit codes: 0 done, 1 unexpected, 2 usage or config, 3 source unusable, busy or
    changed, or mail not sent, 4 held back (the sheet looks damaged since the last
    good sync; nothing was written; see `sync --accept-changes`).
    """
    if log_format == "json":
        handler = events.install(click.get_text_stream("stderr"))
        click.get_current_context().call_on_close(lambda: events.remove(handler))


def _progress(as_json: bool = False):
    """The progress line for one run: on a terminal, unless --json, --quiet or
    --log-format json (stderr then carries events) is given."""
    from skillsync.progress import shown

    return shown(enabled=not (as_json or _root("quiet") or _root("log_format") == "json"))


def _finish(report: Any, as_json: bool, *, issues: bool = False) -> None:
    """Print the report (and, for `check`, its problems) and exit with its code."""
    if as_json:
        click.echo(json_safe(json.dumps(report.as_dict(), ensure_ascii=False, indent=2)))
    elif not (_root("quiet") and report.exit_code == 0):
        for line in report.summary_lines() + (report.issue_lines() if issues else []):
            indent = len(line) - len(line.lstrip(" "))  # issue lines sit under the summary
            click.echo(" " * indent + one_line(line, 2000))
    if report.mail_failure:
        _error(one_line(report.mail_failure), report.exit_code)
    if report.held_back and _root("log_format") != "json":
        click.echo(f"Held back: nothing was written (exit code {report.exit_code}); the "
                   "report says why.", err=True)
    events.done(report, click.get_current_context().info_name)
    sys.exit(report.exit_code)


@main.command()
@click.argument("source")
@click.option("--config", "config_path", type=click.Path(path_type=Path), help=CONFIG_HELP)
@click.option("--digest", "digest_path", type=click.Path(path_type=Path),
              help="Write the HTML digest here (its text twin goes beside it).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
@click.option("--dry-run", is_flag=True, help="Read, check and render; write no tabs, send "
              "nothing, and say what a sync would do.")
@click.option("--wait", type=click.FloatRange(min=0), default=0, metavar="SECONDS",
              help="Wait up to SECONDS for someone to close the workbook.")
@click.option("--send", is_flag=True, help="Mail the digest (and nudges) after the sync.")
@click.option("--site", "site_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Also write the skills atlas, a static site, to this folder.")
@click.option("--accept-changes", is_flag=True, help="Go ahead although the sheet looks "
              "damaged since the last good sync (after a person has looked).")
@guarded
def sync(source: str, config_path: Path | None, digest_path: Path | None, as_json: bool,
         dry_run: bool, wait: float, send: bool, site_dir: Path | None,
         accept_changes: bool) -> None:
    """Check and dedupe SOURCE, write the summary tabs and the digest.

    Data problems are reported, not failures: the exit code is 0 when the sync completed.
    A sheet that looks damaged since the last good sync (many people gone, a column gone,
    values shifted against their people) is held back: nothing is written, the digest's
    readers get a short alert instead, and the exit code is 4. Another sync of the same
    source running exits 3 at once (or waits, with --wait).
    """
    from skillsync.pipeline import sync as run_sync

    with _progress(as_json) as progress:
        report = run_sync(source, config_path, dry_run=dry_run, digest_path=digest_path,
                          wait=wait, send=send, site_dir=site_dir,
                          accept_changes=accept_changes, progress=progress)
    _finish(report, as_json)


@main.command()
@click.argument("source")
@click.option("--config", "config_path", type=click.Path(path_type=Path), help=CONFIG_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
@guarded
def check(source: str, config_path: Path | None, as_json: bool) -> None:
    """Check and dedupe SOURCE; write nothing.

    Also says what changed since the last good sync and whether the next sync would be
    held back by the accident guard, and why (JSON: "changes" and "guard"). The check
    itself exits 0; `sync --dry-run` exits 4 when a sync would be held.
    """
    from skillsync.pipeline import check as run_check

    with _progress(as_json) as progress:
        report = run_check(source, config_path, progress=progress)
    _finish(report, as_json, issues=True)


@main.command()
@click.argument("source")
@click.option("--config", "config_path", type=click.Path(path_type=Path), help=CONFIG_HELP)
@click.option("--format", "form", type=click.Choice(["csv", "json"]), default="csv",
              show_default=True, help="CSV with a header row, or a JSON list of objects.")
@click.option("--out", "out_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Write to this file instead of standard output.")
@guarded
def export(source: str, config_path: Path | None, form: str, out_path: Path | None) -> None:
    """Print the tidy table behind every number: one record per (person, skill).

    Fields: email, name, team, skill, level (1-5 or empty), kind (expertise or learn),
    row and sheet (where it was read). Text a spreadsheet would run as a formula is
    written with a leading apostrophe in CSV, as spreadsheets themselves do.
    """
    from skillsync.output.export import check_target, write_table
    from skillsync.pipeline import export as run_export

    if out_path is not None:  # an --out that cannot work stops before the sheet is read
        check_target(out_path, source)
    with _progress() as progress:
        table = run_export(source, config_path, progress=progress)
    write_table(table, form, out_path, source)


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
    if not as_json:
        for line in report.summary_lines():
            click.echo(line)
        click.echo(f"Open {report.source} to see the new tabs, and {report.digest} in a browser.")
        return
    _finish(report, as_json)


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
    from skillsync.pipeline import digest_only

    with _progress(as_json) as progress:
        report = digest_only(source, config_path, out=out_path, send=send, dry_run=dry_run,
                             progress=progress)
    _finish(report, as_json)


@main.group()
def login() -> None:
    """Sign in once with a person's account, for sources that need one.

    Tokens are kept in the private state folder (encrypted where the OS allows) and are
    used by later commands when no service account or app registration is configured.
    """


@login.command("microsoft")
@guarded
def login_microsoft() -> None:
    """Sign in to Microsoft 365 with a device code (OneDrive, SharePoint, Teams).

    Needs AZURE_CLIENT_ID: an app registration that allows public client flows and has
    the delegated Files.ReadWrite.All permission; AZURE_TENANT_ID for one organisation.
    """
    from skillsync.backends.m365.login import login_microsoft as sign_in

    done = sign_in(click.echo, lambda line: click.echo(f"Warning: {line}", err=True))
    who = f" as {done.username}" if done.username else ""
    click.echo(f"Signed in to Microsoft 365{who}; OneDrive and SharePoint links now use it.")


@login.command("google")
@click.option("--client-secrets", type=click.Path(path_type=Path, dir_okay=False),
              envvar="SKILLSYNC_GOOGLE_CLIENT_SECRETS",
              help="The OAuth client (Desktop app) JSON file from the Google Cloud console "
              "(or SKILLSYNC_GOOGLE_CLIENT_SECRETS).")
@click.option("--no-browser", is_flag=True, help="Print the sign-in address; open no browser.")
@guarded
def login_google(client_secrets: Path | None, no_browser: bool) -> None:
    """Sign in to Google for Sheets, without a service account."""
    from skillsync.backends.gsheets.login import login_google as sign_in

    sign_in(client_secrets, open_browser=not no_browser)
    click.echo("Signed in to Google; Sheets links now use this account when no service "
               "account is configured.")


@main.command()
@click.argument("source")
@click.option("--config", "config_path", type=click.Path(path_type=Path), help=CONFIG_HELP)
@click.option("--out", "out_path", type=click.Path(path_type=Path, file_okay=False),
              help="The atlas's folder (default: dir under [site] in the settings).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
@click.option("--accept-changes", is_flag=True, help="Publish although the sheet looks "
              "damaged since the last good sync (after a person has looked).")
@guarded
def site(source: str, config_path: Path | None, out_path: Path | None, as_json: bool,
         accept_changes: bool) -> None:
    """Write the skills atlas, a static site to open from a file share or any web
    server, without writing the sheet.

    Guarded like sync: when the sheet looks damaged since the last good sync (a sync
    would be held back), nothing is published and the exit code is 4.
    """
    from skillsync.pipeline import site_only

    _finish(site_only(source, config_path, out=out_path, accept_changes=accept_changes),
            as_json)


@main.command()
@click.argument("source")
@click.option("--skills", required=True, help='The skills the work needs, e.g. "NLP, PyTorch '
              '(3)"; a level beside a skill is its minimum.')
@click.option("--min-level", type=click.IntRange(1, 5), help="The least level (1-5) for "
              "skills given without one.")
@click.option("--any", "any_skill", is_flag=True, help="At least one of the skills, not all.")
@click.option("--team", help="Only people of this team.")
@click.option("--available", is_flag=True, help="Leave out people who are fully booked.")
@click.option("--top", type=click.IntRange(1, 1000), default=10, show_default=True,
              help="How many candidates to list.")
@click.option("--config", "config_path", type=click.Path(path_type=Path), help=CONFIG_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of candidates.")
@guarded
def match(source: str, skills: str, min_level: int | None, any_skill: bool, team: str | None,
          available: bool, top: int, config_path: Path | None, as_json: bool) -> None:
    """Rank people of SOURCE for a piece of work: holders first, then stretch candidates.

    Each candidate comes with the reason (levels, past projects using the skills, success
    rate, availability); the formula is in the README. Writes nothing.
    """
    from skillsync.pipeline import match as run_match

    found = run_match(source, skills, config_path, min_level=min_level, any_skill=any_skill,
                      team=team, available=available, top=top)
    if as_json:
        click.echo(json.dumps(found.as_list(), ensure_ascii=False, indent=2))
    else:
        for line in found.lines():
            click.echo(line)


@main.command("history")
@click.argument("source")
@click.option("--config", "config_path", type=click.Path(path_type=Path), help=CONFIG_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list (or, with --diff, "
              "one JSON object).")
@click.option("--limit", type=click.IntRange(1, 1_000_000), default=30, show_default=True,
              help="List the newest N syncs.")
@click.option("--diff", "between", type=(int, int), metavar="A B",
              help="Show what changed from stored sync A to stored sync B.")
@guarded
def history_command(source: str, config_path: Path | None, as_json: bool, limit: int,
                    between: tuple[int, int] | None) -> None:
    """List the stored syncs of SOURCE, newest first: time, people, joined, left and
    changed counts, checksum, and whether it was held back."""
    from skillsync.history import listing
    from skillsync.pipeline import settings_for

    config = settings_for(source, config_path)
    if between:
        changes = listing.between(source, config, *between)
        output: Any = listing.diff_dict(*between, changes)
        lines = listing.change_lines(*between, changes)
    else:
        found = listing.entries(source, config, limit)
        output = [e.as_dict() for e in found]
        lines = listing.entry_lines(source, found)
    if as_json:
        click.echo(json.dumps(output, ensure_ascii=False, indent=2))
    elif not _root("quiet"):
        click.echo("\n".join(lines))


def entry() -> None:
    """The `skillsync` command."""
    main()
