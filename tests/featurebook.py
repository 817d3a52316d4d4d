"""Build feature-rich Excel workbooks for tests, and inspect them at the zip-part level.

``build_feature_workbook`` writes (with xlsxwriter) a workbook that holds nearly every
feature an organisation's shared workbook could hold: charts, a chartsheet, images, an
image in a cell, text boxes, notes, data validation, conditional formats, sparklines, an
Excel table, hyperlinks, defined names, rich strings, merged cells, protection, hidden
and very-hidden sheets, cached formulas (plain, array and dynamic array), dates, frozen
panes, an autofilter, print settings, document properties and, for ``.xlsm``, a VBA
project with a button that runs a macro.  The product's tests write their summary tabs
into such a workbook and use ``part_digests`` / ``sheet_map`` to prove that every part
the product does not own is kept byte for byte.

Builds are deterministic: the same arguments give a byte-identical file (xlsxwriter uses
fixed zip timestamps and the creation date is pinned below).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import posixpath
import struct
import warnings
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

__all__ = [
    "CHARTSHEET",
    "DEFAULT_INVENTORY",
    "FEATURE_SHEETS",
    "HIDDEN_SHEET",
    "MACRO_NAME",
    "VBA_PROJECT",
    "VERY_HIDDEN_SHEET",
    "FeatureBook",
    "build_feature_workbook",
    "make_png",
    "part_digests",
    "sheet_map",
]

#: vbaProject.bin taken from XlsxWriter's ``button07.xlsm`` (see tests/data/README.md).
VBA_PROJECT = Path(__file__).with_name("data") / "vbaProject.bin"
#: The macro that ``VBA_PROJECT`` defines (Module1) and the button runs.
MACRO_NAME = "say_hello"

CHARTS = "Charts"
CHARTSHEET = "Chart Sheet"
MEDIA = "Media"
REVIEW = "Review"
PROJECTS = "Projects"
CALC = "Calc"
LOCKED = "Locked"
NUMBERS = "Numbers"
HIDDEN_SHEET = "Lists"
VERY_HIDDEN_SHEET = "Secret"

#: Every sheet after the inventory tab, in workbook order.
FEATURE_SHEETS = (
    CHARTS,
    CHARTSHEET,
    MEDIA,
    REVIEW,
    PROJECTS,
    CALC,
    LOCKED,
    NUMBERS,
    HIDDEN_SHEET,
    VERY_HIDDEN_SHEET,
)

DEFAULT_INVENTORY: list[list] = [
    ["Full Name", "E-mail", "Team", "Areas of Expertise", "Success rate"],
    ["Maya Okafor", "maya.okafor@example.org", "Forecasting",
     "Time series; Bayesian statistics; Python", 0.85],
    ["Jonas Lindqvist", "jonas.lindqvist@example.org", "Platform",
     "Spark; SQL; Data engineering", 0.72],
    ["Priya Raman", "priya.raman@example.org", "Insights",
     "Experiment design; Causal inference; R", 0.91],
    ["Tomás Herrera", "tomas.herrera@example.org", "Forecasting",
     "Deep learning; PyTorch; Computer vision", 0.64],
    ["Aiko Tanaka", "aiko.tanaka@example.org", "Insights",
     "NLP; LLM evaluation; Visualisation", 0.78],
]

TEAMS = ["Forecasting", "Platform", "Insights", "Risk", "Operations"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun"]
# Fixed so that two builds with the same arguments are byte-identical.
CREATED = dt.datetime(2024, 5, 17, 9, 30, 0)


@dataclass(frozen=True)
class FeatureBook:
    """What ``build_feature_workbook`` wrote."""

    path: Path
    sheet_names: tuple[str, ...]  # every sheet (worksheets and chartsheet), in order
    features: tuple[str, ...]  # names of the features the workbook holds
    inventory_tab: str


# --------------------------------------------------------------------------- images


def make_png(
    width: int = 16, height: int = 16, rgb: tuple[int, int, int] = (31, 119, 180)
) -> bytes:
    """A small RGB PNG (a diagonal gradient over ``rgb``) made with zlib only."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = []
    for y in range(height):
        row = bytearray([0])  # filter type 0 (None) per scanline
        for x in range(width):
            shade = (x + y) * 96 // max(width + height - 2, 1)
            row += bytes(min(255, c + shade) for c in rgb)
        rows.append(bytes(row))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )


