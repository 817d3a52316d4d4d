"""The atlas's files without a browser: what the data file says against what was typed,
privacy (restricted fields in no file at all), charts' numbers, links, atomic writing,
the command line, the digest's bars. Browser tests are in test_site_browser.py."""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest
from atlas_book import IMAGE, SCRIPT, Book, build, decoded_people, read_data
from click.testing import CliRunner
from test_digest_render import assert_email_safe

from skillsync import site
from skillsync.backends import open_backend
from skillsync.cli import main
from skillsync.config import Config
from skillsync.core.summary import SyncFacts
from skillsync.errors import ConfigError
from skillsync.output import digest
from skillsync.pipeline import run, site_only
from skillsync.site.pages import STATIC
from skillsync.site.writer import MARKER

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Book:
    return build(tmp_path_factory.mktemp("book") / "inventory.xlsx")


@pytest.fixture(scope="module")
def analysed(book):
    return run(book.path, Config(), write=False, render=False).analysis


def facts_of(book: Book) -> SyncFacts:
    return SyncFacts(datetime(2026, 11, 30, 9, 0), "9.9", str(book.path), 40, "sum")


def linker_of(book: Book):
    backend = open_backend(str(book.path), writing=False)
    try:
        return backend.linker()
    finally:
        backend.close()


def publish(book: Book, analysed, folder: Path, **options) -> Path:
    return site.publish(analysed, folder, facts_of(book), linker_of(book), **options)


def every_file(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): p.read_text(encoding="utf-8")
            for p in folder.rglob("*") if p.is_file()}


def data_bearing(folder: Path) -> dict[str, str]:
    """Every file but the stylesheet and scripts, which are shipped as they are (checked)."""
    files = every_file(folder)
    for name in STATIC:
        assert files.pop(name) == (ROOT / "templates" / "site" / name).read_text("utf-8")
    return files


# --- what the data file holds ---------------------------------------------------------------

def test_the_data_file_holds_every_person_as_the_sheet_has_them(book, analysed, tmp_path):
    folder = publish(book, analysed, tmp_path / "atlas")
    people = decoded_people(read_data(folder))
    assert set(people) == set(book.people)
    for email, truth in book.people.items():
        found = people[email]
        assert found["row"] == truth.row, email
        assert found["held"] == truth.held, email
        assert found["learn"] == truth.learn, email
        assert found["team"] == truth.team
        assert found["free"] == truth.available, email
        usable = truth.rate <= 1  # 130% is reported and read as no rate
        assert found["rate"] == (round(truth.rate * 100) if usable else -1)


def test_the_vocabulary_and_typo_rule_ship_with_the_data(book, analysed, tmp_path):
    data = read_data(publish(book, analysed, tmp_path / "atlas"))
    keys = dict(zip(data["vocab"]["keys"], data["vocab"]["to"], strict=True))
    assert data["skills"][keys["nlp"]] == "Natural Language Processing"
    assert data["skills"][keys["k8s"]] == "Kubernetes"
    assert data["skills"][keys["kubernete"]] == "Kubernetes"  # keys drop a plural 's'
    assert ["isation", "ization"] in data["vocab"]["spellings"]
    assert data["vocab"]["typoMin"] == 5 and data["vocab"]["known"] > 300


# --- privacy ----------------------------------------------------------------------------------

def test_restricted_success_rate_is_in_no_file_of_the_site(book, analysed, tmp_path):
    rates = [r for r in book.rates if r <= 1]
    spelled = {s for r in rates for s in (f"{r:.4f}".rstrip("0"), f"{r * 100:.2f}")}
    # Without the restriction the rates and the 130% problem are there, so the check can fail.
    open_site = every_file(publish(book, analysed, tmp_path / "open"))
    assert '"success_rate":[' in open_site["data.js"]
    assert "Success rate 130% is above 100%" in open_site["data.js"]
    assert sorted(read_data(tmp_path / "open")["people"]["success_rate"]) == sorted(
        [round(r * 100) for r in rates] + [-1])

    closed = data_bearing(publish(book, analysed, tmp_path / "closed",
                                  restricted={"success_rate"}))
    for name, text in closed.items():
        assert "success_rate" not in text, name
        assert "Success rate" not in text, name
        assert "130%" not in text, name
        assert not [s for s in spelled if s in text], name
    people = read_data(tmp_path / "closed")["people"]
    assert "success_rate" not in people and len(people["name"]) == len(book.people)


