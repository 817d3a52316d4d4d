"""A plus that ends a name ("C++") is the name's, not a joiner: "C++ + Python" is two
skills, where it was one unknown skill "C++ + Python". A version with a plus ("Spark
3.5+") names the skill as the version alone does, and "SQL 2 of 5" is SQL at 2."""

from __future__ import annotations

import pytest
from clikit import exported, save_book

from skillsync.core import fields, levels, skillitems
from skillsync.core.levels import Scale
from skillsync.reading import base_vocabulary

vocabulary = base_vocabulary()
known = vocabulary.known


def _items(cell: str) -> tuple[list[tuple[str, int | None]], tuple[str, ...]]:
    parsed, _ = fields.skills(vocabulary, levels.DEFAULT, Scale())(cell)
    return [(item[0], item[1]) for item in parsed.items], parsed.unknown


@pytest.mark.parametrize(
    ("item", "parts"),
    [("C++ + Python 3", ("C++", "Python 3")), ("Python + C++", ("Python", "C++")),
     ("C++ (4) + Python (3)", ("C++ (4)", "Python (3)")),
     ("C++ 4 + Python 3", ("C++ 4", "Python 3")), ("C++ + CUDA", ("C++", "CUDA")),
     ("C+++Python", ("C++", "Python")),
     # as before: pluses between names join, pluses in or after a name stay
     ("Python ++ SQL", ("Python", "SQL")), ("PyTorch+TensorFlow", ("PyTorch", "TensorFlow")),
     ("C++", ("C++",)), ("Notepad++", ("Notepad++",)), ("4++", ("4++",)),
     ("Python (4+) & SQL (3)", ("Python (4+)", "SQL (3)"))],
)
def test_the_pluses_ending_a_name_join_nothing(item, parts):
    assert skillitems.join_parts(item, known) == parts


@pytest.mark.parametrize(
    ("cell", "items"),
    [("C++ + Python 3", [("C++", None), ("Python", 3)]),
     ("Python + C++", [("Python", None), ("C++", None)]),
     ("C++ (4) + Python (3)", [("C++", 4), ("Python", 3)]),
     ("C++ 4 + Python 3", [("C++", 4), ("Python", 3)])],
)
def test_a_cell_joining_cpp_to_another_skill_holds_both(cell, items):
    assert _items(cell) == (items, ())


@pytest.mark.parametrize(
    ("cell", "skill"),
    [("Spark 3.5+", "Spark"), ("Python 3.10+", "Python"), ("Java 8+", "Java"),
     ("Spark 3.5", "Spark"), ("Java 8", "Java")],
)
def test_a_version_or_later_names_the_skill(cell, skill):
    assert _items(cell) == ([(skill, None)], ())


@pytest.mark.parametrize(
    ("cell", "level"),
    [("SQL 2 of 5", 2), ("SQL 2+ of 5", 2), ("SQL 3 out of 5", 3), ("SQL 2 of 4", 2),
     ("2 of 5 - SQL", 2), ("SQL (2 of 5)", 2)],
)
def test_a_level_out_of_a_scale_in_words(cell, level):
    assert _items(cell) == ([("SQL", level)], ())


@pytest.mark.parametrize(("cell", "skill"),
                         [("C#", "C#"), ("C Sharp", "C#"), ("CUDA 12", "CUDA"), ("c", "C")])
def test_c_sharp_c_and_cuda_are_known(cell, skill):
    assert _items(cell) == ([(skill, None)], ())


def test_names_that_only_end_like_a_level_keep_their_words():
    # "of" + a number is a level only after a number: these stay what they were
    assert _items("Chief of Staff") == ([("Chief of Staff", None)], ("Chief of Staff",))
    assert _items("Windows 10") == ([("Windows 10", None)], ("Windows 10",))


def test_a_workbook_with_cpp_joined_by_plus(tmp_path, monkeypatch):
    path = save_book(tmp_path / "team.xlsx", ("People", [
        ["Name", "Email", "Team", "Skills"],
        ["Ana", "ana@x.com", "HPC", "C++ (4) + Python (3), Spark 3.5+"],
        ["Ben", "ben@x.com", "HPC", "Python + C++, SQL 2 of 5"]]))
    assert exported(path, monkeypatch, tmp_path) == {
        ("Ana", "C++", "4"), ("Ana", "Python", "3"), ("Ana", "Spark", ""),
        ("Ben", "Python", ""), ("Ben", "C++", ""), ("Ben", "SQL", "2")}
