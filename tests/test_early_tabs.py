"""The tabs that depend on the people alone (core/earlytabs.py) are offered to the writer
as soon as the people are known, and are the tabs the sync would build itself later."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from messy import build_messy_workbook

from skillsync import pipeline, reading
from skillsync.backends import open_backend
from skillsync.backends.xlsx import aside
from skillsync.core import analysis, schema
from skillsync.core.earlytabs import EarlyTabs

EXAMPLE = Path(__file__).parent.parent / "examples" / "inventory.xlsx"
NOW = datetime(2026, 11, 30, 9).astimezone()


def workbook(source: str, folder: Path) -> Path:
    if source == "example":
        return EXAMPLE
    book = folder / "messy.xlsx"
    build_messy_workbook(book)
    return book


def analysed(book: Path, people_known=None):
    config = pipeline.settings_for(str(book), None)
    backend = open_backend(str(book), writing=False, limits=config.limits)
    try:
        return reading.analyse(backend, config, NOW, people_known=people_known)[0], config
    finally:
        backend.close()


@pytest.mark.parametrize("source", ["example", "messy"])
def test_the_people_are_known_before_their_namesakes_are_proposed(tmp_path, monkeypatch,
                                                                   source):
    happened: list[tuple[str, object]] = []
    real = analysis.propose_same_name

    def proposed(people, *args, **kwargs):
        happened.append(("proposed", people))
        return real(people, *args, **kwargs)

    monkeypatch.setattr(analysis, "propose_same_name", proposed)
    result, _ = analysed(workbook(source, tmp_path),
                         lambda people, layout: happened.append(("known", people)))
    assert [what for what, _ in happened] == ["known", "proposed"]
    assert all(people is result.people for _, people in happened)  # the analysis's own


class Offers:
    """An aside that records what it is offered and builds it at once, here."""

    def __init__(self) -> None:
        self.offered: dict[str, tuple[int, bool]] = {}

    def __call__(self, key, title, rows, build, *, early=False):
        self.offered[key] = (rows, early)
        return build()


@pytest.mark.parametrize("source", ["example", "messy"])
def test_tabs_begun_early_are_the_tabs_built_later(tmp_path, source):
    offers = Offers()
    book = workbook(source, tmp_path)
    early = EarlyTabs(pipeline.settings_for(str(book), None).titles, offers, lambda: True)
    result, config = analysed(book, early.people_known)
    begun = early.analysed(result)
    assert set(begun) == {"people_skills", "projects", "duplicates"}
    listed = sum(map(len, result.people["current_projects"].tolist()))
    assert offers.offered == {"people_skills": (schema.tidy_rows(result.people), False),
                              "projects": (listed, True),
                              "duplicates": (len(result.duplicates), True)}
    assert listed and result.duplicates  # each tab has rows to compare
    later = {tab.key: tab for tab in analysis.build_tabs(result, _facts(result),
                                                          config.titles)}
    for key, tab in begun.items():
        assert (tab.title, tab.columns) == (later[key].title, later[key].columns)
        pd.testing.assert_frame_equal(tab.frame, later[key].frame)


def _facts(result):
    return analysis.SyncFacts(NOW.replace(tzinfo=None), "test", "book.xlsx", result.rows_read,
                              "")


def test_a_tab_given_early_is_taken_whatever_the_child_was_given():
    """Given before the history is recalled, a tab has the recall's time: it is taken
    however much the child holds, and not counted against what a later tab may add."""
    worker = aside.Worker(process=None)  # takes() asks nothing of the child
    worker.rows = aside.ROWS_PER_CHILD
    assert worker.takes(aside.ASIDE_ROWS, early=True)
    assert not worker.takes(aside.ASIDE_ROWS)
    assert not worker.takes(aside.ASIDE_ROWS - 1, early=True)  # too small for a process


def test_the_people_skills_build_lets_its_copy_of_the_people_go(tmp_path):
    """The columns sent with People × Skills are its own copy, emptied once the tidy
    columns are taken (building needs three times what the tab holds); the analysis's
    people are left whole for the other tabs."""
    given = {}

    def offered(key, title, rows, build, *, early=False):
        given[key] = build
        return build()

    book = workbook("messy", tmp_path)
    early = EarlyTabs(pipeline.settings_for(str(book), None).titles, offered, lambda: True)
    result, _ = analysed(book, early.people_known)
    copy = given["people_skills"].args[0]
    assert copy is not result.people and list(copy.columns) == []
    assert set(schema.TIDY_SOURCES) <= set(result.people.columns)
    assert len(early.begun["people_skills"].frame) == schema.tidy_rows(result.people) > 0
