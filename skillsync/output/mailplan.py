"""Who gets what: the organisation digest, team digests for managers, nudges for people.

Every message is rendered at the fullest list length that keeps it under
MAX_MESSAGE_BYTES, so no organisation is too big for one e-mail.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from email.headerregistry import Address

import jinja2
import pandas as pd

from skillsync.config import Config
from skillsync.core.analysis import Analysis
from skillsync.core.model import Issue
from skillsync.core.summary import SyncFacts
from skillsync.output import digest, nudge
from skillsync.output.mailmsg import (
    MAX_MESSAGE_BYTES,
    BadAddress,
    Outgoing,
    address,
    build,
    configured,
)

LIMITS = (digest.LIST_LIMIT, 6, 3, 1, 0)


@dataclass
class Plan:
    messages: list[Outgoing] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # recipients skipped, and why


@dataclass(frozen=True)
class Sync:
    """What a mailing needs from a run: the analysis, its facts, the settings, and a way to
    point at a cell (a URL for a Google Sheet, path and cell for a workbook)."""

    analysis: Analysis
    facts: SyncFacts
    config: Config
    link: Callable[[str, str], str]


def plan(sync: Sync, now: datetime) -> Plan:
    """Every message this run sends, in order: digest, team digests, nudges."""
    return _Planner(sync, now).plan()


def team_managers(people: pd.DataFrame) -> dict[str, list[str]]:
    """Each team's managers: the addresses its members name in the manager column.

    A team lead's own row names the lead's manager, who leads the leads rather than the
    team, so addresses named only by the team's own managers are left out.
    """
    managers = {}
    named = people[(people["team"] != "") & (people["manager"] != "")]
    for team, members in named.groupby("team", sort=True):
        leads = set(members["manager"])
        direct = members.loc[~members["key"].isin(leads), "manager"]
        chosen = direct if len(direct) else members["manager"]
        managers[str(team)] = list(dict.fromkeys(chosen))
    return managers


class _Planner:
    def __init__(self, run: Sync, now: datetime) -> None:
        self.run = run
        self.now = now
        self.email = run.config.email
        self.sender = configured(self.email.sender or "")
        self.env = digest.environment(run.config.templates)
        self.names = dict(zip(run.analysis.people["key"], run.analysis.people["name"],
                              strict=True))
        self.links = _tab_links(run)
        self.result = Plan()

    def plan(self) -> Plan:
        if self.email.to:
            self._organisation()
        if self.run.config.org.leads:
            self._leads()
        if self.email.team_digests:
            self._teams()
        if self.email.nudges:
            self._nudges()
        return self.result

    def _organisation(self) -> None:
        facts, analysis, titles = self.run.facts, self.run.analysis, self.run.config.titles
        recipients = tuple(configured(t) for t in self.email.to)
        self._add("digest", recipients, lambda limit: _digest(self.env, digest.build_view(
            facts, analysis, titles, limit=limit, links=self.links)))

    def _leads(self) -> None:
        """The digest with the figures [privacy] restricts, to the named leads only."""
        facts, analysis, titles = self.run.facts, self.run.analysis, self.run.config.titles
        recipients = self._reachable(self.run.config.org.leads, "the leads' restricted digest")
        if recipients:
            self._add("leads", recipients, lambda limit: _digest(self.env, _restricted(
                digest.build_view(facts, analysis, titles, limit=limit, links=self.links,
                                  full=True))))

    def _teams(self) -> None:
        facts, analysis, titles = self.run.facts, self.run.analysis, self.run.config.titles
        for team, managers in team_managers(analysis.people).items():
            recipients = self._reachable(managers, f"the team digest for '{team}'")
            if recipients:
                self._add("team", recipients, lambda limit, team=team: _digest(
                    self.env, digest.team_view(facts, analysis, titles, team, limit=limit,
                                               links=self.links)))

    def _nudges(self) -> None:
        if "email" not in self.run.analysis.layout.columns:
            self.result.notes.append("No nudges: the sheet has no e-mail column, so there is "
                                     "nobody to address them to.")
            return
        for person, issues in _people_to_nudge(self.run, self.names).items():
            recipients = self._reachable([person.email], f"the nudge for row {person.row}")
            if recipients:
                self._add("nudge", recipients,
                          lambda limit, p=person, found=issues: self._nudge(p, found, limit))

    def _nudge(self, person: nudge.Person, issues: list[Issue], limit: int) -> digest.Rendered:
        facts = self.run.facts
        view = nudge.nudge_view(person, issues, self.run.analysis.layout, self.run.link,
                                self.run.config.titles,
                                facts.synced_at.strftime("%Y-%m-%d %H:%M"), facts.version,
                                limit=limit)
        return digest.render_view(self.env, "nudge", view, nudge.subject(view))

    def _reachable(self, emails: Iterable[str], what: str) -> tuple[Address, ...]:
        found = []
        for email in emails:
            try:
                found.append(address(email, self.names.get(email, "")))
            except BadAddress as exc:
                self.result.notes.append(f"Not sending {what}: {exc}.")
        return tuple(found)

    def _add(self, kind: str, recipients: tuple[Address, ...],
             render: Callable[[int], digest.Rendered]) -> None:
        """The fullest version of the message that stays under the size limit."""
        for limit in LIMITS:
            outgoing = build(self.sender, recipients, render(limit), self.now, kind)
            if len(outgoing.data) < MAX_MESSAGE_BYTES:
                break
        else:
            self.result.notes.append(
                f"Warning: the {kind} to {', '.join(outgoing.envelope_to)} is "
                f"{len(outgoing.data) // 1024} KB even with its lists cut; Gmail clips "
                "messages past 102 KB (check the templates folder in the config).")
        self.result.messages.append(outgoing)


def _restricted(view: digest.DigestView) -> digest.DigestView:
    return dataclasses.replace(view, title=f"{view.title} (restricted: leads only)")


def _digest(env: jinja2.Environment, view: digest.DigestView) -> digest.Rendered:
    return digest.render_view(env, "digest", view, digest.subject(view))


def _people_to_nudge(run: Sync, names: dict[str, str]) -> dict[nudge.Person, list[Issue]]:
    """Each person (by e-mail) whose row has a problem or is stale, in sheet order."""
    people = run.analysis.people
    first_rows = {k: rows[0] for k, rows in zip(people["key"], people["rows"], strict=True)}
    sheets = dict(zip(people["key"], people["sheet"], strict=True))
    found: dict[str, list[Issue]] = {}
    for issue in run.analysis.issues:
        if issue.email in first_rows:
            found.setdefault(issue.email, []).append(issue)
    ordered = sorted(found, key=first_rows.__getitem__)
    return {nudge.Person(e, names.get(e, ""), first_rows[e], sheets[e]): found[e]
            for e in ordered}


def _tab_links(run: Sync) -> dict[str, str]:
    """Links to our tabs for the digest's "and N more" lines, where the source has URLs."""
    links = {}
    for key, title in run.config.titles.items():
        link = run.link(title, "A1")
        if link.startswith(("https://", "http://")):
            links[key] = link
    return links
