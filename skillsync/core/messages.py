"""Every problem message in one place: what is wrong, then how to fix it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from skillsync.core.codes import Code
from skillsync.core.tabs import capped_list  # a message, too, stays within a cell

MISSING_NAME = "No name in this row; type the person's full name."
MISSING_TEAM = "No team in this row; type the team so the team × skill matrix counts this person."


def counted(number: int, singular: str, plural: str | None = None) -> str:
    """counted(1, "expert") -> "1 expert"; counted(3, "person", "people") -> "3 people"."""
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def clipped(value: Any, limit: int = 60) -> str:
    """A value as a message quotes it: cut, with an ellipsis, past `limit` characters."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def cell_error(code: str) -> str:
    if code.startswith("="):
        return (f"The cell holds the formula {clipped(code, 40)} but no calculated value (the "
                "file was saved by a program, not by Excel); open and save it in Excel, or "
                "type the value.")
    return f"The cell shows the error {code}; fix the formula or type the value instead."


def email(code: str, text: str) -> str:
    if code == Code.MISSING_EMAIL and not text:
        return ("No e-mail in this row, so it is left out of the people count; "
                "type the person's work e-mail (it is how skillsync tells people apart).")
    if code == Code.MISSING_EMAIL:
        return (f"E-mail is '{clipped(text)}', so the row is left out of the people count; "
                "type the person's work e-mail.")
    return (f"'{clipped(text)}' is not an e-mail address, so the row is left out of the people "
            "count; type the work e-mail as name@company.com.")


def non_ascii_email(text: str) -> str:
    return (f"'{clipped(text)}' has non-ASCII letters before the @ and many mail servers refuse "
            "it; use the plain ASCII form of the address if the person has one.")


def manager_email(text: str) -> str:
    return (f"Manager e-mail '{clipped(text)}' is not an e-mail address; type the manager's "
            "work e-mail so team digests reach them.")


def formula_text(text: str) -> str:
    return (f"'{clipped(text, 40)}' is text that spreadsheets would run as a formula; "
            "skillsync keeps it as plain text, but please replace it with the real value.")


def level(skill: str, value: float, top: float = 5) -> str:
    """A level off its scale; `top`: the scale's, 4 under a 1-4 legend (a share's top, 1,
    is told as the five-point scale it is read onto)."""
    shown = int(value) if float(value).is_integer() else value
    top = int(top) if float(top).is_integer() and top > 1 else 5
    ten = (" If the sheet rates from 1 to 10, set [levels] scale = 10 in skillsync.toml."
           if top == 5 and 5 < value <= 10 else "")
    return (f"Level {shown} for '{clipped(skill)}' is not a whole number from 1 to {top}; "
            f"write it as '{clipped(skill)} ({min(4, top - 1)})' (1 = beginner, {top} = expert) "
            f"or leave the level out.{ten}")


def level_past_its_top(skill: str, written: str, top: float) -> str:
    """A rating past the top written with it: "SQL (6/5)", "Python (120%)"."""
    top_shown = int(top) if float(top).is_integer() else top
    if written.rstrip().endswith("%"):
        return (f"Level '{clipped(written, 20)}' for '{clipped(skill)}' is more than 100%; "
                f"write it as at most '{clipped(skill)} (100%)' or leave the level out.")
    return (f"Level '{clipped(written, 20)}' for '{clipped(skill)}' is more than its own top of "
            f"{top_shown}; write it as at most '{clipped(skill)} ({top_shown}/{top_shown})' or "
            "leave the level out.")


def unknown_skill(shown: str, rows: int, suggestion: str | None) -> str:
    used = "1 row" if rows == 1 else f"{rows} rows"
    if suggestion:
        return (f"'{clipped(shown)}' ({used}) is not in the skill vocabulary; did you mean "
                f"'{suggestion}'? If so add '{clipped(shown)}' → '{suggestion}' to the Aliases "
                "tab; otherwise it is kept as a skill of its own.")
    return (f"'{clipped(shown)}' ({used}) is not in the skill vocabulary and is kept as typed; "
            "if it is another name for a known skill, add it to the Aliases tab.")


def rate(code: str, value: Any, fractions: bool) -> str:
    if code == Code.RATE_OVER_100:
        shown = f"{value:.0%}" if isinstance(value, (int, float)) and fractions else clipped(value)
        return f"Success rate {shown} is above 100%; type a percentage from 0% to 100%."
    if code == Code.RATE_NEGATIVE:
        return f"Success rate {clipped(value)} is negative; type a percentage from 0% to 100%."
    return (f"Success rate '{clipped(value)}' is not a number; type a percentage such as 85% "
            "or leave the cell empty.")


