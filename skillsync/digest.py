"""The digest: a small view of one sync, rendered as e-mail-safe HTML and a text twin."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import css_inline
import jinja2

from skillsync import paths
from skillsync.config import Config
from skillsync.core.analysis import Analysis
from skillsync.core.model import Severity
from skillsync.core.summary import mentors_by_skill
from skillsync.report import Report

TOP_SKILLS = 10
LIST_LIMIT = 12


@dataclass(frozen=True)
class Capped:
    """A list cut to what a phone screen and Gmail's size limit allow, with the rest counted."""

    items: list[Any]
    more: int = 0

    @classmethod
    def of(cls, items: list[Any], limit: int = LIST_LIMIT) -> Capped:
        return cls(items[:limit], max(len(items) - limit, 0))


@dataclass(frozen=True)
class DigestView:
    title: str
    source: str
    synced_at: str
    version: str
    headline: list[tuple[str, int]]
    top_skills: Capped
    single_holders: Capped
    learning: Capped
    problems: Capped
    problem_counts: dict[str, int]
    duplicates: Capped
    merged: int
    tabs: dict[str, str]
    changes: list[str] = field(default_factory=list)


def build_view(report: Report, analysis: Analysis, titles: dict[str, str]) -> DigestView:
    held = analysis.held
    experts = held[held["expert"]].groupby("skill")["person"].nunique()
    top = [(skill, count, int(experts.get(skill, 0)))
           for skill, count in list(report.skills.items())[:TOP_SKILLS]]
    holders = held.groupby("skill")["person"].nunique()
    first = held.drop_duplicates("skill").set_index("skill")["name"]
    single = sorted(((s, first[s]) for s, n in holders.items() if n == 1),
                    key=lambda sh: sh[0].casefold())
    mentors = {s: m[:3] for s, m in mentors_by_skill(held, analysis.learners).items()}
    demand = analysis.learners.groupby("skill")["person"].nunique().sort_values(
        ascending=False, kind="stable")
    learning = [(s, int(n), mentors.get(s, [])) for s, n in demand.items()]
    problems = sorted(report.issues, key=lambda i: (i.severity != Severity.ERROR, i.row or 0))
    review = [d for d in report.duplicates if d.action == "review"]
    return DigestView(
        title=f"Skills digest — {Path(report.source).stem if '/' in report.source else report.source}",
        source=report.source,
        synced_at=report.synced_at.strftime("%Y-%m-%d %H:%M"),
        version=report.version,
        headline=[("People", report.people), ("Skills", len(report.skills)),
                  ("Problems", len(report.issues)), ("To review", len(review))],
        top_skills=Capped.of(top, TOP_SKILLS),
        single_holders=Capped.of(single),
        learning=Capped.of(learning),
        problems=Capped.of(problems),
        problem_counts={"errors": report.errors, "warnings": report.warnings},
        duplicates=Capped.of(review),
        merged=sum(1 for d in report.duplicates if d.action == "merged"),
        tabs=titles,
    )


def environment(extra: Path | None = None) -> jinja2.Environment:
    """Shipped templates, overridable file by file from the config's template folder."""
    folders = [str(p) for p in (extra, paths.templates_dir()) if p]
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders),
        autoescape=jinja2.select_autoescape(["html", "htm", "j2"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@dataclass(frozen=True)
class Rendered:
    html: str
    text: str
    subject: str


def render(report: Report, analysis: Analysis, config: Config,
           template: str = "digest") -> Rendered:
    view = build_view(report, analysis, config.titles)
    env = environment(config.templates)
    html = env.get_template(f"{template}.html.j2").render(v=view)
    text = env.get_template(f"{template}.txt.j2").render(v=view)
    return Rendered(inline_css(html), text, subject(report))


def subject(report: Report) -> str:
    review = sum(1 for d in report.duplicates if d.action == "review")
    return (f"Skills digest: {report.people} people, {len(report.skills)} skills, "
            f"{len(report.issues)} problems, {review} to review")


def inline_css(html: str) -> str:
    inliner = css_inline.CSSInliner(load_remote_stylesheets=False, keep_at_rules=True)
    return inliner.inline(html)


def write_files(rendered: Rendered, target: Path) -> Path:
    """The HTML at `target` and its text twin beside it; private (0600) like all our output."""
    target.parent.mkdir(parents=True, exist_ok=True)
    for path, content in ((target, rendered.html), (target.with_suffix(".txt"), rendered.text)):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(content)
    return target
