"""A nudge: a short note to one person listing exactly what to fix in their own row."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from skillsync.core.model import Issue, Layout, Severity
from skillsync.output.capped import LIST_LIMIT, Capped, clip
from skillsync.output.digest import MESSAGE_CHARS, counted

Linker = Callable[[str, str], str]  # Backend.cell_link: (tab, A1 cell) -> where to find it


@dataclass(frozen=True)
class Place:
    """Where something is: a URL to click (Google Sheets) or text to follow (a workbook)."""

    where: str
    url: str | None = None

    @classmethod
    def of(cls, link: str, cell: str) -> Place:
        if link.startswith(("https://", "http://")):
            return cls(f"cell {cell}", link)
        return cls(clip(link, 300))


@dataclass(frozen=True)
class NudgeItem:
    field: str
    message: str
    where: str
    url: str | None


@dataclass(frozen=True)
class NudgeView:
    title: str
    name: str
    count: int
    items: Capped
    row_where: str
    row_url: str | None
    synced_at: str
    version: str
    tabs: dict[str, str]


@dataclass(frozen=True)
class Person:
    email: str
    name: str
    row: int  # the person's first sheet row
    sheet: str | None = None  # its tab, when the inventory spans several


def nudge_view(person: Person, issues: Sequence[Issue], layout: Layout, link: Linker,
               titles: Mapping[str, str], synced_at: str, version: str, *,
               limit: int = LIST_LIMIT) -> NudgeView:
    """The note for one person: errors first, then by row; each item points at its cell."""
    row_cell = layout.cell(_row_field(layout), person.row, person.sheet) or f"A{person.row}"
    sheet = person.sheet or layout.sheet
    row_place = Place.of(link(sheet, row_cell), row_cell)
    ordered = sorted(issues, key=lambda i: (i.severity != Severity.ERROR, i.row or 0))

    def item(issue: Issue) -> NudgeItem:
        place = (Place.of(link(issue.sheet or sheet, issue.cell), issue.cell) if issue.cell
                 else row_place)
        return NudgeItem(clip(issue.column or "", 40), clip(issue.message, MESSAGE_CHARS),
                         place.where, place.url)

    return NudgeView(
        title="Your row in the skills inventory",
        name=clip(person.name, 60) or "there",
        count=len(ordered),
        items=Capped.of(ordered, limit, item),
        row_where=row_place.where,
        row_url=row_place.url,
        synced_at=synced_at,
        version=version,
        tabs=dict(titles),
    )


def subject(view: NudgeView) -> str:
    return f"Your skills inventory row: {counted(view.count, 'thing')} to fix"


def _row_field(layout: Layout) -> str:
    return "name" if "name" in layout.columns else "email"
