"""Every kind of data problem skillsync reports: one code, a label a manager reads, a fix.

The code is the stable identifier automation filters on (`--json`, the Data Issues tab's
filter); the label is what a person reads in the digest; the hint says in a few words how
to fix it. A code without a label cannot exist: the enum is built from one table.
"""

from __future__ import annotations

from enum import StrEnum

# code: (label, hint)
_TABLE: dict[str, tuple[str, str]] = {
    "missing-email": ("No usable e-mail", "type the person's work e-mail"),
    "invalid-email": ("E-mail is not an address", "type the e-mail as name@company.com"),
    "non-ascii-email": ("E-mail with non-ASCII letters",
                        "use the plain ASCII form of the address"),
    "invalid-manager-email": ("Bad manager e-mail", "type the manager's work e-mail"),
    "missing-name": ("No name", "type the person's full name"),
    "missing-team": ("No team", "type the person's team"),
    "cell-error": ("Error value in a cell", "fix the formula or type the value"),
    "formula-text": ("Text that looks like a formula", "replace it with the real value"),
    "unknown-skill": ("Skill not in the vocabulary",
                      "fix the spelling or add it to the Aliases tab"),
    "skill-spelling": ("Skill spelling read as a known skill",
                       "fix the spelling, or add it to the Aliases tab"),
    "bad-level": ("Level outside the scale", "write a level from 1 to 5, or leave it out"),
    "level-without-skill": ("A level with no skill",
                            "write the skill next to its level, as 'NLP (4)'"),
    "skills-in-prose": ("Skills written as a sentence",
                        "list the skills separated by commas, as 'Python (4), SQL'"),
    "rate-not-number": ("Success rate is not a number", "type a percentage such as 85%"),
    "rate-over-100": ("Success rate above 100%", "type a percentage from 0% to 100%"),
    "rate-negative": ("Success rate below 0%", "type a percentage from 0% to 100%"),
    "rate-ambiguous": ("Success rate that reads two ways", "type it with its % sign"),
    "bad-date": ("Unreadable date", "type the date as YYYY-MM-DD"),
    "future-date": ("Date in the future", "type the date of the last edit"),
    "stale-row": ("Row not updated lately", "check the row is still true"),
    "mixed-date-order": ("Dates written both day first and month first",
                         "type dates as YYYY-MM-DD"),
    "conflict": ("Rows of one person disagree", "keep one row per person"),
    "stray-cell": ("Value far from the table", "delete the stray value"),
    "several-inventories": ("Another tab looks like the inventory",
                            "name the inventory tab in skillsync.toml"),
    "no-skills-column": ("No skills column found", "map the skills column in skillsync.toml"),
    "no-email-column": ("No e-mail column: people told apart by name",
                        "add an e-mail column so namesakes stay apart"),
    "cell-too-long": ("Cell text too long", "shorten the cell"),
    # Named for a sheet of rows; with people across, a hidden person is a column and a
    # hidden field a row, so the labels speak of people and fields.
    "hidden-rows": ("Hidden people read like the others",
                    "unhide them, and delete the people who have left"),
    "hidden-columns": ("Hidden fields read like the others",
                       "unhide them, and delete what is no longer kept"),
    # The Staffing requests and Targets tabs (core/requests.py).
    "staffing-unknown-skill": ("Skill asked for that nobody lists",
                               "fix the spelling or add it to the Aliases tab"),
    "staffing-no-skills": ("Request or target without a skill",
                           "name the skills the work needs"),
    "staffing-bad-value": ("Unreadable value in a request or target",
                           "type a number, a date or yes/no as the column asks"),
    "target-unknown-group": ("Target for a team or role nobody has",
                             "spell the team or role as the inventory does"),
    # The accident guard (core/integrity.py): why a sync was held back.
    "people-vanished": ("Many people vanished at once",
                        "restore the deleted rows (undo or version history); if they really "
                        "left, sync with --accept-changes"),
    "column-gone": ("A column skillsync reads is gone",
                    "restore the column or its header, or name the new header under "
                    "[source.headers]; if it was meant, sync with --accept-changes"),
    "values-shifted": ("Values shifted against their people",
                       "undo the paste, or put the values back on their own rows"),
    "column-sorted-alone": ("One column sorted on its own",
                            "undo the sort; sort whole rows (select the table), never one "
                            "column"),
    "values-moved": ("Values moved to other people",
                     "undo the last edit: each person's values belong on their own row"),
    "values-cleared": ("A column's values cleared",
                       "undo the deletion (or restore the cells from version history); if "
                       "the values were meant to go, sync with --accept-changes"),
    "values-filled-down": ("One value filled over many rows",
                           "undo the fill or paste; each person's value belongs on their "
                           "own row"),
    "column-pasted-over": ("A column pasted over another",
                           "undo the paste; the column's own values belong there"),
    "column-left-out-of-sort": ("A column left out of a sort",
                                "undo the sort, then select the whole table (every column) "
                                "and sort again"),
}


