"""The staffing answers in the digest and in the JSON report.

Org-wide views leave out the fields `[privacy] restricted` names and success-rate medians
over fewer than `min_group` people; the leads' digest (`full=True`) keeps everything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from skillsync.core import coverage
from skillsync.core.capacity import percent
from skillsync.core.evidence import key_of
from skillsync.core.mentoring import Pair
from skillsync.core.orgview import Names, Staffing
from skillsync.output.capped import Capped, clip, listed

RISK_WORDS = {coverage.NOBODY: "nobody at working level", coverage.ONE: "one person only",
              coverage.BOOKED: "all holders fully booked"}


@dataclass(frozen=True)
class StaffingView:
    targets: bool  # gaps against targets; else learning demand against supply
    gaps: Capped  # (what, numbers, shortfall, help)
    risks: Capped  # (skill, risk, who, needed by)
    losses: Capped  # (name, skills)
    pairs: Capped  # (skill, learner, mentor)
    unpaired: int
    shortlists: Capped  # (project, wanted, names)
    rates: list[tuple[str, str]]  # (team, median success), where it may be shown
    full: bool  # carries restricted figures: for the leads only


def view(answers: Staffing | None, team: str | None = None, *, limit: int = 12,
         full: bool = False) -> StaffingView | None:
    """The digest's staffing sections, for everyone or one team."""
    if answers is None:
        return None
    hidden = frozenset() if full else answers.hidden
    names = answers.names
    members = _members(answers, team)
    pairs, paired = answers.mentoring.table.first_of(members, limit)
    unpaired = [u for u in answers.mentoring.unpaired if members is None or u.learner in members]
    return StaffingView(
        targets=bool(answers.targets),
        gaps=Capped.of(_gaps(answers, names, team, members), limit),
        risks=Capped.of(_risks(answers, names, members, hidden), limit),
        losses=Capped.of([x for x in answers.losses if members is None or x.person in members],
                         limit, lambda x: (clip(names.of(x.person, team=True), 60),
                                           listed(x.skills, 6))),
        pairs=Capped([_pair_line(p) for p in pairs], max(paired - limit, 0)),
        unpaired=len(unpaired),
        shortlists=Capped.of(_shortlists(answers, hidden) if team is None else [], limit),
        rates=_rates(answers, full) if team is None else [],
        full=full,
    )


def _pair_line(pair: Pair) -> tuple[str, str, str]:
    return (clip(pair.skill), clip(pair.learner_name, 40),
            f"{clip(pair.mentor_name, 40)} ({pair.mentor_level})")


def _members(answers: Staffing, team: str | None) -> set[int] | None:
    if team is None:
        return None
    return set(answers.teams.get(key_of(team), ()))


def _gaps(answers: Staffing, names: Names, team: str | None,
          members: set[int] | None) -> list[tuple[str, str, int, str]]:
    if answers.targets:
        return [(clip(f"{g.target.group}: {g.target.skill}"),
                 f"needs {g.target.needed}, has {len(g.held)}", g.shortfall,
                 "could cover: " + (listed([names.of(p, True) for p in g.cover], 3) or "nobody"))
                for g in answers.gaps if g.shortfall > 0 and (
                    team is None or (g.target.kind == "team"
                                     and key_of(g.target.group) == key_of(team)))]
    why = {u.skill: u.why for u in answers.mentoring.unpaired}  # one reason per skill
    found = []
    for s in answers.supply:
        wanting = [p for p in s.learners if members is None or p in members]
        if s.unpaired and wanting:
            teachers = listed([names.of(p, True) for p in s.teachers], 3)
            found.append((clip(s.skill), f"{len(wanting)} want it", s.unpaired,
                          f"could teach: {teachers}, but {why[s.skill]}" if teachers
                          else why[s.skill]))  # the section says "without a mentor"
    return found


def _risks(answers: Staffing, names: Names, members: set[int] | None,
           hidden: frozenset[str]) -> list[tuple[str, str, str, str]]:
    found = []
    for risk in answers.risks:
        if risk.kind == coverage.BOOKED and "availability" in hidden:
            continue
        if members is not None and not members.intersection(risk.holders):
            continue
        found.append((clip(risk.skill), RISK_WORDS[risk.kind],
                      listed([names.of(p, True) for p in risk.holders], 3) or "—",
                      risk.said or "not needed by any project, request or target"))
    return found


def _shortlists(answers: Staffing, hidden: frozenset[str]) -> list[tuple[str, int, str]]:
    found = []
    for shortlist in answers.shortlists:
        shown = [c.name + (" (stretch)" if c.stretch else "")
                 + ("" if "score" in hidden else f", score {c.score}")
                 for c in shortlist.candidates[:max(3, shortlist.request.headcount)]]
        nobody = "nobody found" if shortlist.request.skills else "names no skill anyone lists"
        found.append((clip(shortlist.request.project, 60), shortlist.request.headcount,
                      listed(shown, 5) or nobody))
    return found


def _rates(answers: Staffing, full: bool) -> list[tuple[str, str]]:
    if "success_rate" in answers.hidden and not full:
        return []
    floor = 1 if full else answers.settings.min_group
    rates = answers.by_team
    return [(clip(team, 40), percent(median)) for team, median in sorted(rates.median.items())
            if rates.shown(team, floor) is not None]


def report_section(answers: Staffing | None) -> dict[str, Any]:
    """The JSON report's "staffing" object, restricted fields left out."""
    if answers is None:
        return {}
    hidden = answers.hidden
    names = answers.names
    people = answers.people
    keys = dict(zip(people.index.tolist(), people["key"].tolist(), strict=True))

    def email(person: int) -> str:
        key = str(keys.get(person, ""))
        return key if "@" in key else ""

    return {"staffing": {
        "shortlists": [{"project": s.request.project, "row": s.request.row,
                        "headcount": s.request.headcount,
                        "start": s.request.start.isoformat() if s.request.start else None,
                        "candidates": [c.as_dict(hidden) for c in s.candidates]}
                       for s in answers.shortlists],
        "gaps": [{"group": g.target.group, "kind": g.target.kind, "skill": g.target.skill,
                  "needed": g.target.needed, "held": len(g.held), "shortfall": g.shortfall,
                  "could_cover": [names.of(p) for p in g.cover[:20]],
                  "could_teach": [names.of(p) for p in g.teach[:20]]} for g in answers.gaps],
        "risks": [{"skill": r.skill, "risk": r.kind, "holders": [names.of(p) for p in r.holders],
                   "need": r.need} for r in answers.risks
                  if not (r.kind == coverage.BOOKED and "availability" in hidden)],
        "if_they_left": [{"name": names.of(x.person), "email": email(x.person),
                          "skills": list(x.skills), "need": x.need} for x in answers.losses],
        "mentor_pairs": [{"skill": p.skill, "learner": p.learner_name,
                          "learner_email": email(p.learner), "mentor": p.mentor_name,
                          "mentor_email": email(p.mentor), "mentor_level": p.mentor_level}
                         for p in answers.mentoring.pairs],
        "success_rates": {} if "success_rate" in hidden else {
            kind: {g: round(rates.median[g], 4) for g in rates.median
                   if rates.shown(g, answers.settings.min_group) is not None}
            for kind, rates in (("by_skill", answers.by_skill), ("by_team", answers.by_team))},
    }}