def _png_stream(rgb: tuple[int, int, int], size: int = 16) -> io.BytesIO:
    # A fresh stream for every use: xlsxwriter reads it when the workbook is closed.
    return io.BytesIO(make_png(size, size, rgb))


# --------------------------------------------------------------------------- builder


def build_feature_workbook(
    path: Path,
    *,
    macro: bool = False,
    inventory: list[list] | None = None,
    inventory_tab: str = "People",
) -> FeatureBook:
    """Write a feature-rich workbook to ``path`` (``.xlsx``, or ``.xlsm`` when ``macro``).

    ``inventory`` is a list of rows whose first row is the header; it is written to the
    first tab, ``inventory_tab``.  Any xlsxwriter warning is raised as an error, so a
    feature that xlsxwriter silently drops cannot go unnoticed.
    """
    path = Path(path)
    _check_arguments(path, macro, inventory_tab)
    rows = DEFAULT_INVENTORY if inventory is None else inventory
    if not rows:
        raise ValueError("inventory needs at least a header row")

    features: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        workbook = Workbook(str(path))
        formats = _add_formats(workbook)
        features += _add_inventory(workbook, formats, inventory_tab, rows)
        features += _add_charts(workbook, formats)
        features += _add_chartsheet(workbook)
        features += _add_media(workbook)
        features += _add_review(workbook, formats)
        features += _add_projects(workbook, formats)
        features += _add_calc(workbook, formats)
        features += _add_locked(workbook, formats)
        features += _add_numbers(workbook, formats)
        features += _add_hidden_sheets(workbook)
        features += _add_defined_names(workbook)
        features += _add_properties(workbook)
        if macro:
            features += _add_macro(workbook)
        workbook.close()
    _raise_xlsxwriter_warnings(caught)

    return FeatureBook(
        path=path,
        sheet_names=tuple(sheet.get_name() for sheet in workbook.worksheets()),
        features=tuple(features),
        inventory_tab=inventory_tab,
    )


def _raise_xlsxwriter_warnings(caught: list[warnings.WarningMessage]) -> None:
    """Turn xlsxwriter's warnings (a dropped feature) into an error; pass others on."""
    ours = [w for w in caught if "xlsxwriter" in Path(w.filename).parts]
    for w in caught:
        if w not in ours:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    if ours:
        raise RuntimeError("xlsxwriter warned: " + "; ".join(str(w.message) for w in ours))


def _check_arguments(path: Path, macro: bool, inventory_tab: str) -> None:
    wanted = ".xlsm" if macro else ".xlsx"
    if path.suffix.lower() != wanted:
        raise ValueError(f"macro={macro} needs a path ending in {wanted}, not {path.name!r}")
    if inventory_tab.lower() in (name.lower() for name in FEATURE_SHEETS):
        raise ValueError(f"inventory_tab {inventory_tab!r} clashes with a feature sheet")
    if macro and not VBA_PROJECT.is_file():
        raise FileNotFoundError(VBA_PROJECT)


