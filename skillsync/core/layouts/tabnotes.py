"""What reading a workbook's layout says of it: the notes on what was read and left unread
(tabs set aside, yes/no columns, columns of levels but one, notes under the table) and the
warnings on its tabs (several inventories, no skills or e-mail column)."""

from __future__ import annotations

from collections.abc import Sequence

from skillsync.core.messages import clipped
from skillsync.core.tabs import capped_list


def several_inventories(read: list[str], others: list[str], hidden: set[str]) -> str:
    def named(tabs: list[str]) -> str:
        return ", ".join(f"'{t}'" + (" (hidden)" if t in hidden else "") for t in tabs)

    tabs = (f"Tab {named(others)} also looks" if len(others) == 1 else
            f"Tabs {named(others)} also look")
    return (f"{tabs} like an inventory; skillsync read {named(read)} (visible tabs first, "
            "then the one naming the most known columns). If that is wrong, name the tab "
            "with [source] tab = \"...\" in skillsync.toml.")


def no_skills_column(ignored: tuple[str, ...]) -> str:
    unread = ", ".join(f"'{h}'" for h in ignored[:8])
    hint = f" Columns not read: {unread}." if unread else ""
    return ("No skills column was found, so nobody has any expertise." + hint + " Name the "
            "skills column 'Skills' or map yours under [source.headers] expertise = [...].")


def notes_under_table(sheet: str, first: int, last: int, email_header: str | None) -> str:
    """Rows `first` to `last` under a table read as a legend or notes; how to have a person
    among them read: an e-mail typed in (no note has one), else no blank rows above."""
    rows = f"rows {first}–{last}" if last > first else f"row {first}"
    fix = (f"type their e-mail in the '{clipped(email_header)}' column" if email_header
           else "delete the blank rows above them")
    return (f"'{sheet}': {rows} under the table, after a blank row, were read as notes (a "
            f"legend or remarks), not people; if someone there is a person, {fix}.")


def unread_skill_list(sheet: str, header: str) -> str:
    shown = clipped(" ".join(str(header).split()))
    return (f"'{sheet}': column '{shown}' lists skills, but its header says neither skills "
            "nor wishes, so it is not read; name it such as 'More skills' or 'Want to "
            "learn' to have it read.")


def named_aside(tabs: Sequence[str], inventory: str) -> str:
    shown = capped_list([f"'{tab}'" for tab in tabs], 5)
    one = len(tabs) == 1
    return (f"{'Tab' if one else 'Tabs'} {shown} {'has' if one else 'have'} the columns of "
            f"'{inventory}' but {'its name says it is' if one else 'their names say they are'}"
            " not current (archive, old, copy, test...), so "
            f"{'it was' if one else 'they were'} not read; rename a tab (and show it, if "
            "hidden) to have it read.")


def near_skill_columns(sheet: str, columns: Sequence[tuple[str, str]]) -> str:
    """Columns of levels but for a stray cell, under names the vocabulary does not know."""
    shown = capped_list([f"'{clipped(header)}' ('{clipped(stray, 30)}')"
                         for header, stray in columns], 5)
    if len(columns) == 1:
        return (f"'{sheet}': column {shown} is not read as a skill: most of its cells are "
                "levels, but not all, and the skill vocabulary does not know its name; if it "
                "is a skill, write levels in it (or leave a cell blank) to have it read.")
    return (f"'{sheet}': columns {shown} are not read as skills: most of their cells are "
            "levels, but not all, and the skill vocabulary does not know their names; if "
            "they are skills, write levels in them (or leave cells blank) to have them read.")


def flag_columns(sheet: str, headers: Sequence[str]) -> str:
    shown = capped_list([f"'{clipped(h)}'" for h in headers], 5)
    if len(headers) == 1:
        return (f"'{sheet}': column {shown} names a fact about the person (a yes/no), not a "
                "skill, so it is left unread; to read it as a skill, set layout = \"wide\" "
                "under [source].")
    return (f"'{sheet}': columns {shown} name facts about the person (yes/no), not skills, "
            "so they are left unread; to read them as skills, set layout = \"wide\" under "
            "[source].")


def no_email_column() -> str:
    return ("No e-mail column was found, so people are told apart by their names (two "
            "people with one name count as one) and nobody can be nudged; add an e-mail "
            "column to keep namesakes apart.")