def rate_ambiguous(value: Any, read_as: float) -> str:
    number = f"{value:g}" if isinstance(value, (int, float)) else clipped(value)
    return (f"Success rate {number} was read as {read_as:.0%}, but the column's other "
            f"rates are written as percents (85 for 85%); type {number}% if it means "
            f"{number}%, or {read_as:.0%} to keep it.")


def bad_date(value: Any) -> str:
    if isinstance(value, (int, float)) and 1900 <= value <= 2100:
        return f"{value:g} looks like a year, not a date; type the full date as YYYY-MM-DD."
    return f"'{clipped(value)}' is not a date skillsync can read; type it as YYYY-MM-DD."


def future_date(when: date) -> str:
    return f"Last updated {when.isoformat()} is in the future; type the date of the last edit."


def stale(when: date, days: int) -> str:
    return (f"This row was last updated on {when.isoformat()}, more than {days} days ago; "
            "check it is still true and type today's date.")


def mixed_date_orders(header: str, found: Any, day_first: bool) -> str:
    """A date column written both ways; `found`: its dateorders.Mixed examples."""
    order, other, setting = (("day first", "month first", "false") if day_first
                             else ("month first", "day first", "true"))
    day, month, either = found.day_first, found.month_first, found.either
    if either:
        doubt = (f"dates that read either way may be wrong: they were read {order} "
                 f"('{either.text}' in {either.where} as {either.read_as.isoformat()})")
    else:
        doubt = f"a date that reads either way, such as 03/04/2024, would be read {order}"
    return (f"'{clipped(' '.join(header.split()))}' has dates written both ways "
            f"('{day.text}' in {day.where} is day first, '{month.text}' in {month.where} "
            f"month first), so {doubt}. Type dates as 2024-12-25, or set day_first = "
            f"{setting} under [dates] in skillsync.toml if most are written {other}.")


def dates_against_setting(header: str, found: Any, day_first: bool) -> str:
    """A date column written the other way than the setting; `found`: dateorders.Against."""
    order, other, setting = (("day first", "month first", "false") if day_first
                             else ("month first", "day first", "true"))
    either = found.either
    return (f"'{clipped(' '.join(header.split()))}' looks written {other}: "
            f"'{found.other.text}' in {found.other.where} reads only {other}, but dates "
            f"that read either way were read {order}, as [dates] day_first says "
            f"('{either.text}' in {either.where} as {either.read_as.isoformat()}). Set "
            f"day_first = {setting} under [dates] in skillsync.toml if the column is "
            "written so, or type dates as 2024-12-25.")


LISTED = 20  # rows or values a message lists before counting the rest


def conflict(label: str, values: list[tuple[int | str, Any]], resolved: Any,
             shared: str = "e-mail") -> str:
    """A value that differs between rows of one person: rows sharing their `shared`."""
    listed = capped_list([f"row {row}: '{clipped(v, 30)}'" for row, v in values], LISTED)
    if resolved is not None:
        return (f"{label} differs between rows of one {shared} ({listed}); the most recently "
                f"updated row wins ('{clipped(resolved, 30)}') — delete the outdated row.")
    return (f"{label} differs between rows of one {shared} ({listed}); skillsync will not "
            "guess — keep one row per person and delete the other.")


def teams_listed(label: str, values: list[tuple[int | str, Any]], first: str, tabs: bool,
                 shared: str = "e-mail") -> str:
    """A person on several teams' tabs (`tabs`), or under several teams' section labels:
    the `first` team kept."""
    listed = capped_list([f"row {row}: '{clipped(v, 30)}'" for row, v in values], LISTED)
    teams = len({v for _, v in values})
    where = "team tab" if tabs else "team label"
    return (f"{label} differs between rows of one {shared} ({listed}) because the person is "
            f"listed under {counted(teams, where)}; their team is read as the first, "
            f"'{clipped(first, 60)}' — if they moved, delete their row "
            f"{'on the tab of' if tabs else 'under'} the team they left.")


def stray_cell(ref: str, sheet: str) -> str:
    return (f"A value sits at {ref} on '{sheet}', far from the table, and was ignored; delete "
            "it so the sheet's used range shrinks back to the data.")


def long_text(ref: str, sheet: str) -> str:
    return (f"The text at {ref} on '{sheet}' is longer than a cell may hold (Excel stops at "
            "32,767 characters) and was cut; shorten it, or split it over several cells.")


