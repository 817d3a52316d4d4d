"""The commands that run on a sheet: sync, check, export, digest; init and demo."""

from __future__ import annotations

from pathlib import Path

import click

from skillsync.cli.base import CONFIG_HELP, finish, guarded, main, progress_line, read_ahead


@main.command()
@click.argument("source")
@click.option("--config", "config_path", type=click.Path(path_type=Path), help=CONFIG_HELP)
@click.option("--digest", "digest_path", type=click.Path(path_type=Path),
              help="Write the HTML digest here (its text twin goes beside it).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
@click.option("--dry-run", is_flag=True, help="Read, check and render a preview of the "
              "digest (in the state folder, or at --digest); write no tabs, send nothing, "
              "and say what a sync would do.")
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
    read_ahead(source, config_path)
    from skillsync.pipeline import sync as run_sync

    with progress_line(as_json) as progress:
        report = run_sync(source, config_path, dry_run=dry_run, digest_path=digest_path,
                          wait=wait, send=send, site_dir=site_dir,
                          accept_changes=accept_changes, progress=progress)
    finish(report, as_json)


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
    read_ahead(source, config_path)
    from skillsync.pipeline import check as run_check

    with progress_line(as_json) as progress:
        report = run_check(source, config_path, progress=progress)
    finish(report, as_json, issues=True)


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
    read_ahead(source, config_path)
    from skillsync.output.export import check_target, write_table
    from skillsync.pipeline import export as run_export

    if out_path is not None:  # an --out that cannot work stops before the sheet is read
        check_target(out_path, source)
    with progress_line() as progress:
        table = run_export(source, config_path, progress=progress)
    write_table(table, form, out_path, source)


@main.command()
@click.argument("folder", required=False, type=click.Path(path_type=Path), default=Path("."))
@guarded
def init(folder: Path) -> None:
    """Create a starter workbook and skillsync.toml in FOLDER.

    The workbook has the header, dropdowns, an Instructions tab, an Aliases tab, a Not
    duplicates tab, and the Staffing requests and Targets tabs the staffing answers read;
    the settings file lists every setting, commented.
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
    finish(report, as_json, after=f"Open {report.source} to see the new tabs, and "
                                  f"{report.digest} in a browser.")


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
    read_ahead(source, config_path)
    from skillsync.pipeline import digest_only

    with progress_line(as_json) as progress:
        report = digest_only(source, config_path, out=out_path, send=send, dry_run=dry_run,
                             progress=progress)
    finish(report, as_json)
