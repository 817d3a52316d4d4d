"""What each cell of a candidate header row claims: the fields, who each row is (by
header, else by what the column holds), and the skills: skill and level pairs, a long
export's skill column, a matrix's columns of levels, and columns listing skills."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from skillsync.core import levels
from skillsync.core.headers import header_key
from skillsync.core.layouts import cellshares as shares
from skillsync.core.layouts import columns as cols
from skillsync.core.layouts.columns import Context, filled
from skillsync.core.layouts.forms import SkillColumn, grid_questions


@dataclass
class Claims:
    """What each header cell of a candidate header row claims."""

    fields: dict[str, int]
    headers: dict[str, str]
    skills: tuple[SkillColumn, ...] = ()
    form: bool = False
    long_skill: int | None = None
    long_level: int | None = None
    name_parts: tuple[int, int] | None = None
    pairs: tuple[tuple[int, int | None], ...] = ()
    lists: tuple[tuple[int, str], ...] = ()
    unread_lists: tuple[str, ...] = ()  # headers of columns listing skills, not read
    near: tuple[tuple[str, str], ...] = ()  # (header, a cell) of columns of levels but one
    known: cols.Known | None = None

    @property
    def other(self) -> set[int]:
        """Columns used for something other than a field or a skill column."""
        used = {self.long_skill, self.long_level, *(self.name_parts or ())}
        used |= {c for pair in self.pairs for c in pair} | {c for c, _ in self.lists}
        return {c for c in used if c is not None}

    @classmethod
    def read(cls, texts: dict[int, str], body: Sequence[list[Any]], context: Context,
             corner: bool, row: Sequence[Any]) -> Claims:
        grid_cols = grid_questions(texts, body, context.words)
        levelled = {c for c in texts if shares.holds_levels(body, c, context.words)}
        fields, headers = cols.claim_fields(texts, context.headers, set(grid_cols), levelled)
        found = cls(fields, headers, form=bool(grid_cols), known=context.known)
        found._who(texts, body, corner, row, set(grid_cols))
        taken = set(fields.values()) | set(grid_cols) | found.other
        found._skills(texts, body, context, taken, grid_cols)
        return found

    def _who(self, texts: dict[int, str], body: Sequence[list[Any]], corner: bool,
             row: Sequence[Any], reserved: set[int]) -> None:
        """The columns saying who each row is, by header, else by what they hold."""
        taken = set(self.fields.values()) | reserved
        if "email" not in self.fields:
            address = next((c for c in texts if c not in taken
                            and shares.holds_addresses(body, c)), None)
            if address is not None:
                self._claim("email", address, texts[address])
        if corner and "name" not in self.fields:
            self._corner_name(texts, body, row)
        if "name" not in self.fields:
            self.name_parts = cols.name_parts(texts, taken)
        if "name" not in self.fields and self.name_parts is None:
            taken = set(self.fields.values()) | reserved
            named = next((c for c in sorted(texts) if c not in taken
                          and shares.holds_names(body, c, self.known)), None)
            if named is not None:
                self._claim("name", named, texts[named])

    def _corner_name(self, texts: dict[int, str], body: Sequence[list[Any]],
                     row: Sequence[Any]) -> None:
        """People across: their names are in the first column holding names before the
        labels start (a title may sit above them), else simply the first column."""
        first_label = min([*self.fields.values(), *texts], default=1)
        named = next((c for c in range(first_label) if shares.holds_names(body, c, self.known)),
                     0)
        header = row[named] if named < len(row) and filled(row[named]) else "Name"
        self._claim("name", named, str(header).strip())

    def _claim(self, name: str, index: int, header: str) -> None:
        self.fields[name], self.headers[name] = index, header

    def _skills(self, texts: dict[int, str], body: Sequence[list[Any]], context: Context,
                taken: set[int], grid_cols: dict[int, SkillColumn]) -> None:
        self.pairs = cols.paired_skills(texts, taken)
        taken = taken | {c for pair in self.pairs for c in pair if c is not None}
        if not self.pairs and not grid_cols:
            self.long_skill = _first_key(texts, cols.LONG_SKILL, taken)
        if self.long_skill is not None:
            self.long_level = _first_key(texts, cols.LONG_LEVEL, taken | {self.long_skill})
            taken = taken | {self.long_skill, self.long_level} - {None}
        # A long export's other level-like columns ("Proficiency description") are about
        # its skill column, not skills of their own.
        matrix, self.near = ([], ()) if self.long_skill is not None else _matrix_columns(
            texts, body, taken, context)
        self.skills = tuple(sorted([*grid_cols.values(), *matrix], key=lambda s: s.index))
        taken = taken | {s.index for s in self.skills}
        listing = [c for c in texts
                   if c not in taken and shares.holds_skill_lists(body, c, context.known)]
        self.lists, self.unread_lists = cols.list_kinds(
            {c: texts[c] for c in listing}, self._reads_expertise())

    def _reads_expertise(self) -> bool:
        """Whether the sheet's skills are read already: a skills column, skill pairs, skill
        columns of levels or a long export's skill column."""
        return bool("expertise" in self.fields or self.pairs or self.skills
                    or self.long_skill is not None)


def _first_key(texts: dict[int, str], keys: frozenset[str], taken: set) -> int | None:
    return next((c for c, t in texts.items() if c not in taken and header_key(t) in keys), None)


MATRIX_COLUMNS = 3  # skill columns holding levels that make a matrix (detect.WIDE_MIN)


def _matrix_columns(texts: dict[int, str], body: Sequence[list[Any]], taken: set,
                    context: Context) -> tuple[list[SkillColumn], tuple[tuple[str, str], ...]]:
    """Columns of levels, and (header, stray cell) of the columns that would be one but
    for a stray cell. Codes such as "L3" are levels under a known skill's own name only
    ("ML level" of L3-L7 is a career step); and once there are enough columns for a
    matrix, a known skill's column joins it with a stray cell or two (three in five of
    its cells levels, none past 5, so that "Go" of go-live weeks never decides the
    scale). Another such column is not read, and is said to be."""
    maybe = {c: t for c, t in texts.items()
             if c not in taken and not cols.not_a_skill(t, context.words, context.known)}
    known = {c for c, t in maybe.items() if context.known is not None and context.known(t)}
    levelled = [c for c in maybe
                if shares.holds_levels(body, c, context.words, coded=c in known)]
    if len(levelled) < MATRIX_COLUMNS:
        return [SkillColumn(c, maybe[c]) for c in sorted(levelled)], ()
    near = [c for c in sorted(set(maybe) - set(levelled))
            if shares.holds_levels(body, c, context.words, shares.MATRIX_LEVEL_SHARE,
                                   coded=c in known)
            and shares.levels_at_most(body, c, context.words, levels.TOP)]
    levelled += [c for c in near if c in known]
    strays = tuple((maybe[c], stray) for c in near if c not in known
                   and (stray := shares.first_stray(body, c, context.words)) is not None)
    return [SkillColumn(c, maybe[c]) for c in sorted(levelled)], strays
