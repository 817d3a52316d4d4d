"""How the guard words values overwritten where they stand (overwrites.py) and a matrix's
skill columns gone (skillfields.py): what happened, where, and a few examples (pure)."""

from __future__ import annotations

from skillsync.core.aligned import SKILL, Aligned, Pattern
from skillsync.core.findings import (
    CLEARED,
    COLUMN_GONE,
    FILLED,
    PASTED,
    Finding,
    column_name,
    example,
    examples_of,
    listed,
    rows_of,
    shown,
    spans,
    who,
)


def cleared(aligned: Aligned, pattern: Pattern, names: dict[str, str]) -> Finding:
    headers = [column_name(f, names) for f in pattern.fields]
    rows = rows_of(aligned, pattern)
    if len(headers) == 1:
        skills = pattern.fields[0].startswith(SKILL)
        examples = examples_of(aligned, pattern)
        lost = (f"In the {'skill ' if skills else ''}column '{headers[0]}', {len(rows)} of "
                f"the {pattern.total} people who had {'a level' if skills else 'a value'} "
                f"there last time now have none ({spans(rows)}), while the column is still "
                "there: it looks like its cells were cleared")
    else:
        gone = [(f, i) for f in pattern.fields for i in pattern.positions
                if aligned.was(i, f) is not None and aligned.now(i, f) is None]
        examples = tuple(f"{column_name(f, names)}, {example(aligned, i, f, None)}"
                         for f, i in dict(reversed(gone)).items())[:3]
        lost = (f"In the skill columns {listed([repr(h) for h in headers])}, {len(gone)} "
                f"of the {pattern.total} levels held last time are gone, for {len(rows)} "
                f"people ({spans(rows)}), while the columns are still there: it looks like "
                "their cells were cleared")
    message = f"{lost}. E.g. {'; '.join(examples)}."
    return Finding(CLEARED, message, headers[0], tuple(rows[:100]), examples, tuple(headers))


def filled(aligned: Aligned, pattern: Pattern, names: dict[str, str]) -> Finding:
    name = pattern.fields[0]
    header = column_name(name, names)
    rows = rows_of(aligned, pattern)
    source = pattern.sources[0]
    assert source is not None  # overwrites.filled names where the value came from
    origin = aligned.after[source]
    was = len({repr(aligned.was(i, name)) for i in pattern.positions})
    examples = tuple(example(aligned, i, name, None) for i in pattern.positions[:3])
    message = (f"In the column '{header}', {len(rows)} people ({spans(rows)}) now all hold "
               f"'{shown(aligned.now(pattern.positions[0], name))}', the value of row "
               f"{origin['row']} ({who(aligned.keys[source], origin)}), where last time they "
               f"held {was} different values: it looks like that cell was filled down (or "
               f"pasted) over the rows. E.g. {'; '.join(examples)}.")
    return Finding(FILLED, message, header, tuple(rows[:100]), examples)


def pasted(aligned: Aligned, pattern: Pattern, names: dict[str, str]) -> Finding:
    header, other = column_name(pattern.fields[0], names), column_name(pattern.other, names)
    rows = rows_of(aligned, pattern)
    examples = tuple(example(aligned, i, pattern.fields[0], None)
                     for i in pattern.positions[:3])
    changed = len(aligned.changed.get(pattern.fields[0], []))
    message = (f"The column '{header}' now holds, for {len(rows)} of the {changed} people "
               f"whose value there changed ({spans(rows)}), what their '{other}' held last "
               f"time, while '{other}' still holds it: it looks like the column '{other}' "
               f"was copied over '{header}'. E.g. {'; '.join(examples)}.")
    return Finding(PASTED, message, header, tuple(rows[:100]), examples, (header, other))


def skill_columns_gone(missing: list[tuple[str, str, str, int]],
                       appeared: list[str]) -> Finding:
    """One finding for every skill column of a matrix no longer found."""
    headers = [header for _, header, _, _ in missing]
    shown_columns = listed([f"'{h}' (column {letter} last time, {people} people with a "
                            "level)" for _, h, letter, people in missing[:6]]
                           + ([f"{len(missing) - 6} more"] if len(missing) > 6 else []))
    word, verb = ("column", "is") if len(missing) == 1 else ("columns", "are")
    message = (f"The skill {word} {shown_columns} of the matrix {verb} no longer found, and "
               "no new column holds the same people's levels.")
    return Finding(COLUMN_GONE, message, headers[0], (), tuple(appeared[:3]),
                   tuple(headers))
