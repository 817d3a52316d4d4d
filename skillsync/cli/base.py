"""The command line's frame: the group, one error line per failure, printing a report.

Exit codes: 0 done (data problems are reported, not failures); 1 unexpected;
2 usage or configuration; 3 source missing, not a workbook, busy or changed, or mail not
sent (the sync itself stands); 4 held back (the sheet looks damaged since the last good
sync; nothing was written).
"""

from __future__ import annotations

import contextlib
import functools
import gc
import json
import logging
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from skillsync import __version__, allocator, events
from skillsync.errors import EXIT_UNEXPECTED, SkillsyncError
from skillsync.terminal import json_safe, one_line

CONFIG_HELP = ("TOML settings (default: ./skillsync.toml, else skillsync.toml beside the "
               "workbook).")


def guarded(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn SkillsyncError into one 'Error: ...' line and its exit code; no traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = click.get_current_context().find_root().params.get("debug", False)
        try:
            events.emit("command.start", command=click.get_current_context().info_name,
                        source=kwargs.get("source"))
            return command(*args, **kwargs)
        except SkillsyncError as exc:
            if debug:
                traceback.print_exc()
            _error(one_line(exc), exc.exit_code)
            sys.exit(exc.exit_code)
        except BrokenPipeError:  # the reader went away (`| head`): stop quietly
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(EXIT_UNEXPECTED)
        except KeyboardInterrupt:
            if root_param("log_format") != "json":
                raise  # click says "Aborted!" and exits 1
            _error("interrupted (Ctrl-C)", EXIT_UNEXPECTED)  # as an event, not a plain line
            sys.exit(EXIT_UNEXPECTED)
        except (click.exceptions.Exit, click.ClickException):
            raise
        except Exception as exc:  # noqa: BLE001 - the promise is one line, whatever went wrong
            if debug:
                traceback.print_exc()
            name = click.get_current_context().info_name
            _error(f"unexpected {type(exc).__name__}: {one_line(exc, 300)} (run `skillsync "
                   f"--debug {name} ...` for details)", EXIT_UNEXPECTED)
            sys.exit(EXIT_UNEXPECTED)

    return wrapper


def root_param(name: str) -> Any:
    return click.get_current_context().find_root().params.get(name)


def _error(message: str, code: int) -> None:
    """One 'Error: ...' line on stderr, or with --log-format json one event."""
    # A line that cannot be written (stderr closed, or on a full disk) must not change
    # the exit code: automation reads the code.
    with contextlib.suppress(OSError, ValueError):
        if root_param("log_format") == "json":
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
    companion workbook beside it), a Google Sheets URL or gsheet:<id>, or a
    OneDrive/SharePoint/Teams sharing link or m365:<drive-id>/<item-id>.

    Exit codes: 0 done, 1 unexpected, 2 usage or config, 3 source unusable, busy or
    changed, or mail not sent, 4 held back (the sheet looks damaged since the last
    good sync; nothing was written; see `sync --accept-changes`).
    """
    if log_format == "json":
        handler = events.install(sys.stderr)  # CliRunner swaps sys.stderr too
        click.get_current_context().call_on_close(lambda: events.remove(handler))


def read_ahead(source: str, config_path: Path | None) -> None:
    """Have calamine parse a local workbook's sheets while the rest of skillsync (pandas
    above all) loads: called before a command's imports (see backends/xlsx/readahead.py)."""
    from skillsync.backends.xlsx import readahead

    readahead.begin(source, config_path)
    # A command that stops before its reader asks (a lock, bad settings) lets it go too.
    click.get_current_context().call_on_close(readahead.end)


def progress_line(as_json: bool = False):
    """The progress line for one run: on a terminal, unless --json, --quiet or
    --log-format json (stderr then carries events) is given."""
    from skillsync.progress import shown

    return shown(enabled=not (as_json or root_param("quiet") or root_param("log_format") == "json"))


def finish(report: Any, as_json: bool, *, issues: bool = False, after: str = "") -> None:
    """Print the report (and, for `check`, its problems; then `after`, a line for the
    reader) and exit with its code."""
    if as_json:
        click.echo(json_safe(json.dumps(report.as_dict(), ensure_ascii=False, indent=2)))
    elif not (root_param("quiet") and report.exit_code == 0):
        for line in report.summary_lines() + (report.issue_lines() if issues else []):
            indent = len(line) - len(line.lstrip(" "))  # issue lines sit under the summary
            click.echo(" " * indent + one_line(line, 2000))
        if after:
            click.echo(one_line(after, 2000))
    if report.mail_failure:
        _error(one_line(report.mail_failure), report.exit_code)
    if report.held_back and root_param("log_format") != "json":
        click.echo(f"Held back: nothing was written (exit code {report.exit_code}); the "
                   "report says why.", err=True)
    events.done(report, click.get_current_context().info_name)
    sys.exit(report.exit_code)


def entry() -> None:
    """The `skillsync` command. Its process ends with the command, so the cyclic garbage
    collector stays off throughout: re-enabled after a large run, its first pass would walk
    every object the run made (half a second at 100,000 people; see bench/gc.py), only for
    the process to exit. Reference counting frees memory as usual. Large blocks go back
    to the system when freed, and every thread allocates from one arena (see
    allocator.py)."""
    gc.disable()
    allocator.return_large_blocks()
    allocator.share_one_arena()
    try:
        main()
    except SystemExit as done:
        _end_process(done.code)


def _end_process(code: Any) -> None:
    """End at once, as `sys.exit(code)` would, minus the interpreter's teardown: freeing
    a large run's objects one by one takes a third of a second at 100,000 people, and
    seconds at a million. By now every file the run wrote is closed and every temporary
    folder removed (each in its own `with` or `finally`); the streams and log handlers
    are flushed here."""
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    logging.shutdown()
    try:
        if sys.stdout is not None:  # None: the process was started with stdout closed
            sys.stdout.flush()
    except (BrokenPipeError, ValueError):  # the reader went away, or stdout is closed
        code = code or EXIT_UNEXPECTED
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stderr.flush()
    os._exit(code or 0)