def test_restricted_email_and_location_are_in_no_file(book, analysed, tmp_path):
    folder = publish(book, analysed, tmp_path / "atlas", restricted={"email", "location"})
    for name, text in data_bearing(folder).items():
        assert "@atlas.example" not in text, name
        for place in ("Lisbon", "Berlin", "Austin", "Pune", "Singapore", "HYPERLINK"):
            assert place not in text, (name, place)
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert 'id="f-location"' not in index and 'id="f-team"' in index


@pytest.mark.parametrize("restricted", [{"name"}, {"expertise"}, {"salary"}])
def test_a_restriction_the_atlas_cannot_honour_is_refused(book, analysed, tmp_path, restricted):
    with pytest.raises(ConfigError, match=r"\[privacy\]"):
        publish(book, analysed, tmp_path / "atlas", restricted=restricted)
    assert not (tmp_path / "atlas").exists()


def test_an_inventory_with_nobody_usable_still_gives_an_atlas(tmp_path):
    import xlsxwriter

    source = tmp_path / "empty.xlsx"
    book = xlsxwriter.Workbook(str(source))
    sheet = book.add_worksheet("People")
    sheet.write_row(0, 0, ["Name", "E-mail", "Team", "Skills"])
    sheet.write_row(1, 0, ["Ana Lima", "n/a", "Search", "NLP (4)"])
    book.close()
    report = site_only(source, Config(), out=tmp_path / "atlas")
    assert report.people == 0
    assert read_data(tmp_path / "atlas")["people"]["n"] == 0
    assert '<span class="num">0</span> <span class="label">People</span>' in (
        tmp_path / "atlas" / "index.html").read_text("utf-8")


# --- pages and charts ---------------------------------------------------------------------------

def test_every_link_between_pages_points_at_a_file_that_exists(book, analysed, tmp_path):
    folder = publish(book, analysed, tmp_path / "atlas")
    files = every_file(folder)
    checked = 0
    for name, text in files.items():
        if not name.endswith(".html"):
            continue
        for href in re.findall(r'(?:href|src)="([^"]+)"', text):
            if href.startswith(("mailto:", "#")):
                continue
            assert "://" not in href, (name, href)  # nothing remote, ever
            target = (folder / name).parent / href.split("#")[0]
            assert target.resolve().is_file(), (name, href)
            checked += 1
    assert checked > 200
    skills = {p.stem for p in (folder / "skills").iterdir()}
    assert {"natural-language-processing", "python", "kubernetes"} <= skills


def test_heatmap_cells_say_the_truth_in_numbers_and_titles(book, analysed, tmp_path):
    index = (publish(book, analysed, tmp_path / "atlas") / "index.html").read_text("utf-8")
    heat = re.search(r'<svg[^>]*class="chart heatmap".*?</svg>', index, re.S).group(0)
    cells = re.findall(r"<g class=\"cell\"><title>(.*?) × (.*?): (\d+) (?:person|people)"
                       r"</title>.*?>(\d+)</text></g>", heat)
    truth = Counter((p.team, s) for p in book.people.values() for s in p.held)
    assert len(cells) >= 4 * 9
    for team, skill, titled, shown in cells:
        team, skill = html.unescape(team), html.unescape(skill)
        assert int(titled) == int(shown) == truth[(team, skill)], (team, skill)


def test_holders_on_a_skill_page_are_grouped_by_level_as_typed(book, analysed, tmp_path):
    page = (publish(book, analysed, tmp_path / "atlas") / "skills" / "python.html").read_text(
        "utf-8")
    truth = {p.name: p.held["Python"] for p in book.people.values() if "Python" in p.held}
    for level in (5, 4, 3, 2, 1, None):
        names = {n for n, lv in truth.items() if lv == level}
        title = f"Level {level} —" if level else "Level not given"
        if not names:
            assert title not in page
            continue
        section = page.split(title, 1)[1].split("</ul>", 1)[0]
        listed = set(re.findall(r'<a href="[^"]+">([^<]+)</a>', section))
        assert listed == names, level


