"""People's ids in an atlas of a sheet without e-mails: a slug of the name in every link,
anchor and data file, never the sync's `name:` key; distinct for names of one slug, the
same from one publish to the next, and safe whatever the cell holds.

The workbook is written with xlsxwriter and the atlas published through the command line.
"""

from __future__ import annotations

import html
import re
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote

import pytest
import xlsxwriter
from atlas_book import read_data
from click.testing import CliRunner
from markupsafe import escape

from skillsync import site
from skillsync.cli import main
from skillsync.config import Config
from skillsync.core.cells import fold
from skillsync.core.emails import NAME_KEY
from skillsync.core.summary import SyncFacts
from skillsync.pipeline import run

SLUG_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:--[0-9a-f]+)?")
HASH = "--[0-9a-f]{6}"
LONG = "Wolfgang Amadeus " * 8  # a slug is cut at 60 characters, a name shown at 200
# name as typed -> the id it must get (a pattern): the slug alone where the slug is the
# name itself, else the slug and a hash of the name
NAMES = {
    "Ana Lima": "ana-lima", "Ana-Lima": "ana-lima" + HASH, "José Lima": "jose-lima" + HASH,
    "Jose Lima": "jose-lima", "Łukasz Żółć": "lukasz-zolc" + HASH, "王伟": "person" + HASH,
    "李娜": "person" + HASH, "محمد علي": "person" + HASH, "../../etc/passwd": "etc-passwd" + HASH,
    "<script>alert('id')</script>": "script-alert-id-script" + HASH,
    'Anne "Nan" O\'Brien': "anne-nan-o-brien" + HASH, "Bo\x07 Chen\x1b": "bo-chen",
    "cy@corp.example": "cy-corp-example" + HASH,  # a name, not an address: no mailto
    LONG + "Mozart": "(?:wolfgang-amadeus-){3}wolfgang" + HASH,
    LONG + "Salieri": "(?:wolfgang-amadeus-){3}wolfgang" + HASH,
}
SCRIPT = "<script>alert('id')</script>"


def write_book(path: Path, names: list[str]) -> Path:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("People")
    sheet.write_row(0, 0, ["Name", "Team", "Skills"])
    for row, name in enumerate(names, start=1):
        for column, text in enumerate((name, "Search", "Python (3), SQL")):
            sheet.write_string(row, column, text)  # as text: never a formula
    book.close()
    return path


