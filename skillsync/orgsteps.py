"""The staffing step of a run, and `match`: small functions pipeline.py calls.

They wire the pure core (core/orgview.py and friends) to the run: which helper tabs to
read, the answers put on the analysis (restricted values redacted for org-wide outputs),
the restricted workbook, and the report's "staffing" section.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from skillsync.backends import spreadsheet_id
from skillsync.config import Config
from skillsync.config.org import settings
from skillsync.core import asking, orgview, privacy, staffing
from skillsync.core.model import Grid
from skillsync.core.when import EXCEL_EPOCH
from skillsync.errors import ConfigError


def helper_tabs(config: Config) -> dict[str, str]:
    """The user-owned tabs this step reads: key -> tab title."""
    return {"requests": config.org.requests_tab, "targets": config.org.targets_tab}


def answer(result: Any, extras: Mapping[str, Grid], config: Config, source: str,
           epoch: date = EXCEL_EPOCH) -> Any:
    """The analysis with the staffing answers on it and restricted values redacted
    (`epoch`: the day the workbook's serial 0 stands for)."""
    _check_restricted_path(config, source)
    chosen = settings(config, epoch)
    answers = orgview.plan(result, chosen, extras.get("requests"), extras.get("targets"))
    return privacy.redact(orgview.attach(result, answers), chosen.restricted)


def _check_restricted_path(config: Config, source: str) -> None:
    path = config.org.restricted_workbook
    if path is None or spreadsheet_id(source) is not None:
        return
    if path.resolve() == Path(source).resolve():
        raise ConfigError("[privacy] restricted_workbook is the inventory itself; name a "
                          "separate, private workbook")


def write_restricted(result: Any, config: Config, source: str) -> Path | None:
    """The restricted workbook, when configured."""
    path = config.org.restricted_workbook
    if path is None or result.staffing is None:
        return None
    from skillsync.output import restricted  # xlsxwriter loads only to write this workbook

    return restricted.write(path, result.staffing, source)


@dataclass(frozen=True)
class Matches(Sequence[staffing.Candidate]):
    """The ranked candidates for one ask, and how to show them without restricted fields."""

    candidates: tuple[staffing.Candidate, ...]
    asked: tuple[staffing.Required, ...]
    hidden: frozenset[str] = frozenset()
    any_skill: bool = False
    folded: tuple[tuple[str, str], ...] = ()  # (typo as typed, the skill it was read as)
    team: str | None = None

    def __getitem__(self, index):  # type: ignore[override]
        return self.candidates[index]

    def __len__(self) -> int:
        return len(self.candidates)

    def as_list(self) -> list[dict[str, Any]]:
        """The --json list, best first; restricted fields left out."""
        return [c.as_dict(self.hidden) for c in self.candidates]

    def lines(self) -> list[str]:
        """What `skillsync match` prints."""
        joined = (" or " if self.any_skill else " and ").join(
            r.shown + (f" {r.level}+" if r.level else "") for r in self.asked)
        read = [f"Read '{typed}' as {skill}." for typed, skill in self.folded]
        where = f" in team {self.team}" if self.team else ""
        if not self.candidates:
            return [*read, f"Nobody{where} lists {joined}, and nobody{where} wants to learn "
                    "it."]
        lines = [*read, f"People{where} for {joined}, best first (holders, then stretch "
                 "candidates):"]
        for rank, c in enumerate(self.candidates, start=1):
            head = [f"{rank:>2}. {c.name}" + (f" <{c.email}>" if c.email else ""),
                    c.team or "no team"]
            if "score" not in self.hidden:
                head.append(f"score {c.score}")
            if c.stretch:
                head.append("stretch")
            lines += [" · ".join(head), f"    {c.why(self.hidden)}"]
        return lines


def match(result: Any, skills: str, *, min_level: int | None = None, any_skill: bool = False,
          team: str | None = None, available: bool = False,
          top: int | None = 10) -> Matches:
    """Rank the people of an analysis for `skills` ("NLP, PyTorch (3)"), best first.

    Skill names go through the sync's vocabulary and typo folding; a name that is neither
    known nor listed by anyone stops with a ConfigError saying so (exit code 2).
    """
    answers = result.staffing
    if len(skills) > MAX_ASK:
        raise ConfigError(f"--skills is {len(skills):,} characters long; name the skills in "
                          f"at most {MAX_ASK:,}")
    if team is not None:
        _check_team(team, answers.pool.people["team"].tolist())
    held = answers.pool.held["skill"].unique().tolist()
    resolved = asking.resolve(skills, result.vocabulary, held, min_level)
    if resolved.unknown:
        hint = result.vocabulary.suggest(resolved.unknown[0])
        raise ConfigError(f"'{resolved.unknown[0]}' is not a known skill and nobody lists it"
                          + (f"; did you mean '{hint}'?" if hint else
                             "; check the spelling (the Skills tab lists every skill)"))
    if resolved.sentence:
        named = f" (it mentions {', '.join(resolved.mentioned)})" if resolved.mentioned else ""
        raise ConfigError(f"'{resolved.sentence[:60]}' reads as a sentence; name the skills "
                          f"the work needs, e.g. --skills \"NLP, PyTorch\"{named}")
    if not resolved.skills:
        raise ConfigError("name at least one skill, e.g. --skills \"NLP, PyTorch\"")
    need = staffing.Need(resolved.skills, any_skill=any_skill, team=team,
                         available_only=available)
    return Matches(tuple(staffing.rank(answers.pool, need, top)), resolved.skills,
                   answers.hidden, any_skill, resolved.folded, team)


MAX_ASK = 2000  # characters of --skills: a list of skills, not a document


def _check_team(team: str, teams: list[Any]) -> None:
    """A team nobody is in stops with its name and the nearest ones, not 'nobody lists'."""
    known = sorted({str(t) for t in teams if t}, key=str.casefold)
    if orgview.key_of(team) in {orgview.key_of(t) for t in known}:
        return
    near = difflib.get_close_matches(team, known, n=3, cutoff=0.6)
    hint = (f"did you mean {' or '.join(repr(t) for t in near)}?" if near else
            f"teams are {', '.join(known[:8])}" + (" and more" if len(known) > 8 else ""))
    raise ConfigError(f"nobody in the sheet is in team '{team}'; {hint}")
