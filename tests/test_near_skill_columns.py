"""A column under a name the skill vocabulary does not know, holding levels but for a
stray cell or two ('n/k', 'ask me'), beside a matrix, is left unread as before (it may
be desks or shifts), but no longer without a word: one note per tab names the columns,
each with a stray cell, and says how to have them read."""

from __future__ import annotations

from clikit import checked, exported, team_book

HEADER = ["Name", "Email", "Python", "SQL", "Spark"]
PEOPLE = [["Ana Lima", "ana@x.com", 3, 2, 2], ["Bo Chen", "bo@x.com", 4, 2, 1],
          ["Cy Ode", "cy@x.com", 1, 3, 4], ["Di Roy", "di@x.com", 2, 1, 3]]


def _book(tmp_path, extra: dict[str, list]):
    rows = [[*HEADER, *extra]] + [[*person, *(column[i] for column in extra.values())]
                                  for i, person in enumerate(PEOPLE)]
    return team_book(tmp_path / "team.xlsx", rows)


def _near(notes: list[str]) -> list[str]:
    return [n for n in notes if "most of their cells are levels" in n
            or "most of its cells are levels" in n]


def test_a_column_of_levels_but_one_is_named(tmp_path, monkeypatch):
    book = _book(tmp_path, {"Survey design": [3, "n/k", 2, 1]})
    assert "Survey design" not in {s for _, s, _ in exported(book, monkeypatch, tmp_path)}
    said = _near(checked(book, monkeypatch, tmp_path)["notes"])
    assert said == ["'Team': column 'Survey design' ('n/k') is not read as a skill: most of "
                    "its cells are levels, but not all, and the skill vocabulary does not "
                    "know its name; if it is a skill, write levels in it (or leave a cell "
                    "blank) to have it read."]


def test_several_columns_in_one_note(tmp_path, monkeypatch):
    book = _book(tmp_path, {"Survey design": [3, "n/k", 2, 1],
                            "Desk": [1, 2, "hot desk", 4]})
    said = _near(checked(book, monkeypatch, tmp_path)["notes"])
    assert len(said) == 1
    assert "'Survey design' ('n/k')" in said[0] and "'Desk' ('hot desk')" in said[0]


def test_the_column_cleaned_is_read_and_not_named(tmp_path, monkeypatch):
    book = _book(tmp_path, {"Survey design": [3, None, 2, 1]})
    assert ("Cy Ode", "Survey design", "2") in exported(book, monkeypatch, tmp_path)
    assert not _near(checked(book, monkeypatch, tmp_path)["notes"])


def test_no_note_for_a_known_skill_or_numbers_past_the_scale(tmp_path, monkeypatch):
    book = _book(tmp_path, {"Docker": [3, "ask me", 2, 1], "Week": [3, "tbc", 12, 14]})
    assert ("Ana Lima", "Docker", "3") in exported(book, monkeypatch, tmp_path)
    assert not _near(checked(book, monkeypatch, tmp_path)["notes"])


def test_no_note_beside_too_few_skill_columns(tmp_path, monkeypatch):
    rows = [["Name", "Email", "Python", "SQL", "Survey design"],
            *[[*p[:4], v] for p, v in zip(PEOPLE, [3, "n/k", 2, 1], strict=True)]]
    book = team_book(tmp_path / "team.xlsx", rows)
    assert not _near(checked(book, monkeypatch, tmp_path)["notes"])


def test_a_flag_column_with_a_stray_is_not_named_as_nearly_a_skill(tmp_path, monkeypatch):
    book = _book(tmp_path, {"Remote?": ["Y", "sometimes", "N", "Y"],
                            "Survey design": [3, "n/k", 2, 1]})
    said = _near(checked(book, monkeypatch, tmp_path)["notes"])
    assert len(said) == 1 and "'Remote?'" not in said[0] and "Survey design" in said[0]
