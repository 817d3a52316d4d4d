"""Rendering with Jinja for every message and page of skillsync: the sandboxed
environment, the loader that stays in its folders, and CSS inlined for mail clients."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import css_inline
import jinja2
import jinja2.sandbox

from skillsync import paths
from skillsync.core.messages import counted


def environment(extra: Path | None = None) -> jinja2.Environment:
    """Shipped templates, overridable file by file from the config's template folder.

    Every template renders in Jinja's sandbox: a template folder may sit in a shared
    folder, and a template must never be able to run code as whoever runs the sync. A
    template is read only from inside its folder (a link out of it is refused). Only HTML
    templates escape: the text twin must show `<script>` or `O'Connor` as typed.
    """
    folders = [p for p in (extra, paths.templates_dir()) if p]
    env = jinja2.sandbox.SandboxedEnvironment(
        loader=ConfinedLoader(folders),
        autoescape=lambda name: name is None or name.endswith((".html.j2", ".html", ".htm")),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["count"] = counted
    return env


class ConfinedLoader(jinja2.FileSystemLoader):
    """A FileSystemLoader that reads no file outside its folders, through links neither."""

    def __init__(self, folders: list[Path]) -> None:
        super().__init__([str(f) for f in folders])
        self._roots = [Path(f).resolve() for f in folders]

    def get_source(self, environment: jinja2.Environment, template: str):
        source, filename, uptodate = super().get_source(environment, template)
        real = Path(filename).resolve()
        if not any(real.is_relative_to(root) for root in self._roots):
            raise jinja2.TemplateNotFound(f"{template} (it links outside the template folder)")
        return source, filename, uptodate


@dataclass(frozen=True)
class Rendered:
    html: str
    text: str
    subject: str


def render_view(env: jinja2.Environment, template: str, view: Any, subject: str) -> Rendered:
    """`template`.html.j2 (CSS inlined) and `template`.txt.j2 for one view."""
    html = _render(env.get_template(f"{template}.html.j2"), view)
    text = _render(env.get_template(f"{template}.txt.j2"), view)
    return Rendered(inline_css(html), text, subject)


def _render(template: jinja2.Template, view: Any) -> str:
    """A template that fails as it runs ({{ 1 / 0 }}, a recursive macro) fails as a
    template, which the settings can fix, not as an unexpected error."""
    try:
        return template.render(v=view)
    except jinja2.TemplateError:
        raise
    except Exception as exc:  # whatever a template's expression raised
        raise jinja2.TemplateRuntimeError(f"{type(exc).__name__}: {exc}") from exc


def inline_css(html: str) -> str:
    inliner = css_inline.CSSInliner(load_remote_stylesheets=False, keep_at_rules=True)
    return inliner.inline(html)
