"""The staffing tabs: Shortlist, Gaps and Risks, and what the answers add to Skills, Team
Skills and Learning. Fields the privacy settings restrict are left out of every tab built
with them in `hidden`; success-rate medians over fewer than `min_group` people are blank.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

import pandas as pd

from skillsync.core import coverage
from skillsync.core.evidence import unproven_by_skill
from skillsync.core.orgview import Names, Shortlist, Staffing
from skillsync.core.tabs import (
    NAME_SEPARATOR,
    Column,
    Kind,
    Link,
    Tab,
    capped_names,
    capped_text,
)

NAMES_SHOWN = 10
NEW_TABS = ("shortlist", "gaps", "risks")


def shortlist_tab(answers: Staffing, names: Names, title: str,
                  hidden: frozenset[str]) -> Tab:
    """Every open request, its candidates ranked, each with the reason."""
    show_score = "score" not in hidden
    rows = []
    for shortlist in answers.shortlists:
        rows.extend(_shortlist_rows(shortlist, names, hidden))
    if not answers.shortlists:
        rows.append(_row("", None, None, None, "", "", "", "", None,
                         "No open staffing requests: add one to the 'Staffing requests' tab "
                         "(project, skills, minimum level, headcount, start date, stretch "
                         "welcome?) and the next sync answers it here."))
    columns = [Column("Request", width=26), Column("Row", Kind.LINK, 9),
               Column("Start", Kind.DATE, 11), Column("Rank", Kind.INT, 6),
               Column("Name", width=24), Column("E-mail", width=28), Column("Team", width=16),
               Column("Fit", width=12), Column("Score", Kind.INT, 8),
               Column("Why", Kind.WRAP, 80)]
    frame = pd.DataFrame(rows, columns=[c.title for c in columns], dtype=object)
    if not show_score:
        frame = frame.drop(columns="Score")
        columns = [c for c in columns if c.title != "Score"]
    return Tab("shortlist", title, tuple(columns), frame)


def _row(project, link, start, rank, name, email, team, fit, score, why) -> list:
    return [project, link, start, rank, name, email, team, fit, score, why]


def _shortlist_rows(shortlist: Shortlist, names: Names, hidden: frozenset[str]) -> list[list]:
    request = shortlist.request
    link = Link(f"row {request.row}", request.sheet, f"A{request.row}")
    asked = f"{request.project} ({request.headcount} wanted)" if request.headcount > 1 \
        else request.project
    rows = [_row(asked, link, request.start, rank, c.name, c.email, c.team,
                 "stretch" if c.stretch else "holder", c.score, c.why(hidden))
            for rank, c in enumerate(shortlist.candidates, start=1)]
    if not request.skills:
        return [_row(asked, link, request.start, None, "", "", "", "no skill", None,
                     "Names no skill skillsync knows or anyone lists; see the Data Issues tab.")]
    if not rows:
        skills = ", ".join(r.shown for r in request.skills)
        rows.append(_row(asked, link, request.start, None, "", "", "", "nobody", None,
                         f"Nobody lists {skills} at the level asked"
                         + (", and nobody wants to learn them." if request.stretch else ".")))
    if shortlist.on_it:
        rows.append(_row(asked, link, request.start, None, names.listed(shortlist.on_it),
                         "", "", "already on it", None,
                         "Already list this project among their current projects."))
    return rows


def gaps_tab(answers: Staffing, names: Names, title: str) -> Tab:
    """Targets against holdings, or (without targets) learning demand against supply."""
    if answers.targets:
        return _target_gaps(answers.gaps, names, title)
    frame = pd.DataFrame({
        "Skill": [s.skill for s in answers.supply],
        "Want to learn": [len(s.learners) for s in answers.supply],
        "Could teach": [len(s.teachers) for s in answers.supply],
        "Without a mentor": [s.unpaired for s in answers.supply],
        "Who wants to learn": [names.listed(s.learners, team=True) for s in answers.supply],
        "Who could teach": [names.listed(s.teachers, team=True) or "nobody at level "
                            f"{answers.mentoring.min_level}+" for s in answers.supply],
    })
    columns = (Column("Skill", width=28), Column("Want to learn", Kind.INT, 14),
               Column("Could teach", Kind.INT, 12), Column("Without a mentor", Kind.INT, 16),
               Column("Who wants to learn", Kind.WRAP, 50),
               Column("Who could teach", Kind.WRAP, 50))
    return Tab("gaps", title, columns, frame)


def _target_gaps(gaps: Sequence[coverage.Gap], names: Names, title: str) -> Tab:
    frame = pd.DataFrame({
        "Team or role": [g.target.group for g in gaps],
        "Skill": [g.target.skill for g in gaps],
        "Needed": [g.target.needed for g in gaps],
        "Minimum level": [g.target.min_level for g in gaps],
        "Held": [len(g.held) for g in gaps],
        "Shortfall": [g.shortfall for g in gaps],
        "Who holds it": [names.listed(g.held) for g in gaps],
        "Could cover (elsewhere)": [names.listed(g.cover, team=True) for g in gaps],
        "Could teach (elsewhere)": [names.listed(g.teach, team=True) for g in gaps],
        "Want to learn it there": [names.listed(g.learning) for g in gaps],
    }, dtype=object)
    columns = (Column("Team or role", width=20), Column("Skill", width=26),
               Column("Needed", Kind.INT, 9), Column("Minimum level", Kind.INT, 14),
               Column("Held", Kind.INT, 7), Column("Shortfall", Kind.INT, 10),
               Column("Who holds it", Kind.WRAP, 36),
               Column("Could cover (elsewhere)", Kind.WRAP, 44),
               Column("Could teach (elsewhere)", Kind.WRAP, 44),
               Column("Want to learn it there", Kind.WRAP, 36))
    return Tab("gaps", title, columns, frame)


_RISK_NAMES = {coverage.NOBODY: "Nobody at working level", coverage.ONE: "One person only",
               coverage.BOOKED: "All holders fully booked"}


def risk_rows(answers: Staffing, names: Names, hidden: frozenset[str]) -> list[list]:
    """[risk, skills, people, need, needed by, what to do], skills first, then people."""
    wanting = {s.skill: s.learners for s in answers.supply}
    rows = []
    for risk in answers.risks:
        if risk.kind == coverage.BOOKED and "availability" in hidden:
            continue
        growing = wanting.get(risk.skill, ())
        growers = names.listed(growing, limit=3)
        verb = "wants" if len(growing) == 1 else "want"
        todo = {coverage.NOBODY: f"grow {growers}, who {verb} to learn it" if growers
                else "hire, or train someone",
                coverage.ONE: f"pair them with {growers}" if growers
                else "have them teach a second person",
                coverage.BOOKED: "free one of them, or grow a second holder"}[risk.kind]
        rows.append([_RISK_NAMES[risk.kind], risk.skill, names.listed(risk.holders, team=True),
                     risk.need, risk.said, todo])
    for loss in answers.losses:
        rows.append([f"If {names.of(loss.person)} left", ", ".join(loss.skills[:20]),
                     names.of(loss.person, team=True), loss.need,
                     "; ".join(answers.demand.said(s) for s in loss.skills[:5]
                               if answers.demand.said(s)),
                     "spread these skills to a second person"])
    return rows


def risks_tab(answers: Staffing, names: Names, title: str, hidden: frozenset[str]) -> Tab:
    columns = (Column("Risk", width=26), Column("Skill", Kind.WRAP, 30),
               Column("Who holds it", Kind.WRAP, 32), Column("Need", Kind.INT, 7),
               Column("Needed by", Kind.WRAP, 40), Column("What to do", Kind.WRAP, 40))
    frame = pd.DataFrame(risk_rows(answers, names, hidden), columns=[c.title for c in columns],
                         dtype=object)
    return Tab("risks", title, columns, frame)


def with_pairs(learning: Tab, answers: Staffing, names: Names,
               hidden: frozenset[str] = frozenset()) -> Tab:
    """The Learning tab with its mentor pairs and the wishes left without one."""
    pairs = answers.mentoring.first_by_skill(NAMES_SHOWN)
    left = answers.mentoring.unpaired_by_skill()
    skills = learning.frame["Skill"].tolist()

    def why(skill: str) -> str:
        said = left[skill][0].why
        return "no mentor is free" if "booked" in said and "availability" in hidden else said

    def paired(skill: str) -> str:
        shown, count = pairs.get(skill, ([], 0))
        return capped_text([f"{p.learner_name} ← {p.mentor_name} ({p.mentor_level})"
                            for p in shown], count, NAME_SEPARATOR)

    frame = learning.frame.assign(**{
        "Mentor pairs": [paired(s) for s in skills],
        "Without a mentor": [capped_names([u.learner_name for u in left.get(s, [])], NAMES_SHOWN)
                             + (f" ({why(s)})" if left.get(s) else "") for s in skills],
    })
    columns = (*learning.columns, Column("Mentor pairs", Kind.WRAP, 50),
               Column("Without a mentor", Kind.WRAP, 40))
    return replace(learning, columns=columns, frame=frame)


def with_evidence(skills_tab: Tab, answers: Staffing, hidden: frozenset[str]) -> Tab:
    """The Skills tab with unproven expert claims and, where allowed, the median success."""
    unproven = unproven_by_skill(answers.evidence, answers.people, answers.name_order)
    skills = skills_tab.frame["Skill"].tolist()
    extra = {"Unproven expert claims": [capped_names(unproven.get(s, []), NAMES_SHOWN)
                                        for s in skills]}
    columns = [*skills_tab.columns, Column("Unproven expert claims", Kind.WRAP, 30)]
    if "success_rate" not in hidden:
        rates = answers.by_skill
        extra["Success rate (median)"] = [rates.shown(s, answers.settings.min_group)
                                          for s in skills]
        columns.append(Column("Success rate (median)", Kind.PERCENT, 12))
    return replace(skills_tab, columns=tuple(columns), frame=skills_tab.frame.assign(**extra))


def with_team_rates(team_tab: Tab, answers: Staffing, hidden: frozenset[str]) -> Tab:
    """The Team Skills tab with each team's median success, where allowed and enough report."""
    if "success_rate" in hidden or team_tab.frame.shape[1] < 2:
        return team_tab
    teams = team_tab.frame.iloc[:, 0].tolist()
    rates = [answers.by_team.shown(t, answers.settings.min_group) for t in teams]
    frame = team_tab.frame.copy()
    frame.insert(2, "Success rate (median)", pd.Series(rates, index=frame.index, dtype=object))
    columns = (*team_tab.columns[:2], Column("Success rate (median)", Kind.PERCENT, 12),
               *team_tab.columns[2:])
    heat = team_tab.heat_columns
    return replace(team_tab, columns=columns, frame=frame,
                   heat_columns=(heat[0] + 1, heat[1] + 1) if heat else None)


def extend(tabs: list[Tab], answers: Staffing | None, titles: Mapping[str, str],
           hidden: frozenset[str] | None = None) -> list[Tab]:
    """The sync's tabs with the staffing answers added: the new tabs after Learning."""
    if answers is None:
        return tabs
    hidden = answers.hidden if hidden is None else hidden
    names = answers.names
    changed = {"skills": lambda t: with_evidence(t, answers, hidden),
               "team_skills": lambda t: with_team_rates(t, answers, hidden),
               "learning": lambda t: with_pairs(t, answers, names, hidden)}
    added = [shortlist_tab(answers, names, titles.get("shortlist", "Shortlist"), hidden),
             gaps_tab(answers, names, titles.get("gaps", "Gaps")),
             risks_tab(answers, names, titles.get("risks", "Risks"), hidden)]
    out = []
    for tab in tabs:
        out.append(changed[tab.key](tab) if tab.key in changed else tab)
        if tab.key == "learning":
            out.extend(added)
    return out if any(t.key == "learning" for t in tabs) else [*out, *added]