def _add_formats(workbook: Workbook) -> dict[str, Format]:
    return {
        "header": workbook.add_format(
            {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True}
        ),
        "percent": workbook.add_format({"num_format": "0%"}),
        "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
        "datetime": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
        "money": workbook.add_format({"num_format": "#,##0.00"}),
        "title": workbook.add_format(
            {"bold": True, "font_size": 14, "align": "center", "valign": "vcenter",
             "bg_color": "#FFF2CC", "border": 2}
        ),
        "bold": workbook.add_format({"bold": True}),
        "italic": workbook.add_format({"italic": True, "font_color": "#7F7F7F"}),
        "red": workbook.add_format({"font_color": "#C00000", "bold": True}),
        "unlocked": workbook.add_format({"locked": False, "bg_color": "#E2EFDA"}),
        "hidden_formula": workbook.add_format({"hidden": True}),
        "highlight": workbook.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"}),
    }


# --------------------------------------------------------------------------- sheets


def _add_inventory(workbook: Workbook, formats, name: str, rows: list[list]) -> list[str]:
    """First tab: the skills inventory, with frozen header row and an autofilter."""
    sheet = workbook.add_worksheet(name)
    header = rows[0]
    sheet.write_row(0, 0, header, formats["header"])
    percent_cols = {
        col for col, title in enumerate(header)
        if isinstance(title, str) and ("rate" in title.lower() or "%" in title)
    }
    for r, row in enumerate(rows[1:], start=1):
        for c, value in enumerate(row):
            _write_inventory_cell(sheet, r, c, value, formats, c in percent_cols)
    sheet.set_column(0, max(len(header) - 1, 0), 22)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows) - 1, 0), max(len(header) - 1, 0))
    sheet.set_tab_color("#4472C4")
    return ["inventory", "frozen_panes", "autofilter", "tab_color"]


def _write_inventory_cell(sheet: Worksheet, row: int, col: int, value, formats, percent: bool):
    if value is None:
        return
    if isinstance(value, (dt.date, dt.datetime)):
        sheet.write_datetime(row, col, value, formats["date"])
    elif percent and isinstance(value, (int, float)) and not isinstance(value, bool):
        sheet.write_number(row, col, value, formats["percent"])
    else:
        sheet.write(row, col, value)


def _write_chart_data(sheet: Worksheet, formats) -> None:
    sheet.write_row(0, 0, ["Month", "Forecasting", "Platform", "Insights"], formats["header"])
    for i, month in enumerate(MONTHS, start=1):
        sheet.write_row(i, 0, [month, 10 + 3 * i, 25 - 2 * i, 12 + (i * 7) % 9])


def _series(chart, col: int, **extra) -> None:
    """Add the series in column ``col`` of the Charts data (A = month, B..D = teams)."""
    letter = "ABCD"[col]
    chart.add_series({
        "name": f"={CHARTS}!${letter}$1",
        "categories": f"={CHARTS}!$A$2:$A${len(MONTHS) + 1}",
        "values": f"={CHARTS}!${letter}$2:${letter}${len(MONTHS) + 1}",
        **extra,
    })


