"""SVG charts drawn at sync time: nothing to load, nothing to run in the browser.

Every chart reads without colour: the numbers are written in the cells or beside the
bars, and each mark carries a <title> a pointer or screen reader can show. Colours come
from classes the stylesheet defines for light and dark schemes, never from inline styles
(the site's Content-Security-Policy allows none). Every text is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from skillsync.site.facts import LEVEL_NAMES, LEVEL_ORDER, Bars, Matrix

CELL_W, CELL_H = 40, 26
BAR_ROW, BAR_W = 24, 360
CHAR_W = 7.2  # a generous average glyph width at the charts' 12 px text
LABEL_CHARS = 26


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _counted(n: int, unit: tuple[str, str]) -> str:
    return f"{n} {unit[0] if n == 1 else unit[1]}"


def _svg(width: float, height: float, label: str, body: list[str], css: str) -> Markup:
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css}" role="img" '
            f'width="{width:.0f}" height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" '
            f'aria-label="{escape(label)}">')
    return Markup("".join([head, f"<title>{escape(label)}</title>", *body, "</svg>"]))


def _label_width(labels: Sequence[str]) -> float:
    longest = max((len(_short(t)) for t in labels), default=4)
    return min(longest, LABEL_CHARS) * CHAR_W + 12


def bucket(value: int, top: int) -> int:
    """0 for an empty cell, else 1..5 by the share of the largest value."""
    if value <= 0 or top <= 0:
        return 0
    return min(5, 1 + (4 * value) // top)


def heatmap(matrix: Matrix) -> Markup:
    """Rows × columns of counts: a shaded cell with its number, and a title per cell."""
    left = _label_width([r for r, _ in matrix.rows])
    top = _label_width([c for c, _ in matrix.cols]) * 0.72 + 8  # labels at 45 degrees
    width = left + CELL_W * len(matrix.cols) + 16
    height = top + CELL_H * len(matrix.rows) + 4
    largest = max((v for row in matrix.values for v in row), default=0)
    body = []
    for j, (col, _) in enumerate(matrix.cols):
        x = left + CELL_W * j + CELL_W / 2
        body.append(f'<text class="axis" transform="translate({x:.1f},{top - 6:.1f}) '
                    f'rotate(-45)"><title>{escape(col)}</title>{escape(_short(col))}</text>')
    for i, (row, _) in enumerate(matrix.rows):
        y = top + CELL_H * i
        body.append(f'<text class="axis" x="{left - 8:.1f}" y="{y + CELL_H / 2 + 4:.1f}" '
                    f'text-anchor="end"><title>{escape(row)}</title>'
                    f'{escape(_short(row))}</text>')
        for j, (col, _) in enumerate(matrix.cols):
            value = matrix.values[i][j]
            x = left + CELL_W * j
            shade = bucket(value, largest)
            said = f"{row} × {col}: {_counted(value, matrix.unit)}"
            body.append(
                f'<g class="cell"><title>{escape(said)}</title>'
                f'<rect class="hm hm{shade}" x="{x:.1f}" y="{y:.1f}" width="{CELL_W - 2}" '
                f'height="{CELL_H - 2}" rx="3"/>'
                f'<text class="hmt hmt{shade}" x="{x + (CELL_W - 2) / 2:.1f}" '
                f'y="{y + CELL_H / 2 + 3:.1f}" text-anchor="middle">{value}</text></g>')
    return _svg(width, height, matrix.title, body, "heatmap")


def stacked_bars(bars: Bars) -> Markup:
    """Skills by number of people, each bar split by level; the total written beside it."""
    left = _label_width([b.label for b in bars.bars])
    body, legend_end = _legend(left)
    width = max(left + BAR_W + 90, legend_end + 8)
    legend_h = 30
    height = legend_h + BAR_ROW * len(bars.bars) + 6
    largest = max((b.total for b in bars.bars), default=1) or 1
    for i, bar in enumerate(bars.bars):
        y = legend_h + BAR_ROW * i
        body.append(f'<text class="axis" x="{left - 8:.1f}" y="{y + 15:.1f}" '
                    f'text-anchor="end"><title>{escape(bar.label)}</title>'
                    f'{escape(_short(bar.label))}</text>')
        x = left
        for level, count in zip(LEVEL_ORDER, bar.by_level, strict=True):
            if not count:
                continue
            w = BAR_W * count / largest
            level_text = f"level {level} ({LEVEL_NAMES[level]})" if level else "no level given"
            said = f"{bar.label}: {_counted(count, ('person', 'people'))} at {level_text}"
            body.append(f'<rect class="lv lv{level or 0}" x="{x:.1f}" y="{y + 3:.1f}" '
                        f'width="{max(w, 1.5):.1f}" height="{BAR_ROW - 8}">'
                        f'<title>{escape(said)}</title></rect>')
            x += w
        body.append(f'<text class="total" x="{x + 6:.1f}" y="{y + 15:.1f}">{bar.total}'
                    f'<title>{escape(bar.label)}: {_counted(bar.total, ("person", "people"))}'
                    f'</title></text>')
    return _svg(width, height, bars.title, body, "bars")


def _legend(left: float) -> tuple[list[str], float]:
    parts, x = [], left
    for level in LEVEL_ORDER:
        text = f"{level} {LEVEL_NAMES[level]}" if level else "no level"
        parts.append(f'<rect class="lv lv{level or 0}" x="{x:.1f}" y="6" width="12" '
                     f'height="12"/><text class="legend" x="{x + 16:.1f}" y="16">'
                     f'{escape(text)}</text>')
        x += 16 + len(text) * CHAR_W + 10
    return parts, x


def sparkline(label: str, counts: Sequence[int], names: Sequence[str] = ()) -> Markup:
    """A small trend line of people holding a skill at each sync, oldest first."""
    width, height, pad = 140, 34, 4
    values = [max(int(c), 0) for c in counts][-60:]
    if len(values) < 2:
        values = values * 2 if values else [0, 0]
    top = max(values) or 1
    step = (width - 2 * pad) / (len(values) - 1)
    points = " ".join(f"{pad + step * i:.1f},{height - pad - (height - 2 * pad) * v / top:.1f}"
                      for i, v in enumerate(values))
    shown = list(names)[-len(values):] if len(names) >= len(values) else []
    detail = ", ".join(f"{n}: {v}" for n, v in zip(shown, values, strict=False)) if shown \
        else ", ".join(str(v) for v in values)
    said = f"{label}, people at each sync: {detail}"
    body = [f'<polyline class="trend" fill="none" points="{points}"/>',
            f'<text class="total" x="{width + 4}" y="{height / 2 + 4:.1f}">{values[-1]}</text>']
    return _svg(width + 36, height, said, body, "spark")
