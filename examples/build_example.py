"""Build examples/inventory.xlsx: a shared skills inventory as messy as real ones are.

Run `python examples/build_example.py` to regenerate it (needs xlsxwriter). The workbook
is what `skillsync demo` syncs.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import xlsxwriter

HERE = Path(__file__).resolve().parent
HEADER = ["Full Name", "E-mail", "Team", "Role", "Manager e-mail", "Location",
          "Areas of Expertise", "Past projects", "Success rate", "Current project(s)",
          "Want to learn next", "Availability", "Last updated"]

# name, email, team, role, manager, location, expertise, past, rate, current, learn, avail, updated
PEOPLE = [
    ("Ana Lima", "ana.lima@northwind.example", "Search", "Senior DS", "rui.costa@northwind.example", "Lisbon",
     "NLP (5), Learning to rank (4), PySpark (3)", "Query understanding; Spelling correction", 0.9,
     "Semantic search v2", "LLM fine-tuning, RAG", "Part-time", date(2026, 10, 2)),
    ("Rui Costa", "rui.costa@northwind.example", "Search", "DS Manager", "", "Lisbon",
     "Information retrieval (5), A/B testing (4), SQL", "Search relevance; Ranking v1", "85%",
     "Semantic search v2, Hiring", "Causal inference", "Not available", date(2026, 9, 20)),
    ("Wei Zhang", "wei.zhang@northwind.example", "Vision", "Staff DS", "mei.tanaka@northwind.example", "Singapore",
     "Computer Vision (5), PyTorch (5), Object detection (4)", "Shelf scanning; OCR for invoices", 0.8,
     "Visual search", "Diffusion models", "Full-time", date(2026, 8, 11)),
    ("Zhang Wei", "zhangwei@northwind-labs.example", "Vision", "DS", "mei.tanaka@northwind.example", "Shanghai",
     "CV (4), TensorFlow (3)", "Defect detection", "0.75", "Visual search", "MLOps", "Full-time", "2026-07-01"),
    ("Mei Tanaka", "MEI.TANAKA@northwind.example ", "Vision", "DS Manager", "", "Tokyo",
     "Computer vision (4), Kubernetes (3), Team leadership", "Shelf scanning", 0.95, "Visual search; Hiring",
     "LLMs", "Part-time", 46200),
    ("Søren Kierkegård", "soren.k@northwind.example", "Forecasting", "Senior DS", "amara.okafor@northwind.example", "Copenhagen",
     "Time series (5), Bayesian methods (4), Stan", "Demand forecast 2024; Staffing model", 0.88,
     "Demand forecast 2026", "Causal inference, JAX", "Full-time", date(2026, 10, 15)),
    ("Soren Kierkegard", "s.kierkegard@northwind.example", "Forecasting", "Senior DS", "amara.okafor@northwind.example", "Copenhagen",
     "Forecasting (5), PyMC", "Demand forecast 2024", "88", "Demand forecast 2026", "", "Full-time", "2025-03-02"),
    ("Amara Okafor", "amara.okafor@northwind.example", "Forecasting", "DS Manager", "", "Lagos",
     "Time-series analysis (4), Econometrics (5), R", "Price elasticity; Demand forecast 2024", "high",
     "Demand forecast 2026", "Reinforcement learning", "Part-time", date(2026, 6, 30)),
    ("Łukasz Wróbel", "lukasz.wrobel@northwind.example", "Platform", "ML Engineer", "dana.levi@northwind.example", "Kraków",
     "k8s (5), MLOps (5), Airflow (4), Docker", "Feature store; Model registry", 0.7,
     "Model serving 2.0", "Rust, Ray", "Full-time", date(2026, 10, 1)),
    ("Lukasz Wrobel", "l.wrobel@northwind.example", "Platform", "ML Engineer", "dana.levi@northwind.example", "Krakow",
     "Kubernetes, ML Ops", "Feature store", 0.7, "Model serving 2.0", "", "Full-time", "2024-11-02"),
    ("Dana Levi", "dana.levi@northwind.example", "Platform", "Eng Manager", "", "Tel Aviv",
     "MLOps (4), Data engineering (4), Spark (4)", "Data lake migration", 1.3,
     "Model serving 2.0, Cost cutting", "GNNs", "Not available", date(2026, 5, 5)),
    ("John Smith", "john.smith@northwind.example", "Growth", "DS", "priya.nair@northwind.example", "London",
     "A/B testing (4), Causal ML (3), SQL (5)", "Pricing test 2025; Churn model", 0.6,
     "Uplift targeting", "Bayesian statistics", "Full-time", date(2026, 9, 1)),
    ("John Smith", "john.smith2@northwind.example", "Risk", "Senior DS", "tomas.novak@northwind.example", "London",
     "Credit scoring (5), XGBoost (5), Explainability", "Credit model v3", 0.92,
     "Credit model v4", "LLMs", "Part-time", date(2026, 10, 20)),
    ("Priya Nair", "priya.nair@northwind.example", "Growth", "DS Manager", "", "Bangalore",
     "Causal inference (5), Experimentation (5), Marketing mix modeling (4)", "MMM 2025; Pricing test 2025",
     "95%", "Uplift targeting; MMM 2026", "Generative AI", "Part-time", date(2026, 10, 28)),
    ("Bob Martinez", "mailto:Bob.Martinez@northwind.example", "Growth", "DS", "priya.nair@northwind.example", "Austin",
     "Churn prediction (4), Survival analysis (3), Python", "Churn model", "-", "Churn model v2",
     "RecSys / GNN", "Full-time", "03/15/2026"),
    ("Robert Martinez", "rmartinez@northwind.example", "Growth", "DS", "priya.nair@northwind.example", "Austin",
     "Churn modelling", "Churn model", 0.65, "Churn model v2", "", "Full-time", date(2026, 1, 10)),
    ("Fatima Al-Sayed", "fatima.alsayed@northwind.example", "Recommendations", "Senior DS", "gabriel.silva@northwind.example", "Dubai",
     "RecSys (5), Embeddings (4), GNN (3)", "Home feed ranking; Similar items", 0.83,
     "Home feed v3", "Reinforcement learning, Bandits", "Full-time", date(2026, 10, 3)),
    ("Gabriel Silva", "gabriel.silva@northwind.example", "Recommendations", "DS Manager", "", "São Paulo",
     "Recommender systems (4), Multi-armed bandits (4), Scala", "Home feed ranking", 0.78,
     "Home feed v3, Hiring", "LLM agents", "Part-time", date(2026, 2, 14)),
    ("Chloé Dubois", "chloe.dubois@northwind.example", "Recommendations", "DS", "gabriel.silva@northwind.example", "Paris",
     "Graph neural networks (4), PyTorch (4), Knowledge graphs", "Similar items", "80 %",
     "Home feed v3", "Diffusion models", "Full-time", date(2026, 9, 9)),
    ("Chloé Dubois", "chloe.dubois@northwind.example", "Search", "DS", "rui.costa@northwind.example", "Paris",
     "GNNs (4), Vector search (3)", "Similar items", 0.8,
     "Semantic search v2", "LLMs", "Full-time", date(2026, 10, 30)),
    ("Kwame Mensah", "kwame.mensah@northwind.example", "Risk", "DS", "tomas.novak@northwind.example", "Accra",
     "Fraud detection (4), Anomaly detection (4), Graph analytics (3)", "Fraud rules v2", 0.74,
     "Fraud graph", "Graph neural networks", "Full-time", date(2026, 8, 8)),
    ("Tomáš Novák", "tomas.novak@northwind.example", "Risk", "DS Manager", "", "Prague",
     "Credit risk (5), Statistics (5), SAS", "Credit model v3; Basel reporting", 0.9,
     "Credit model v4", "Python, MLOps", "Part-time", date(2025, 1, 12)),
    ("Isabela Rocha", "isabela.rocha@northwind.example", "NLP", "Senior DS", "hannah.becker@northwind.example", "Porto Alegre",
     "LLMs (5), Prompt engineering (4), RAG (5), Hugging Face", "Support bot; Ticket triage", 0.87,
     "Support bot v2", "Reinforcement learning from human feedback", "Full-time", date(2026, 10, 25)),
    ("Hannah Becker", "hannah.becker@northwind.example", "NLP", "DS Manager", "", "Berlin",
     "Natural Language Processing (5), Transformers (4), spaCy", "Ticket triage; Contract parsing", 0.91,
     "Support bot v2\nContract parsing v2", "AI governance", "Part-time", date(2026, 10, 29)),
    ("Arjun Mehta", "arjun.mehta@northwind.example", "NLP", "DS", "hannah.becker@northwind.example", "Pune",
     "nlp (3), Large Language Models (3), LangChain", "Ticket triage", "0,82", "Support bot v2",
     "Fine-tuning and Evaluation", "Full-time", date(2026, 7, 17)),
    ("=HYPERLINK(\"http://bad.example\",\"click me\")", "intern.one@northwind.example", "NLP", "Intern",
     "hannah.becker@northwind.example", "Berlin", "<script>alert('hi')</script>, Python (2)", "", "",
     "Support bot v2", "NLP", "Full-time", date(2026, 10, 1)),
    ("Elena Petrova", "n/a", "Forecasting", "DS", "amara.okafor@northwind.example", "Sofia",
     "Time series (3), Prophet", "Staffing model", 0.7, "Demand forecast 2026", "Causal inference",
     "Full-time", date(2026, 4, 4)),
    ("Mateo García", "", "Search", "DS", "rui.costa@northwind.example", "Madrid",
     "Learning to rank (3), Elasticsearch", "", "", "Semantic search v2", "LLMs", "Full-time", ""),
    ("Noor Haddad", "noor.haddad@northwind.example", "Vision", "DS", "mei.tanaka@northwind.example", "Amman",
     "Image segmentation (4), OpenCV (4), Edge deployment", "Defect detection", 0.76, "",
     "Diffusion models, Model compression", "Full-time", date(2026, 9, 30)),
    ("Olivia Brown", "olivia.brown@northwind.example", "", "DS", "", "Toronto",
     "Data visualisation (4), Tableau (5), SQL (4)", "Exec dashboards", 0.88, "Exec dashboards v2",
     "Python, Statistics", "Part-time", date(2026, 3, 3)),
    ("Yuki Sato", "yuki.sato@northwind.example", "Platform", "ML Engineer", "dana.levi@northwind.example", "Osaka",
     "Go, Kubernetes (4), Ray (3)", "Model registry", 0.69, "Model serving 2.0", "JAX", "Full-time",
     date(2026, 10, 12)),
    ("Diego Fernández", "diego.fernandez@northwind.example", "Recommendations", "DS", "gabriel.silva@northwind.example", "Buenos Aires",
     "Recsys (3), Spark ML (4), dbt", "Similar items", 0.71, "Home feed v3", "Causal inference",
     "Full-time", date(2026, 6, 6)),
    ("Sarah O'Connor", "sarah.oconnor@northwind.example", "Growth", "Senior DS", "priya.nair@northwind.example", "Dublin",
     "Bayesian statistics (5), A/B testing (5), Stan (4)", "Pricing test 2025; MMM 2025", 0.93,
     "MMM 2026", "Generative AI", "Part-time", date(2026, 10, 18)),
]


def build(path: Path = HERE / "inventory.xlsx") -> Path:
    book = xlsxwriter.Workbook(str(path))
    book.set_properties({"title": "Skills inventory", "author": "Northwind Data Science",
                         "created": date(2026, 1, 5)})
    _readme(book)
    _inventory(book)
    _aliases(book)
    _not_duplicates(book)
    _headcount(book)
    book.close()
    return path


def _readme(book) -> None:
    sheet = book.add_worksheet("Read me")
    bold = book.add_format({"bold": True, "font_size": 14})
    sheet.write("A1", "Northwind Data Science — shared skills inventory", bold)
    sheet.write("A3", "Update your own row on the 'Team Inventory' tab at least every quarter.")
    sheet.write("A4", "Levels: 1 = beginner ... 5 = expert, in brackets after the skill.")
    sheet.set_column("A:A", 90)


def _inventory(book) -> None:
    sheet = book.add_worksheet("Team Inventory")
    title = book.add_format({"bold": True, "font_size": 16, "bg_color": "#1F4E79", "font_color": "white"})
    header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "text_wrap": True, "border": 1})
    percent = book.add_format({"num_format": "0%"})
    dated = book.add_format({"num_format": "yyyy-mm-dd"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    sheet.merge_range("A1:M1", "Data Science Skills Inventory — FY26", title)
    sheet.write("A2", "Please keep your row current. Questions: #ds-ops. Levels in brackets (1-5).")
    sheet.write_row(3, 0, HEADER, header)
    sheet.write_comment("G4", "Comma-separated, with an optional level such as 'NLP (4)'")
    row = 4
    for number, person in enumerate(PEOPLE):
        if number == 15:
            row += 1  # a blank row someone left in the middle
        _person(sheet, row, person, percent, dated, wrap)
        row += 1
    sheet.write_formula(row, 0, '="Totals"', None, "Totals")  # a footer row with no e-mail
    sheet.write_formula(row, 8, "=AVERAGE(I5:I20)", percent, 0.81)
    sheet.write_formula(8, 8, "=NA()", percent, "#N/A")  # a broken lookup in a rate cell
    sheet.set_row(12, None, None, {"hidden": True})
    sheet.freeze_panes(4, 2)
    sheet.autofilter(3, 0, row - 1, len(HEADER) - 1)
    sheet.data_validation(4, 2, 200, 2, {"validate": "list", "source": [
        "Search", "Vision", "Forecasting", "Platform", "Growth", "Risk", "Recommendations", "NLP"]})
    sheet.set_column("A:B", 26)
    sheet.set_column("C:F", 16)
    sheet.set_column("G:K", 34)
    sheet.set_column("L:M", 13)
    sheet.write("XFD1048576", "x")  # a stray keystroke far away that makes the used range huge


def _person(sheet, row, person, percent, dated, wrap) -> None:
    for column, value in enumerate(person):
        if isinstance(value, date):
            sheet.write_datetime(row, column, value, dated)
        elif column == 8 and isinstance(value, float):
            sheet.write_number(row, column, value, percent)
        elif isinstance(value, (int, float)):
            sheet.write_number(row, column, value)
        elif value:
            sheet.write_string(row, column, value, wrap if "\n" in value else None)


def _aliases(book) -> None:
    sheet = book.add_worksheet("Aliases")
    sheet.write_row(0, 0, ["Alias", "Canonical skill", "Added by"])
    sheet.write_row(1, 0, ["Prophet", "Time Series Forecasting", "Amara"])
    sheet.write_row(2, 0, ["Elasticsearch", "Search & Ranking", "Rui"])
    sheet.write_row(3, 0, ["Ray", "MLOps", "Dana"])


def _not_duplicates(book) -> None:
    sheet = book.add_worksheet("Not duplicates")
    sheet.write_row(0, 0, ["E-mail", "Other e-mail", "Why"])
    sheet.write_row(1, 0, ["soren.k@northwind.example", "s.kierkegard@northwind.example",
                           "Two people, same name (checked by Amara)"])


def _headcount(book) -> None:
    sheet = book.add_worksheet("Headcount")
    sheet.write_row(0, 0, ["Team", "Headcount", "Open roles"])
    teams = [("Search", 4, 1), ("Vision", 4, 0), ("Forecasting", 4, 2), ("Platform", 4, 1),
             ("Growth", 5, 0), ("Risk", 3, 1), ("Recommendations", 5, 1), ("NLP", 4, 2)]
    for i, team in enumerate(teams, start=1):
        sheet.write_row(i, 0, team)
    sheet.write_formula(len(teams) + 1, 1, f"=SUM(B2:B{len(teams) + 1})", None,
                        sum(t[1] for t in teams))
    chart = book.add_chart({"type": "column"})
    chart.add_series({"name": "Headcount", "categories": ["Headcount", 1, 0, len(teams), 0],
                      "values": ["Headcount", 1, 1, len(teams), 1]})
    chart.set_title({"name": "Headcount by team"})
    sheet.insert_chart("E2", chart)


if __name__ == "__main__":
    print(build())