def test_markup_typed_in_cells_stays_text_everywhere(book, analysed, tmp_path):
    folder = publish(book, analysed, tmp_path / "atlas")
    for name, text in every_file(folder).items():
        if name.endswith(".html"):
            assert SCRIPT not in text and IMAGE not in text, name
            ours = r"<script(?![^>]*\bsrc=\"(\.\./)?(data|atlas|search|person)\.js\")"
            assert not re.search(ours, text), name
            assert "style=" not in text and " on" not in re.sub(r">[^<]*<", "><", text), name
    hostile = [p for p in (folder / "skills").iterdir() if p.stem.startswith("script-alert")]
    assert len(hostile) == 1
    assert "&lt;script&gt;alert(&#39;atlas&#39;)&lt;/script&gt;" in hostile[0].read_text("utf-8")


def test_extras_plug_in_risks_trends_and_mentors(book, analysed, tmp_path):
    extras = site.Extras(risks={"Python": "Both holders are fully booked."},
                         trends={"Python": [3, 5, 8]},
                         trend_labels=["2026-09-01", "2026-10-01", "2026-11-01"],
                         mentors={"Rust": ["Nobody Known"]})
    folder = publish(book, analysed, tmp_path / "atlas", extras=extras)
    python = (folder / "skills" / "python.html").read_text("utf-8")
    assert "Both holders are fully booked." in python
    assert re.search(r"<polyline class=\"trend\"[^>]*points=\"[\d., ]+\"", python)
    assert "2026-09-01: 3, 2026-10-01: 5, 2026-11-01: 8" in python
    index = (folder / "index.html").read_text("utf-8")
    assert "Skills at risk" in index and "Both holders are fully booked." in index
    assert "Nobody Known" in (folder / "skills" / "rust.html").read_text("utf-8")


# --- writing -------------------------------------------------------------------------------------

def test_a_new_site_replaces_the_old_one_whole(book, analysed, tmp_path):
    folder = site.write_site(tmp_path / "atlas", {"index.html": "a", "skills/gone.html": "x"})
    publish(book, analysed, folder)  # a page the last atlas wrote and this one does not: gone
    assert not (folder / "skills" / "gone.html").exists()
    assert (folder / MARKER).is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["atlas"]  # no temporary folders left
    assert oct(folder.stat().st_mode & 0o777) == "0o755"


def test_a_folder_of_other_files_is_never_replaced(book, analysed, tmp_path):
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "plan.docx").write_text("mine")
    with pytest.raises(ConfigError, match="holds files skillsync did not write"):
        publish(book, analysed, folder)
    assert [p.name for p in folder.iterdir()] == ["plan.docx"]


def test_a_file_added_to_the_atlas_is_kept_and_the_atlas_refused(book, analysed, tmp_path):
    folder = publish(book, analysed, tmp_path / "atlas")
    (folder / "CNAME").write_text("skills.example.com")
    (folder / "skills" / "my-notes.html").write_text("mine")
    before = every_file(folder)
    with pytest.raises(ConfigError, match=r"did not write \(CNAME, skills/my-notes.html\)"):
        publish(book, analysed, folder)
    assert every_file(folder) == before


def test_a_marker_planted_beside_a_workbook_does_not_let_the_atlas_replace_it(tmp_path):
    team = tmp_path / "team"
    team.mkdir()
    (team / "inventory.xlsx").write_bytes(b"the workbook")
    (team / MARKER).write_text("")  # or even a marker copied from a real atlas
    with pytest.raises(ConfigError, match=r"inventory\.xlsx"):
        site.write_site(team, {"index.html": "atlas"})
    (team / MARKER).write_text(site.writer.MARKER_TEXT + "index.html\n")
    with pytest.raises(ConfigError, match=r"inventory\.xlsx"):
        site.write_site(team, {"index.html": "atlas"})
    assert (team / "inventory.xlsx").read_bytes() == b"the workbook"


def test_a_failed_write_leaves_the_old_site_as_it_was(book, analysed, tmp_path):
    folder = publish(book, analysed, tmp_path / "atlas")
    before = every_file(folder)
    with pytest.raises(ConfigError, match="cannot write the site"):
        site.write_site(folder, {"index.html": "new", "index.html/inner.html": "x"})
    assert every_file(folder) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["atlas"]


# --- command line and pipeline -----------------------------------------------------------------