def hidden_rows(rows: list[str], more: int, sheet: str, across: bool = False) -> str:
    """People hidden in the spreadsheet: their rows (their columns, `across`: a sheet with
    people across) named, `more` only counted."""
    line, lines = ("column", "columns") if across else ("row", "rows")
    where = _places(line, rows, more)
    one = len(rows) + bool(more) == 1
    how = "by hand or in a collapsed group" if across else "by hand, a filter or a collapsed group"
    return (f"{where} on '{sheet}' {'is' if one else 'are'} hidden in the spreadsheet "
            f"({how}); hidden {lines} are read like visible "
            "ones, " + ("so unhide it to check it, and delete it if the person has left."
                        if one else "so unhide them to check them, and delete the "
                        f"{lines} of people who have left."))


def hidden_columns(columns: list[tuple[str, str]], more: int, sheet: str,
                   across: bool = False) -> str:
    """Columns read that the spreadsheet hides (rows, `across`: a sheet with people across,
    its fields down): (letter or number, header) named, `more` counted."""
    line, lines = ("row", "rows") if across else ("column", "columns")
    where = _places(line, [f"{at} ('{header}')" if header else at for at, header in columns],
                    more)
    one = len(columns) + bool(more) == 1
    return (f"{where} on '{sheet}' {'is' if one else 'are'} hidden in the spreadsheet; "
            f"hidden {lines} are read like visible ones, "
            + ("so unhide it to check it, and delete it if it is no longer kept." if one else
               "so unhide them to check them, and delete those no longer kept."))


def _places(line: str, named: list[str], more: int) -> str:
    """'Row 4', 'Rows 4, 7 and 9', 'Columns F, G and 3 more'."""
    named = named + ([f"{more:,} more"] if more else [])
    if len(named) == 1:
        return f"{line.capitalize()} {named[0]}"
    return f"{line.capitalize()}s {', '.join(named[:-1])} and {named[-1]}"


def unmatched_header(field: str, spellings: tuple[str, ...], read: str | None,
                     sheet: str) -> str:
    given = " or ".join(f"'{clipped(s, 40)}'" for s in spellings[:3])
    found = (f"the column read as {field} is '{clipped(read, 40)}'" if read else
             f"no column was read as {field}")
    return (f"[source.headers] names {given} for {field}, but '{sheet}' has no such header; "
            f"{found}. Check the spelling in skillsync.toml.")


def same_name(names: Sequence[str]) -> str:
    """A duplicate's reason when its people share a name: "same name 'Ana' / 'ana'"."""
    return "same name '" + "' / '".join(names) + "'"


def column_problem(code: str, header: str, found: int, filled: int) -> str:
    if code == Code.INVALID_MANAGER_EMAIL:
        return (f"{found} of {filled} cells in '{header}' are not e-mail addresses (names?); "
                "team digests need the manager's e-mail, so type e-mails in this column.")
    return f"{found} of {filled} cells in '{header}' have the problem '{code}'."


def many_unknown_skills(count: int, examples: list[str]) -> str:
    shown = ", ".join(f"'{clipped(e, 30)}'" for e in examples)
    return (f"This cell holds {count} skills that are not in the vocabulary (such as {shown}); "
            "check it is the right column and that the list uses commas between skills.")


def skill_spelling(typo: str, skill: str, rows: int) -> str:
    used = "1 row" if rows == 1 else f"{rows} rows"
    return (f"'{clipped(typo)}' ({used}) was read as {skill}; correct the spelling, or add "
            f"'{clipped(typo)}' to the Aliases tab with the skill it means if it is not "
            f"{skill}.")


def skills_in_prose(text: str, mentioned: list[str]) -> str:
    hint = f" (it mentions {clipped(', '.join(mentioned), 80)})" if mentioned else ""
    return (f"'{clipped(text)}' reads as a sentence, not a skill, and was not read; list "
            f"skills separated by commas, as 'Python (4), SQL'{hint}.")


def level_without_skill(written: str) -> str:
    return (f"'{clipped(written)}' is a level with no skill next to it, so it was not counted "
            "as a skill; write the skill with its level, as 'NLP (4)'.")


def not_a_level(written: str, skill: str) -> str:
    return (f"'{clipped(written)}' under {clipped(skill)} is not a level; write a number from "
            "the sheet's scale, a level word such as 'advanced', an x for 'has it', or "
            "leave it empty.")
