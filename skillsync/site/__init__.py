"""The skills atlas: a static site a sync publishes, readable from a file share.

`publish(analysis, folder, ...)` builds the people the site may show (roster.py: no
restricted field ever enters it), the data file (data.py), the pages and their SVG charts
(pages.py, charts.py), and writes them all at once (writer.py). Pages are HTML with a
hand-written stylesheet and script (templates/site/): no CDN, no build step, no remote
anything, and a Content-Security-Policy that allows only the site's own files.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from skillsync.backends import Linker
from skillsync.core.analysis import Analysis
from skillsync.core.summary import SyncFacts
from skillsync.site import data, pages
from skillsync.site.facts import Site
from skillsync.site.inputs import Extras, restricted_of, restricted_set
from skillsync.site.roster import build_roster
from skillsync.site.writer import check_target, write_site

__all__ = ["Extras", "build_files", "check_target", "publish", "restricted_of"]


def build_files(analysis: Analysis, facts: SyncFacts, linker: Linker, *,
                restricted: Collection[str] = (), extras: Extras | None = None,
                templates: Path | None = None) -> dict[str, str]:
    """Every file of the site, by its path inside the site folder."""
    from skillsync.output.digest import source_name

    extras = extras or Extras()
    roster = build_roster(analysis, restricted_set(restricted), extras)
    site = Site.of(roster)
    meta = pages.Meta(source_name(facts.source), facts.synced_at.strftime("%Y-%m-%d %H:%M"),
                      facts.version)
    mentors = extras.mentors if extras.mentors is not None else analysis.mentors
    env = pages.environment(templates)
    files = pages.render_pages(env, site, meta, extras, analysis.vocabulary, mentors)
    files.update(pages.static_files(templates))
    payload = data.build_data(site, analysis.vocabulary, analysis.layout, linker,
                              {"title": meta.title, "synced": meta.synced})
    files["data.js"] = data.encode(payload)
    return files


def publish(analysis: Analysis, folder: Path, facts: SyncFacts, linker: Linker, *,
            restricted: Collection[str] = (), extras: Extras | None = None,
            templates: Path | None = None) -> Path:
    """Build the atlas and write it as `folder`, replacing the previous one whole."""
    check_target(folder)
    files = build_files(analysis, facts, linker, restricted=restricted, extras=extras,
                        templates=templates)
    return write_site(folder, files)