def test_site_command_writes_the_atlas_and_leaves_the_sheet_alone(book, tmp_path):
    before = book.path.read_bytes()
    result = CliRunner().invoke(main, ["site", str(book.path), "--out", str(tmp_path / "a"),
                                       "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["site"] == str((tmp_path / "a").absolute())
    assert (tmp_path / "a" / "index.html").is_file()
    assert book.path.read_bytes() == before


def test_sync_with_site_writes_tabs_then_the_atlas(book, tmp_path):
    source = tmp_path / "inventory.xlsx"
    source.write_bytes(book.path.read_bytes())
    result = CliRunner().invoke(main, ["sync", str(source), "--site", str(tmp_path / "a")])
    assert result.exit_code == 0, result.output
    assert f"Atlas: {tmp_path / 'a' / 'index.html'}" in result.output
    assert source.read_bytes() != book.path.read_bytes()  # the tabs were written
    assert len(decoded_people(read_data(tmp_path / "a"))) == 40


def test_a_dry_run_says_where_the_atlas_would_go_and_writes_none(book, tmp_path):
    result = CliRunner().invoke(main, ["sync", str(book.path), "--dry-run", "--json",
                                       "--site", str(tmp_path / "a")])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["site"] is None
    assert f"Dry run: the atlas would be written to {tmp_path / 'a'}" in report["notes"]
    assert not (tmp_path / "a").exists()


def test_site_folder_from_the_settings_file(book, tmp_path):
    settings = tmp_path / "skillsync.toml"
    settings.write_text('[site]\ndir = "published/atlas"\n')
    (tmp_path / "published").mkdir()
    report = site_only(book.path, settings)
    assert report.extra["site"] == str(tmp_path / "published" / "atlas")
    assert (tmp_path / "published" / "atlas" / "data.js").is_file()


def test_site_without_a_folder_or_into_a_file_is_a_usage_error(book, tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["site", str(book.path)])
    assert result.exit_code == 2 and "--out FOLDER" in result.output
    (tmp_path / "file").write_text("x")
    result = runner.invoke(main, ["sync", str(book.path), "--dry-run", "--site",
                                  str(tmp_path / "file")])
    assert result.exit_code == 2


# --- the digest's bars --------------------------------------------------------------------------

def test_digest_bars_split_each_top_skill_by_level_in_table_cells(book, analysed):
    view = digest.build_view(facts_of(book), analysed, Config().titles)
    top = [skill for skill, _, _ in view.top_skills.items]
    assert len(view.skill_bars) == len(top) > 3
    longest = max(len(book.holders(s)) for s in top)
    for skill, bar in zip(top, view.skill_bars, strict=True):
        levels = Counter(p.held[skill] or 0 for p in book.people.values() if skill in p.held)
        assert sum(levels.values()) == len(book.holders(skill))
        by_name = {label.split()[0]: n for label, n, _, _ in bar.parts}
        assert {int(k) if k.isdigit() else 0: n for k, n in by_name.items()} == levels, skill
        assert bar.width == max(1, round(100 * len(book.holders(skill)) / longest))
        assert abs(sum(share for _, _, share, _ in bar.parts) - 100) <= 2
    html = digest.render_view(digest.environment(), "digest", view, "s").html
    assert re.search(r'<td width="\d+%" height="12" bgcolor="#0d3b6e"', html)
    assert "<svg" not in html
    assert_email_safe(html)


def test_privacy_settings_reach_the_atlas_from_the_settings_file(book, tmp_path):
    """`[privacy] restricted` in skillsync.toml, through the command line: the restricted
    fields are in no file, while the same run without the setting shows them."""
    settings = tmp_path / "skillsync.toml"
    settings.write_text('[privacy]\nrestricted = ["success_rate", "availability", "score"]\n')
    runner = CliRunner()
    shown = runner.invoke(main, ["site", str(book.path), "--out", str(tmp_path / "open")])
    assert shown.exit_code == 0, shown.stderr
    assert '"success_rate":[' in every_file(tmp_path / "open")["data.js"]
    kept = runner.invoke(main, ["site", str(book.path), "--config", str(settings),
                                "--out", str(tmp_path / "closed")])
    assert kept.exit_code == 0, kept.stderr
    for name, text in data_bearing(tmp_path / "closed").items():
        for word in ("success_rate", "Success rate", "availability", "Availability"):
            assert word not in text, (name, word)
    assert site.restricted_of(Config()) == frozenset()