def _add_charts(workbook: Workbook, formats) -> list[str]:
    """Several chart types (plus a combined chart) on one worksheet."""
    sheet = workbook.add_worksheet(CHARTS)
    _write_chart_data(sheet, formats)
    layouts = [
        ({"type": "column"}, "Column", (1, 2, 3)),
        ({"type": "line"}, "Line", (1, 2, 3)),
        ({"type": "pie"}, "Pie", (1,)),
        ({"type": "bar", "subtype": "stacked"}, "Stacked bar", (1, 2, 3)),
        ({"type": "area"}, "Area", (1, 2)),
        ({"type": "doughnut"}, "Doughnut", (2,)),
        ({"type": "radar"}, "Radar", (1, 3)),
    ]
    for index, (options, title, cols) in enumerate(layouts):
        chart = workbook.add_chart(options)
        for col in cols:
            _series(chart, col)
        chart.set_title({"name": title})
        sheet.insert_chart(8 + 16 * (index // 2), 0 if index % 2 == 0 else 8, chart)
    _add_scatter_and_combined(workbook, sheet)
    return ["charts", "combined_chart"]


def _add_scatter_and_combined(workbook: Workbook, sheet: Worksheet) -> None:
    scatter = workbook.add_chart({"type": "scatter", "subtype": "straight_with_markers"})
    _series(scatter, 2, trendline={"type": "linear"})
    scatter.set_title({"name": "Scatter with trendline"})
    sheet.insert_chart(8 + 16 * 4, 0, scatter)

    column = workbook.add_chart({"type": "column"})
    _series(column, 1)
    line = workbook.add_chart({"type": "line"})
    _series(line, 3, y2_axis=True)
    column.combine(line)
    column.set_title({"name": "Combined column + line"})
    column.set_y2_axis({"name": "Insights"})
    sheet.insert_chart(8 + 16 * 4, 8, column)


def _add_chartsheet(workbook: Workbook) -> list[str]:
    chartsheet = workbook.add_chartsheet(CHARTSHEET)
    chart = workbook.add_chart({"type": "column", "subtype": "percent_stacked"})
    for col in (1, 2, 3):
        _series(chart, col, data_labels={"value": True})
    chart.set_title({"name": "Team mix by month"})
    chartsheet.set_chart(chart)
    chartsheet.set_tab_color("#70AD47")
    return ["chartsheet"]


def _add_media(workbook: Workbook) -> list[str]:
    """Floating images (one with a link), an image in a cell, text boxes, a background."""
    sheet = workbook.add_worksheet(MEDIA)
    sheet.write(0, 0, "Team logo (floating image):")
    sheet.insert_image(1, 0, "logo.png", {
        "image_data": _png_stream((31, 119, 180), 32),
        "x_scale": 2, "y_scale": 2, "description": "Team logo",
    })
    sheet.insert_image(1, 3, "badge.png", {
        "image_data": _png_stream((214, 39, 40), 24),
        "url": "https://example.org/badges", "description": "Badge with a link",
    })
    sheet.write(10, 0, "Image in a cell:")
    sheet.set_row(11, 40)
    sheet.set_column(1, 1, 12)
    sheet.embed_image(11, 1, "avatar.png", {"image_data": _png_stream((44, 160, 44), 20)})
    _add_textboxes(sheet)
    sheet.set_background(_png_stream((240, 240, 250), 8))
    return ["images", "embedded_image", "textboxes", "background_image"]


def _add_textboxes(sheet: Worksheet) -> None:
    sheet.insert_textbox(14, 0, "Skills pool overview\nSee the Charts tab.", {
        "width": 260, "height": 80,
        "font": {"bold": True, "color": "#1F4E79", "size": 12},
        "align": {"vertical": "middle", "horizontal": "center"},
        "fill": {"color": "#DDEBF7"}, "line": {"color": "#1F4E79", "width": 1.5},
    })
    sheet.insert_textbox(14, 5, "", {
        "textlink": f"={MEDIA}!$A$1", "width": 200, "height": 40,
        "gradient": {"colors": ["#FFEFD1", "#F0EBD5", "#B69F66"]},
        "line": {"dash_type": "dash", "color": "#B69F66"},
    })
    sheet.insert_textbox(20, 0, "Owned by the Data Science CoE", {
        "object_position": 3, "font": {"italic": True}, "line": {"none": True},
        "fill": {"pattern": {"pattern": "light_upward_diagonal",
                             "fg_color": "#C6E0B4", "bg_color": "#FFFFFF"}},
    })


def _add_review(workbook: Workbook, formats) -> list[str]:
    """Notes, dropdowns, conditional formats, sparklines and checkboxes."""
    sheet = workbook.add_worksheet(REVIEW)
    sheet.write_row(0, 0, ["Person", "Team", "Score", "Trend", *MONTHS, "Reviewed"],
                    formats["header"])
    for i, row in enumerate(DEFAULT_INVENTORY[1:], start=1):
        scores = [40 + (i * 13 + m * 7) % 60 for m in range(len(MONTHS))]
        sheet.write_row(i, 0, [row[0], row[2], sum(scores) // len(scores)])
        sheet.write_row(i, 4, scores)
        sheet.insert_checkbox(i, 10, i % 2 == 1)
    last = len(DEFAULT_INVENTORY) - 1
    _add_comments(sheet)
    _add_data_validation(sheet, last)
    _add_conditional_formats(sheet, formats, last)
    _add_sparklines(sheet, last)
    sheet.set_column(0, 0, 18)
    return ["comments", "data_validation", "conditional_formats", "sparklines", "checkboxes"]


def _add_comments(sheet: Worksheet) -> None:
    sheet.set_comments_author("Skills CoE")
    sheet.write_comment(0, 2, "Average of the monthly scores.")
    sheet.write_comment(1, 0, "Team lead since 2023.", {"author": "Maya Okafor",
                                                        "visible": True, "color": "#FFFFCC"})
    sheet.write_comment(2, 1, "Moved from Platform.", {"x_scale": 1.5, "font_size": 9})


def _add_data_validation(sheet: Worksheet, last: int) -> None:
    sheet.data_validation(1, 1, last, 1, {
        "validate": "list", "source": "=TeamList",
        "input_title": "Team", "input_message": "Pick a team from the list",
        "error_title": "Unknown team", "error_message": "Use a team from the Lists tab",
    })
    sheet.data_validation(1, 2, last, 2, {
        "validate": "integer", "criteria": "between", "minimum": 0, "maximum": 100,
    })
    sheet.data_validation(last + 2, 1, last + 2, 1, {
        "validate": "list", "source": ["Yes", "No", "Maybe"],
    })


def _add_conditional_formats(sheet: Worksheet, formats, last: int) -> None:
    sheet.conditional_format(1, 2, last, 2, {"type": "data_bar", "bar_color": "#63BE7B"})
    sheet.conditional_format(1, 4, last, 4, {"type": "data_bar", "data_bar_2010": True,
                                             "bar_solid": True, "bar_negative_color": "#FF0000"})
    sheet.conditional_format(1, 5, last, 5, {"type": "icon_set",
                                             "icon_style": "3_traffic_lights"})
    sheet.conditional_format(1, 6, last, 6, {"type": "icon_set", "icon_style": "5_arrows",
                                             "reverse_icons": True})
    sheet.conditional_format(1, 7, last, 7, {"type": "3_color_scale"})
    sheet.conditional_format(1, 8, last, 8, {"type": "2_color_scale",
                                             "min_color": "#FFFFFF", "max_color": "#5A8AC6"})
    sheet.conditional_format(1, 9, last, 9, {"type": "cell", "criteria": ">=",
                                             "value": 80, "format": formats["highlight"]})
    sheet.conditional_format(1, 0, last, 0, {"type": "formula", "criteria": "=$C2<60",
                                             "format": formats["red"]})


def _add_sparklines(sheet: Worksheet, last: int) -> None:
    styles = [
        {"type": "line", "markers": True, "high_point": True},
        {"type": "column", "negative_points": True, "style": 12},
        {"type": "win_loss"},
    ]
    for i in range(1, last + 1):
        options = dict(styles[i % len(styles)])
        options["range"] = f"{REVIEW}!E{i + 1}:J{i + 1}"
        sheet.add_sparkline(i, 3, options)


def _add_projects(workbook: Workbook, formats) -> list[str]:
    """An Excel table with a totals row, hyperlinks, rich strings and merged cells."""
    sheet = workbook.add_worksheet(PROJECTS)
    sheet.merge_range(0, 0, 0, 4, "Active data-science projects", formats["title"])
    sheet.set_row(0, 30)
    data = [
        ["Churn model", "Insights", dt.date(2024, 1, 15), 12000.0, 0.6],
        ["Demand forecast", "Forecasting", dt.date(2024, 2, 1), 18500.5, 0.8],
        ["Feature store", "Platform", dt.date(2023, 11, 20), 30250.0, 0.45],
        ["Pricing A/B test", "Insights", dt.date(2024, 3, 4), 7400.0, 0.95],
    ]
    sheet.add_table(2, 0, 2 + len(data) + 1, 4, {
        "name": "ProjectsTable", "style": "Table Style Medium 9",
        "total_row": True, "data": data,
        "columns": [
            {"header": "Project", "total_string": "Total"},
            {"header": "Team"},
            {"header": "Started", "format": formats["date"]},
            {"header": "Budget", "format": formats["money"], "total_function": "sum"},
            {"header": "Done", "format": formats["percent"], "total_function": "average"},
        ],
    })
    sheet.set_column(0, 4, 16)
    _add_hyperlinks(sheet, formats, first_row=2 + len(data) + 3)
    _add_rich_strings(sheet, formats, row=2 + len(data) + 8)
    sheet.merge_range(2 + len(data) + 10, 0, 2 + len(data) + 11, 2,
                      "Merged note across two rows", formats["italic"])
    return ["table", "hyperlinks", "rich_strings", "merged_cells"]


def _add_hyperlinks(sheet: Worksheet, formats, first_row: int) -> None:
    sheet.write_url(first_row, 0, "https://example.org/skills", string="Skills portal",
                    tip="Opens the skills portal")
    sheet.write_url(first_row + 1, 0, f"internal:'{CHARTS}'!A1", string="Go to charts")
    sheet.write_url(first_row + 2, 0, "mailto:coe@example.org", string="Mail the CoE")
    sheet.write_url(first_row + 3, 0, "internal:TaxRate", string="Named cell link")


def _add_rich_strings(sheet: Worksheet, formats, row: int) -> None:
    sheet.write_rich_string(row, 0, "Status: ", formats["bold"], "on track", " except ",
                            formats["red"], "Feature store")
    sheet.write_rich_string(row + 1, 0, formats["italic"], "Updated ", formats["bold"], "weekly")


def _add_calc(workbook: Workbook, formats) -> list[str]:
    """Formulas with cached values (plain, array, dynamic array) and dates."""
    sheet = workbook.add_worksheet(CALC)
    sheet.write_row(0, 0, ["Value", "Double", "Joined"], formats["header"])
    values = [3, 1, 4, 1, 5]
    for i, v in enumerate(values, start=1):
        sheet.write_number(i, 0, v)
        sheet.write_formula(i, 1, f"=A{i + 1}*2", None, v * 2)
    sheet.write_formula(1, 2, '=TEXT(A2,"0")&"-"&TEXT(A3,"0")', None, "3-1")
    sheet.write(7, 0, "Sum", formats["bold"])
    sheet.write_formula(7, 1, "=SUM(B2:B6)", None, sum(values) * 2)
    sheet.write(8, 0, "Tax rate", formats["bold"])
    sheet.write_number(8, 1, 0.2, formats["percent"])  # named TaxRate
    sheet.write(9, 0, "Threshold", formats["bold"])
    sheet.write_number(9, 1, 3)  # named Calc!Threshold (sheet scope)
    sheet.write_formula(10, 1, "=COUNTIF(A2:A6,\">\"&Threshold)", None, 2)
    sheet.write_formula(11, 1, "=B8*TaxRate", formats["money"], sum(values) * 2 * 0.2)
    sheet.write(12, 0, "Array", formats["bold"])
    sheet.write_array_formula(12, 1, 12, 1, "{=SUM(A2:A6*B2:B6)}", None,
                              sum(v * v * 2 for v in values))
    sheet.write(0, 4, "Sorted (dynamic array)", formats["header"])
    spilled = sorted(values)
    sheet.write_dynamic_array_formula(1, 4, len(values), 4, "=SORT(A2:A6)", None, spilled[0])
    sheet.write_column(2, 4, spilled[1:])  # Excel stores the rest of a spill as plain values
    sheet.write(0, 6, "Sum (spill)", formats["header"])
    sheet.write_dynamic_array_formula(1, 6, 1, 6, "=SUM(UNIQUE(A2:A6))", None, 13)
    _write_dates(sheet, formats)
    return ["formulas", "array_formula", "dynamic_array_formula", "dates"]


def _write_dates(sheet: Worksheet, formats) -> None:
    sheet.write(14, 0, "Dates", formats["bold"])
    sheet.write_datetime(15, 0, dt.date(2024, 1, 31), formats["date"])
    sheet.write_datetime(16, 0, dt.datetime(2024, 2, 29, 14, 5), formats["datetime"])
    sheet.write_formula(17, 0, "=A16+30", formats["date"], 45352)  # 2024-03-01
    sheet.set_column(0, 0, 14)


def _add_locked(workbook: Workbook, formats) -> list[str]:
    """A password-protected sheet with an editable range and a hidden formula."""
    sheet = workbook.add_worksheet(LOCKED)
    sheet.write(0, 0, "Rates are locked; edit only the green cells.", formats["bold"])
    sheet.write_row(1, 0, ["Grade", "Day rate"], formats["header"])
    for i, (grade, rate) in enumerate([("Junior", 450), ("Senior", 720), ("Lead", 910)], 2):
        sheet.write(i, 0, grade)
        sheet.write_number(i, 1, rate, formats["unlocked"])
    sheet.write_formula(5, 1, "=AVERAGE(B3:B5)", formats["hidden_formula"], 2080 / 3)
    sheet.protect("s3cret", {"format_columns": True, "select_locked_cells": True,
                             "select_unlocked_cells": True})
    sheet.unprotect_range("B3:B5", "Rates")
    return ["protection"]


def _add_numbers(workbook: Workbook, formats) -> list[str]:
    """500 rows of numbers with print settings and grouped rows."""
    sheet = workbook.add_worksheet(NUMBERS)
    sheet.write_row(0, 0, ["Id", "Hours", "Cost", "Ratio"], formats["header"])
    for r in range(1, 501):
        sheet.write_row(r, 0, [r, (r * 37) % 160, round(r * 12.5 % 977, 2), (r % 17) / 17])
    for r in range(1, 11):
        sheet.set_row(r, None, None, {"level": 1})
    _add_print_settings(sheet)
    return ["numbers_sheet", "print_settings", "header_image", "row_outline"]


def _add_print_settings(sheet: Worksheet) -> None:
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.set_margins(left=0.5, right=0.5, top=0.9, bottom=0.75)
    sheet.set_header("&L&G&CSkills inventory – numbers&R&D",
                     {"image_left": "logo.png", "image_data_left": _png_stream((31, 119, 180))})
    sheet.set_footer("&LConfidential&CPage &P of &N&R&F")
    sheet.print_area(0, 0, 500, 3)
    sheet.repeat_rows(0)
    sheet.repeat_columns(0)
    sheet.fit_to_pages(1, 0)
    sheet.set_h_pagebreaks([100, 200, 300])
    sheet.center_horizontally()
    sheet.print_row_col_headers()
    sheet.hide_gridlines(0)


def _add_hidden_sheets(workbook: Workbook) -> list[str]:
    lists = workbook.add_worksheet(HIDDEN_SHEET)
    lists.write(0, 0, "Teams")
    lists.write_column(1, 0, TEAMS)
    lists.hide()
    secret = workbook.add_worksheet(VERY_HIDDEN_SHEET)
    secret.write(0, 0, "Internal build marker")
    secret.write(0, 1, "featurebook")
    secret.very_hidden()
    return ["hidden_sheet", "very_hidden_sheet"]


def _add_defined_names(workbook: Workbook) -> list[str]:
    workbook.define_name("TeamList", f"={HIDDEN_SHEET}!$A$2:$A${len(TEAMS) + 1}")
    workbook.define_name("TaxRate", f"={CALC}!$B$9")
    workbook.define_name("ReportYear", "=2024")
    workbook.define_name(f"{CALC}!Threshold", f"={CALC}!$B$10")
    workbook.define_name(f"'{PROJECTS}'!Budget", f"={PROJECTS}!$D$4:$D$7")
    return ["defined_names", "sheet_scoped_names"]


def _add_properties(workbook: Workbook) -> list[str]:
    workbook.set_properties({
        "title": "Data-science skills inventory",
        "subject": "Skills pool",
        "author": "Skills CoE",
        "manager": "Head of Data Science",
        "company": "Example Org",
        "category": "Inventory",
        "keywords": "skills, data science, inventory",
        "comments": "Built by tests/featurebook.py",
        "status": "Draft",
        "hyperlink_base": "https://example.org/",
        "created": CREATED,
    })
    workbook.set_custom_property("Department", "Data Science")
    workbook.set_custom_property("Reviewed", True)
    workbook.set_custom_property("Version", 3)
    workbook.set_custom_property("Budget", 1234.5)
    workbook.set_custom_property("Review date", dt.datetime(2024, 6, 1))
    return ["doc_properties", "custom_properties"]


def _add_macro(workbook: Workbook) -> list[str]:
    """The VBA project and a form button (on the Review sheet) that runs its macro."""
    workbook.add_vba_project(str(VBA_PROJECT))
    review = workbook.get_worksheet_by_name(REVIEW)
    review.insert_button(8, 4, {
        "macro": MACRO_NAME, "caption": "Say hello", "width": 120, "height": 30,
    })
    return ["vba_project", "button"]


# --------------------------------------------------------------------------- inspection

_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def part_digests(path: Path) -> dict[str, str]:
    """Map every part (zip member; directory entries excluded) to sha256 of its bytes."""
    with zipfile.ZipFile(path) as archive:
        return {
            info.filename: hashlib.sha256(archive.read(info)).hexdigest()
            for info in archive.infolist()
            if not info.is_dir()
        }


def sheet_map(path: Path) -> list[tuple[str, str]]:
    """``(sheet name, part name)`` for every sheet, in workbook order.

    The workbook part is found through ``_rels/.rels`` (normally ``xl/workbook.xml``);
    each ``<sheet r:id>`` is resolved through the workbook's rels to a part name such as
    ``xl/worksheets/sheet1.xml`` or ``xl/chartsheets/sheet1.xml``.
    """
    with zipfile.ZipFile(path) as archive:
        workbook_part = _workbook_part(archive)
        targets = _relationship_targets(archive, workbook_part)
        root = ET.fromstring(archive.read(workbook_part))
    sheets = root.find(f"{{{_MAIN}}}sheets")
    if sheets is None:
        return []
    return [
        (sheet.get("name"), targets[sheet.get(f"{{{_DOC_REL}}}id")])
        for sheet in sheets.findall(f"{{{_MAIN}}}sheet")
    ]


def _workbook_part(archive: zipfile.ZipFile) -> str:
    for _id, rel_type, target in _relationships(archive, ""):
        if rel_type == _OFFICE_DOCUMENT:
            return target
    return "xl/workbook.xml"


def _relationship_targets(archive: zipfile.ZipFile, part: str) -> dict[str, str]:
    return {rel_id: target for rel_id, _type, target in _relationships(archive, part)}


def _relationships(archive: zipfile.ZipFile, part: str):
    """``(Id, Type, target part)`` of the internal relationships of ``part`` ("" = package)."""
    folder, name = posixpath.split(part)
    root = ET.fromstring(archive.read(posixpath.join(folder, "_rels", name + ".rels")))
    for rel in root.findall(f"{{{_PKG_REL}}}Relationship"):
        if rel.get("TargetMode") != "External":
            yield rel.get("Id"), rel.get("Type"), _resolve(folder, rel.get("Target"))


def _resolve(folder: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(folder, target))