class Code(StrEnum):
    """A problem code; `str(code)` is its stable identifier, e.g. 'missing-email'."""

    MISSING_EMAIL = "missing-email"
    INVALID_EMAIL = "invalid-email"
    NON_ASCII_EMAIL = "non-ascii-email"
    INVALID_MANAGER_EMAIL = "invalid-manager-email"
    MISSING_NAME = "missing-name"
    MISSING_TEAM = "missing-team"
    CELL_ERROR = "cell-error"
    FORMULA_TEXT = "formula-text"
    UNKNOWN_SKILL = "unknown-skill"
    SKILL_SPELLING = "skill-spelling"
    BAD_LEVEL = "bad-level"
    LEVEL_WITHOUT_SKILL = "level-without-skill"
    SKILLS_IN_PROSE = "skills-in-prose"
    RATE_NOT_NUMBER = "rate-not-number"
    RATE_OVER_100 = "rate-over-100"
    RATE_NEGATIVE = "rate-negative"
    RATE_AMBIGUOUS = "rate-ambiguous"
    BAD_DATE = "bad-date"
    FUTURE_DATE = "future-date"
    STALE_ROW = "stale-row"
    MIXED_DATE_ORDER = "mixed-date-order"
    CONFLICT = "conflict"
    STRAY_CELL = "stray-cell"
    SEVERAL_INVENTORIES = "several-inventories"
    NO_SKILLS_COLUMN = "no-skills-column"
    NO_EMAIL_COLUMN = "no-email-column"
    CELL_TOO_LONG = "cell-too-long"
    HIDDEN_ROWS = "hidden-rows"
    HIDDEN_COLUMNS = "hidden-columns"
    STAFFING_UNKNOWN_SKILL = "staffing-unknown-skill"
    STAFFING_NO_SKILLS = "staffing-no-skills"
    STAFFING_BAD_VALUE = "staffing-bad-value"
    TARGET_UNKNOWN_GROUP = "target-unknown-group"
    PEOPLE_VANISHED = "people-vanished"
    COLUMN_GONE = "column-gone"
    VALUES_SHIFTED = "values-shifted"
    COLUMN_SORTED_ALONE = "column-sorted-alone"
    VALUES_MOVED = "values-moved"
    VALUES_CLEARED = "values-cleared"
    VALUES_FILLED_DOWN = "values-filled-down"
    COLUMN_PASTED_OVER = "column-pasted-over"
    COLUMN_LEFT_OUT_OF_SORT = "column-left-out-of-sort"

    @property
    def label(self) -> str:
        """What a manager reads: 'No usable e-mail', never 'missing-email'."""
        return _TABLE[self.value][0]

    @property
    def hint(self) -> str:
        """How to fix it, in a few words."""
        return _TABLE[self.value][1]


def label(code: str) -> str:
    """The reader-facing label of a code given as text (unknown text is returned as given,
    so a template never fails on it, and a test makes sure no code is unknown)."""
    try:
        return Code(code).label
    except ValueError:
        return code
