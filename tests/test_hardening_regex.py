"""Every pattern that sees cell text stays linear (issue 11, class 5).

A table of (what, callable, pathological input) runs each case in a forked child with a
generous process timeout: linear work on these inputs takes milliseconds, a quadratic
pattern takes minutes, so the timeout decides without timing anything finely. To add a
case, add a row to CASES (or to OTHERS for code this test does not own).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import time
from collections.abc import Callable
from functools import cache

import pytest
from corekit import analyse

from skillsync.backends.xlsx import extent, reader, sheetparts, tableindex, xmlscan
from skillsync.core import (
    cells,
    dateorders,
    emails,
    fields,
    headers,
    levelheaders,
    levels,
    names,
    ratecells,
    skillitems,
    usertabs,
    when,
)
from skillsync.core.layouts import forms, legend, records
from skillsync.core.model import Grid
from skillsync.core.people import Rules
from skillsync.core.vocab import Vocabulary
from skillsync.terminal import one_line

N = 100_000  # characters: three times Excel's cell limit, to show no cap is doing the work
TIMEOUT = 15.0  # seconds; linear cases here take well under one


@cache
def vocabulary() -> Vocabulary:
    import tomllib

    from skillsync.paths import skills_file
    with skills_file().open("rb") as handle:
        return Vocabulary.build(tomllib.load(handle))


def analysed(column: str, text: str) -> Callable[[], object]:
    """The whole core, layout detection included, over a sheet whose `column` cells (and
    every other cell of three rows) hold pathological text."""
    from datetime import date

    header = ["Name", "E-mail", "Team", "Manager", "Last updated", column]
    rows = [header] + [[text + str(i)] * len(header) for i in range(3)]
    rows += [["Ana", "ana@example.com", "A", "", "", ""]]
    grid = Grid("People", rows)
    return lambda: analyse(grid, None, vocabulary(), Rules(today=date(2026, 1, 1)))


# (id, callable, argument builder); the builder runs in the child, so the parent stays light
CASES: list[tuple[str, Callable, Callable[[], tuple]]] = [
    ("email-angle-unclosed", emails.normalize_email, lambda: ("<" + "a@" * N,)),
    ("email-angle-many", emails.normalize_email, lambda: (("<" + "a" * 20 + "@") * (N // 22),)),
    ("email-dots", emails.email_problem, lambda: ("a@" + "." * N + "@",)),
    ("email-dots-space", emails.email_problem, lambda: ("a@b" + ".b" * (N // 2) + " ",)),
    ("email-field", fields.email, lambda: ("<" + "a@" * N + " x",)),
    ("manager-field", fields.manager, lambda: ("a@" + "." * N + "@",)),
    ("date-spaces", when.parse_date, lambda: ("1" + " " * N + "x",)),
    ("date-digits", when.parse_date, lambda: ("1" * N,)),
    ("date-order-separators", dateorders.order_of, lambda: ("1/" * N + "2024",)),
    ("date-order-column", dateorders.first_of_each_order,
     lambda: (["1/1" + "/1" * N, " " * N + "1/13/2024", "13/1/2024" + " " * N],)),
    ("rate-digits", ratecells.parse_rate, lambda: ("1" * N + "%", False)),
    ("clean-text", cells.clean_text, lambda: (" a\u200b" * N,)),
    ("formula-text", fields.text, lambda: ("=" + "(" * N,)),
    ("name-key", names.name_key, lambda: ("a-'" * N,)),
    ("numbered-namesakes", names.numbered_namesakes,
     lambda: ("1" * N + "x@d.com", "1" * N + "y@d.com")),
    ("header-key", headers.header_key, lambda: ("(s)" * N,)),
    ("header-match", lambda t: headers.HeaderVocabulary.build().match(t),
     lambda: ("e" * N + " mail",)),
    ("skill-canonical-open", lambda t: vocabulary().canonical(t), lambda: ("(" * N + "x",)),
    ("skill-canonical-nested", lambda t: vocabulary().canonical(t),
     lambda: ("(" * N + ")" + "(" * N,)),
    ("skill-suggest", lambda t: vocabulary().suggest(t), lambda: ("pytorch " * N,)),
    ("aliases-tab", usertabs.read_aliases,
     lambda: (Grid("Aliases", [["Alias", "Canonical"], ["<a@" * N, "(" * N]]),)),
    ("not-duplicates-tab", usertabs.read_not_same,
     lambda: (Grid("Not duplicates", [["<" + "a@" * N, "a@" + "." * N + "@"]]),)),
    ("sheet-error-cells", lambda xml: reader._patch_errors([[""]], xml),
     lambda: (b'<c r="A1" t="e"><v>' * (N // 5),)),
    ("sheet-formula-cells", lambda xml: reader._patch_formulas_without_values([[""]], xml),
     lambda: (b'<c r="A1"><f>' * (N // 5),)),
    ("sheet-extent", extent.dense_extent, lambda: (b'<c r="A1"' * N + b"<c s",)),
    ("sheet-extent-narrow", extent.dense_extent, lambda: (b'<c r="A1"' * N + b'<c r="A10"',)),
    ("sheet-extent-wide-cells", extent.dense_extent,
     lambda: (b'<c r="AB1"' * N + b'<c r="A10"',)),
    ("shared-strings", tableindex.plain_string_index, lambda: (b"<sst>" + b"<si>" * N + b"<si/>",)),
    ("shared-strings-spaced-ends", tableindex.plain_string_index,
     lambda: (b"<sst><si/>" + b"<si><t>a</t></si >" * N,)),
    ("replaced-tab-cells", sheetparts._shared_cells, lambda: (b"<!--<f>" + b"<c " * N,)),
    ("markup-lexer", lambda xml: list(xmlscan.tags(xml)), lambda: (b"<a " + b" x='" * N,)),
    ("terminal-line", one_line, lambda: ("\x1b[31m\n" * N,)),
    ("core-emails", lambda f: f(), lambda: (analysed("Notes", "<" + "a@" * N),)),
    ("core-dots", lambda f: f(), lambda: (analysed("Notes", "a@" + "." * N + "@"),)),
    ("core-names", lambda f: f(), lambda: (analysed("Notes", "1" * N + "x"),)),
]

# Reading levels, skills and layouts: the notations people type, the form headers, legends.
CASES += [
    ("skill-item-spaces", lambda x: skillitems.parse(x, vocabulary().known),
     lambda: ("NLP" + " " * N + "(",)),
    ("skill-item-dashes", lambda x: skillitems.parse(x, vocabulary().known),
     lambda: ("a" + " -" * N + "4",)),
    ("skill-item-joined", lambda x: skillitems.join_parts(x, vocabulary().known),
     lambda: ("a" + " &" * N,)),
    ("level-read", levels.read, lambda: ("4" + " " * N + "x",)),
    ("level-scale-text", levelheaders.scale_in, lambda: ("1-" * N,)),
    ("splitter-and", cells.split_items, lambda: (" " * N + "andx",)),
    ("splitter-bracket", cells.split_items, lambda: ("(" + "," * N,)),
    ("splitter-brackets-open", cells.split_items, lambda: ("(" * N + ",",)),
    ("form-question-brackets", forms.question, lambda: ("[" * N + "]",)),
    ("form-question-dots", forms.question, lambda: ("Q?" + "." * N,)),
    ("legend-cells", legend.legend_scale, lambda: (Grid("L", [["1 = " * N]]), 500)),
    ("scale-bracket-spaces", levelheaders.without_scale, lambda: ("Python" + " " * N + "x",)),
    ("scale-brackets", levelheaders.without_scale, lambda: ("[1-" * N + "4",)),
    ("section-label", records._section_team, lambda: ("(" * N + "team",)),
    ("timestamp-text", when.moment, lambda: ("2026/01/01 " + "1" * N,)),
    ("core-skills", lambda f: f(), lambda: (analysed("Skills", "x" + " " * N + "andx"),)),
    ("core-levels", lambda f: f(), lambda: (analysed("Python", "4" + " - " * N),)),
]


def _child(function: Callable, build: Callable[[], tuple]) -> None:
    with contextlib.suppress(Exception):  # only the time matters here, not the answer
        function(*build())


def finishing(cases: list[tuple[str, Callable, Callable[[], tuple]]]) -> dict[str, bool]:
    """Run every case in its own child at once; which finished within TIMEOUT."""
    context = multiprocessing.get_context("fork")
    children = {}
    for name, function, build in cases:
        children[name] = context.Process(target=_child, args=(function, build), daemon=True)
        children[name].start()
    deadline = time.monotonic() + TIMEOUT
    done = {}
    for name, child in children.items():
        child.join(max(deadline - time.monotonic(), 0.1))
        done[name] = not child.is_alive() and child.exitcode == 0
        if child.is_alive():
            child.kill()
            child.join()
    return done


def finishes(function: Callable, build: Callable[[], tuple]) -> bool:
    return finishing([("case", function, build)])["case"]


@pytest.mark.parametrize("name, function, build", CASES, ids=[c[0] for c in CASES])
def test_cell_text_patterns_are_linear(name, function, build):
    assert finishes(function, build), f"{name} did not finish within {TIMEOUT:g} s"


