"""A copy of a bench workbook with a Staffing requests tab and a Targets tab added.

Usage: python bench/with_asks.py WORKBOOK OUT.xlsx
The bench workbooks (make_workbook.py) have no helper tabs, so a sync of them never ranks
anyone for a request nor measures a gap; this adds a short requests tab and a targets tab,
as an organisation keeps them, so those answers are timed and compared too. The parts are
copied as they are; only the two sheets and the entries naming them are added.
"""

from __future__ import annotations

import argparse
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

REQUESTS = (
    ("Project", "Skills needed", "Min. level", "Headcount", "Start", "Stretch OK", "Status"),
    ("Chatbot", "NLP (4), PyTorch", "3", "2", "2027-01-04", "yes", "open"),
    ("Fraud v2", "Fraud detection, Graph analytics", "", "1", "", "no", ""),
    ("Cluster move", "k8s (3)", "", "3", "", "", ""),
    ("Search ranking", "RecSys, LLMs", "2", "2", "", "", ""),
    ("Demand model", "Time series, Forecasting (3)", "", "1", "", "", ""),
    ("Pipelines", "Airflow, dbt, SQL", "", "2", "", "", ""),
    ("Pricing tests", "A/B testing (4), Causal inference", "", "1", "", "", ""),
    ("Old", "SQL", "", "1", "", "", "Filled"),
)
TARGETS = (
    ("Team or role", "Skill", "People needed", "Minimum level"),
    ("Search", "NLP, PyTorch (4)", "30", "3"),
    ("Vision", "Computer Vision", "40", ""),
    ("Risk", "Fraud detection, Credit scoring", "25", "3"),
    ("Platform", "k8s, MLOps", "20", "2"),
    ("Growth", "A/B testing", "50", ""),
    ("Data Scientist", "SQL", "200", "3"),
    ("ML Engineer", "PyTorch, TensorFlow", "100", "4"),
    ("Robotics", "Reinforcement learning", "2", ""),
)
_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"


def sheet_xml(rows: tuple[tuple[str, ...], ...]) -> str:
    """A worksheet of inline strings (no shared-string entries to add)."""
    body = []
    for at, row in enumerate(rows, start=1):
        cells = "".join(f'<c r="{chr(65 + col)}{at}" t="inlineStr"><is><t>{escape(text)}'
                        "</t></is></c>" for col, text in enumerate(row) if text)
        body.append(f'<row r="{at}">{cells}</row>')
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"<sheetData>{''.join(body)}</sheetData></worksheet>")


def add_asks(source: Path, out: Path) -> Path:
    added = {"Staffing requests": REQUESTS, "Targets": TARGETS}
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        count = sum(1 for n in old.namelist() if n.startswith("xl/worksheets/sheet"))
        parts = {f"xl/worksheets/sheet{count + i}.xml": (title, rows)
                 for i, (title, rows) in enumerate(added.items(), start=1)}
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", "".join(
                    f'<Override PartName="/{p}" ContentType="{_SHEET}"/>' for p in parts
                ).encode() + b"</Types>")
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", "".join(
                    f'<Relationship Id="rAsk{i}" Type="{_REL}" Target="{p[3:]}"/>'
                    for i, p in enumerate(parts)).encode() + b"</Relationships>")
            elif info.filename == "xl/workbook.xml":
                data = data.replace(b"</sheets>", "".join(
                    f'<sheet name="{title}" sheetId="{100 + i}" r:id="rAsk{i}"/>'
                    for i, (title, _) in enumerate(parts.values())).encode() + b"</sheets>")
            new.writestr(info, data)
        for part, (_, rows) in parts.items():
            new.writestr(part, sheet_xml(rows))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workbook", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    print(add_asks(args.workbook, args.out))


if __name__ == "__main__":
    main()