def publish(book: Path, folder: Path, monkeypatch) -> Path:
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(folder.parent / "state"))
    result = CliRunner().invoke(main, ["site", str(book), "--out", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def ids_by_name(folder: Path) -> dict[str, str]:
    people = read_data(folder)["people"]
    assert "at" not in people  # no domain: nobody has an e-mail
    return dict(zip(people["name"], people["id"], strict=True))


def every_file(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
            for p in folder.rglob("*") if p.is_file()}


def person_links(files: dict[str, str]) -> list[tuple[str, str]]:
    """(page, id as atlas.js reads it from the address) for every link to a person."""
    return [(name, unquote(found)) for name, text in files.items() if name.endswith(".html")
            for found in re.findall(r'href="[^"]*person\.html#p=([^"]*)"', text)]


@pytest.fixture
def atlas(tmp_path, monkeypatch) -> Path:
    book = write_book(tmp_path / "people.xlsx", list(NAMES))
    return publish(book, tmp_path / "atlas", monkeypatch)


def shown(name: str) -> str:
    """A name as the atlas shows it: control characters gone, spaces collapsed."""
    return " ".join("".join(c for c in name if c.isprintable()).split())


def test_each_person_gets_a_readable_url_safe_id_from_their_name(atlas):
    ids = ids_by_name(atlas)
    assert len(ids) == len(NAMES)
    for name, expected in NAMES.items():
        found = ids[shown(name)]
        assert SLUG_ID.fullmatch(found) and re.fullmatch(expected, found), (name, found)
    assert len(set(ids.values())) == len(ids)


def test_no_file_name_link_or_data_carries_the_name_key(atlas):
    files = every_file(atlas)
    keys = [f"{NAME_KEY}{fold(shown(n))}" for n in NAMES]
    for name, text in files.items():
        assert NAME_KEY not in name and ":" not in name and " " not in name, name
        assert NAME_KEY not in text and NAME_KEY.replace(":", "%3A") not in text, name
        assert not [k for k in keys if k in text or html.escape(k) in text], name


def test_every_link_to_a_person_names_someone_in_the_data(atlas):
    files = every_file(atlas)
    ids = set(ids_by_name(atlas).values())
    links = person_links(files)
    assert {found for _, found in links} == ids  # everyone holds Python: linked from there
    for page, found in links:
        assert SLUG_ID.fullmatch(found), (page, found)
    for page, text in files.items():
        anchors = set(re.findall(r' id="([^"]*)"', text))
        for href in re.findall(r'href="([^"]*)"', text):
            path, _, anchor = href.partition("#")
            target = (atlas / page).parent / path if path else atlas / page
            assert target.resolve().is_file(), (page, href)
            assert not anchor or path or anchor in anchors, (page, href)


def test_names_of_one_slug_get_distinct_ids_that_keep_the_slug(atlas):
    ids = ids_by_name(atlas)
    assert ids["Ana Lima"] == "ana-lima" and ids["Ana-Lima"].startswith("ana-lima--")
    assert ids["Jose Lima"] == "jose-lima" and ids["José Lima"].startswith("jose-lima--")
    scripts = [ids["王伟"], ids["李娜"], ids["محمد علي"]]
    assert len(set(scripts)) == 3 and all(i.startswith("person--") for i in scripts)
    long = [i for n, i in ids.items() if n.startswith("Wolfgang")]
    assert len(long) == 2 and long[0] != long[1] and all(len(i) == 67 for i in long)


def test_ids_stay_the_same_when_rows_move_and_namesakes_join(atlas, tmp_path, monkeypatch):
    before = ids_by_name(atlas)
    again = publish(tmp_path / "people.xlsx", tmp_path / "atlas", monkeypatch)
    assert ids_by_name(again) == before
    moved = [*reversed(NAMES), "ANA LIMA.", "Jose  Lima!"]
    book = write_book(tmp_path / "moved.xlsx", moved)
    after = ids_by_name(publish(book, tmp_path / "moved", monkeypatch))
    assert {n: after[n] for n in before} == before
    assert after["ANA LIMA."].startswith("ana-lima-") and after["ANA LIMA."] not in before.values()


def test_hostile_names_stay_text_in_pages_and_their_ids_are_plain(atlas):
    page = (atlas / "skills" / "python.html").read_text(encoding="utf-8")
    assert SCRIPT not in page and str(escape(SCRIPT)) in page
    assert "../../etc/passwd" in page  # shown as typed, in text only
    assert not re.search(r'href="[^"]*\.\./\.\./etc', page)
    ids = ids_by_name(atlas)
    assert re.fullmatch(r"script-alert-id-script--[0-9a-f]{6}", ids[SCRIPT])


def test_restricted_e_mails_leave_name_ids_as_they_are(atlas, tmp_path):
    """Restricting e-mails (a caller of site.publish may) hides nothing here: there is no
    e-mail, and names, which every atlas shows, still give the ids."""
    book = tmp_path / "people.xlsx"
    analysis = run(book, Config(), write=False, render=False).analysis
    facts = SyncFacts(datetime(2026, 11, 30, 9, 0), "9.9", str(book), len(NAMES), "sum")
    closed = site.publish(analysis, tmp_path / "closed", facts, lambda sheet, cell: "",
                          restricted={"email"})
    assert ids_by_name(closed) == ids_by_name(atlas)


@pytest.mark.chromium
def test_the_browser_links_each_person_by_the_same_id(atlas):
    """Search cards carry the ids the pages link with (atlas.js builds its own links), and
    person.js finds everyone by them, hostile names included, with no e-mail to show."""
    from test_site_browser import CHROMIUM, CHROMIUM_ARGS, Watched

    if not CHROMIUM.exists():
        pytest.skip("Debian chromium (/usr/bin/chromium) is not installed")
    from playwright.sync_api import expect, sync_playwright

    names = {i: n for n, i in ids_by_name(atlas).items()}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        watched = Watched(browser, 1280, "light")
        hrefs = found_in_search(watched, atlas, "Python", len(names))
        assert sorted(hrefs) == sorted(f"person.html#p={i}" for i in names)
        for href in hrefs:
            watched.page.goto((atlas / "person.html").as_uri() + href.partition("person.html")[2])
            expect(watched.page.locator("#person h1")).to_have_text(names[href.split("=")[1]])
            expect(watched.page.locator('#person a[href^="mailto:"]')).to_have_count(0)
        watched.assert_clean()
        browser.close()


def found_in_search(watched, atlas: Path, query: str, expected: int) -> list[str]:
    """The person links of the search's cards, once all `expected` cards are shown."""
    from playwright.sync_api import expect

    page = watched.page
    page.goto((atlas / "index.html").as_uri())
    page.fill("#q", query)
    cards = page.locator("#results > li")
    expect(cards).to_have_count(expected)
    ids = cards.evaluate_all("cards => cards.map(c => c.dataset.id)")
    hrefs = page.locator("#results > li h3 a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")
    assert [h.split("#p=")[1] for h in hrefs] == ids
    return hrefs


def test_no_name_can_take_the_id_another_names_hash_gives():
    from skillsync.core.emails import NAME_KEY
    from skillsync.site.ids import name_ids

    jose = NAME_KEY + "josé lima"
    alone = name_ids([jose])[jose]
    lookalike = NAME_KEY + alone.replace("-", " ").strip()  # "jose lima c70edd…"
    together = name_ids([jose, lookalike])
    assert together[jose] == alone and together[lookalike] != alone
