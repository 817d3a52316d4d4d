"""The commands around a sheet: signing in, the atlas, staffing matches, the history."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from skillsync.cli.base import CONFIG_HELP, finish, guarded, main, read_ahead, root_param


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
    read_ahead(source, config_path)
    from skillsync.pipeline import site_only

    finish(site_only(source, config_path, out=out_path, accept_changes=accept_changes),
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
    read_ahead(source, config_path)
    from skillsync.pipeline import match as run_match

    found = run_match(source, skills, config_path, min_level=min_level, any_skill=any_skill,
                      team=team, available=available, top=top)
    if as_json:
        click.echo(json.dumps(found.as_list(), ensure_ascii=False, indent=2))
    else:
        for line in found.lines():
            click.echo(line)


class SyncNumber(click.ParamType):
    """A stored sync's number as `history` lists it: '#12' or '12'."""

    name = "integer"

    def convert(self, value: object, param: click.Parameter | None,
                ctx: click.Context | None) -> int:
        text = str(value).strip().removeprefix("#")
        if not (text.isascii() and text.isdigit()):
            self.fail(f"{value!r} is not a sync's number (e.g. 12 or #12, as `history` "
                      "lists them)", param, ctx)
        return int(text)


SYNC_NUMBER = SyncNumber()


@main.command("history")
@click.argument("source")
@click.option("--config", "config_path", type=click.Path(path_type=Path), help=CONFIG_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list (or, with --diff, "
              "one JSON object).")
@click.option("--limit", type=click.IntRange(1, 1_000_000), default=30, show_default=True,
              help="List the newest N syncs.")
@click.option("--diff", "between", type=(SYNC_NUMBER, SYNC_NUMBER), metavar="A B",
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
    elif not root_param("quiet"):
        click.echo("\n".join(lines))
