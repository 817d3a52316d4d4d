"""How people type skills and levels into one cell, and what each typing means.

Canonical names are those of skillsync/data/skills.toml; every typed spelling below is
listed with the canonical skill it must fold to.
"""

from __future__ import annotations

import random

from sheets.truth import HAS_IT, Level

NLP = "Natural Language Processing"

# Canonical skill -> spellings people type for it, typos included. None holds a digit
# (python3, TF2) that a level notation could swallow.
SPELLINGS: dict[str, tuple[str, ...]] = {
    "Python": ("Python", "python", "Pyhton"),
    "SQL": ("SQL", "sql", "Postgres"),
    "R": ("R",),
    "Go": ("Go", "golang"),
    NLP: ("NLP", "nlp", "Natural Language Processing"),
    "Deep Learning": ("Deep learning", "DL", "deep-learning"),
    "Machine Learning": ("Machine Learning", "ML"),
    "Computer Vision": ("Computer vision", "CV"),
    "PyTorch": ("PyTorch", "pytorch", "torch"),
    "TensorFlow": ("TensorFlow", "tensor flow"),
    "scikit-learn": ("scikit-learn", "scikit learn", "sklearn"),
    "Hugging Face": ("Hugging Face", "Hugging face", "HuggingFace"),
    "Spark": ("Spark", "PySpark"),
    "Large Language Models": ("LLMs", "LLM's", "LLM"),
    "Generative AI": ("GenAI", "Gen AI"),
    "A/B Testing": ("A/B testing", "AB testing"),
    "CI/CD": ("CI/CD",),
    "Statistics": ("Statistics", "stats"),
    "Docker": ("Docker", "docker"),
    "Kubernetes": ("Kubernetes", "k8s"),
    "Airflow": ("Airflow",),
    "Time Series Forecasting": ("Time series", "forecasting"),
    "Causal Inference": ("Causal inference",),
    "Tableau": ("Tableau",),
}

NUMBER_FORMS = ("{s} ({l})", "{s} {l}/5", "{s} - {l}", "{s}: {l}", "{s} [{l}]",
                "{s} ({l}/5)", "{l} - {s}", "{s} {l}")
# A level word before or after the skill, on a sheet whose numbers are 1–5: the top
# word is 5 and "advanced" 4 whatever the mapping; the lower words leave some room.
WORD_FORMS = (("advanced {s}", Level.exact(4)), ("{s} (expert)", Level.exact(5)),
              ("{s} (beginner)", Level.within(1, 1, 2)),
              ("intermediate {s}", Level.within(2, 2, 3)))
PAIR_JOINERS = (" & ", " | ", " + ")
LIST_JOINERS = (", ", "; ", "\n", "bullets")

Expected = list[tuple[str, Level]]


def exact(skill: str, level: int | None) -> tuple[str, Level]:
    return skill, (HAS_IT if level is None else Level.exact(level))


def ranged(skill: str, low: int, high: int) -> tuple[str, Level]:
    return skill, Level.within(low, low, high)


# Item 2 of the issue as a table: what is typed in a cell, and the (skill, level) pairs
# it means. An empty list: nothing in the cell is a skill.
NOTATION_CASES: list[tuple[str, Expected]] = [
    ("NLP (4)", [exact(NLP, 4)]),
    ("NLP 4", [exact(NLP, 4)]),
    ("NLP - 4", [exact(NLP, 4)]),
    ("NLP: 4", [exact(NLP, 4)]),
    ("NLP 4/5", [exact(NLP, 4)]),
    ("NLP [4]", [exact(NLP, 4)]),
    ("NLP (4/5)", [exact(NLP, 4)]),
    ("4 - NLP", [exact(NLP, 4)]),
    ("advanced SQL", [exact("SQL", 4)]),
    ("SQL (expert)", [exact("SQL", 5)]),
    ("Spark (beginner)", [ranged("Spark", 1, 2)]),
    ("intermediate Python", [ranged("Python", 2, 3)]),
    ("Python 3/4", [ranged("Python", 3, 4)]),  # a 1–4 scale said in the cell
    ("Machine Learning (5/5)", [exact("Machine Learning", 5)]),
    ("Python 4/5, Deep learning - 3", [exact("Python", 4), exact("Deep Learning", 3)]),
    ("NLP (4); Python (3)", [exact(NLP, 4), exact("Python", 3)]),
    ("4 - NLP, 3 - Python", [exact(NLP, 4), exact("Python", 3)]),
    ("SQL: 5, R: 1", [exact("SQL", 5), exact("R", 1)]),
    ("NLP (4)\nPython (3)\nSQL (2)", [exact(NLP, 4), exact("Python", 3), exact("SQL", 2)]),
    ("• NLP (4)\n• Python (3)", [exact(NLP, 4), exact("Python", 3)]),
    ("- NLP (4)\n- Python (3)", [exact(NLP, 4), exact("Python", 3)]),
    ("Spark & Hugging face", [exact("Spark", None), exact("Hugging Face", None)]),
    ("PyTorch | TensorFlow", [exact("PyTorch", None), exact("TensorFlow", None)]),
    ("Python + SQL", [exact("Python", None), exact("SQL", None)]),
    ("Python & R", [exact("Python", None), exact("R", None)]),
    ("A/B testing", [exact("A/B Testing", None)]),
    ("A/B testing (3)", [exact("A/B Testing", 3)]),
    ("CI/CD", [exact("CI/CD", None)]),
    ("CI/CD, Docker (4)", [exact("CI/CD", None), exact("Docker", 4)]),
    ("R&D", [exact("R&D", None)]),  # "D" is no skill, so the name stays whole
    ("Weights & Biases", [exact("Weights & Biases", None)]),
    ("Pyhton (4)", [exact("Python", 4)]),
    ("tensor flow", [exact("TensorFlow", None)]),
    ("scikit learn - 3", [exact("scikit-learn", 3)]),
    ("Hugging face", [exact("Hugging Face", None)]),
    ("LLM's", [exact("Large Language Models", None)]),
    ("Gen AI", [exact("Generative AI", None)]),
    ("R (3)", [exact("R", 3)]),
    ("Go - 2", [exact("Go", 2)]),
    ("R, Go", [exact("R", None), exact("Go", None)]),
    ("3", []),
    ("Advanced", []),
    ("x", []),
    ("4/5", []),
]

# Cells of the `rows` sheet typed exactly as the issue quotes them, with their meaning:
# (text, [(typed spelling, canonical skill, level)]).
QUOTED_CELLS: list[tuple[str, list[tuple[str, str, Level]]]] = [
    ("NLP (4), Python 4/5, Deep learning - 3",
     [("NLP", NLP, Level.exact(4)), ("Python", "Python", Level.exact(4)),
      ("Deep learning", "Deep Learning", Level.exact(3))]),
    ("advanced SQL\nSpark & Hugging face",
     [("SQL", "SQL", Level.exact(4)), ("Spark", "Spark", HAS_IT),
      ("Hugging face", "Hugging Face", HAS_IT)]),
    ("PyTorch | TensorFlow; SQL (expert)",
     [("PyTorch", "PyTorch", HAS_IT), ("TensorFlow", "TensorFlow", HAS_IT),
      ("SQL", "SQL", Level.exact(5))]),
    ("• Pyhton (3)\n• tensor flow\n• scikit learn [2]",
     [("Pyhton", "Python", Level.exact(3)), ("tensor flow", "TensorFlow", HAS_IT),
      ("scikit learn", "scikit-learn", Level.exact(2))]),
    ("LLM's, Gen AI: 4, A/B testing (3), CI/CD",
     [("LLM's", "Large Language Models", HAS_IT), ("Gen AI", "Generative AI", Level.exact(4)),
      ("A/B testing", "A/B Testing", Level.exact(3)), ("CI/CD", "CI/CD", HAS_IT)]),
    ("4 - NLP; R (2); Go",
     [("NLP", NLP, Level.exact(4)), ("R", "R", Level.exact(2)), ("Go", "Go", HAS_IT)]),
    ("NLP [5], Python (4/5)\nQuantum annealing (2)",
     [("NLP", NLP, Level.exact(5)), ("Python", "Python", Level.exact(4)),
      ("Quantum annealing", "Quantum annealing", Level.exact(2))]),
    ("Statistics: 5 | SQL 3", [("Statistics", "Statistics", Level.exact(5)),
                               ("SQL", "SQL", Level.exact(3))]),
]
UNKNOWN_IN_QUOTED = {"Quantum annealing"}


def typed_item(rng: random.Random, skill: str) -> tuple[str, str, Level]:
    """One skill as someone types it: (text, spelling used, level it means)."""
    spelled = rng.choice(SPELLINGS[skill])
    roll = rng.random()
    if roll < 0.55:
        level = rng.randint(1, 5)
        form = rng.choice(NUMBER_FORMS)
        return form.format(s=spelled, l=level), spelled, Level.exact(level)
    if roll < 0.7:
        form, level = rng.choice(WORD_FORMS)
        return form.format(s=spelled), spelled, level
    return spelled, spelled, HAS_IT


def typed_cell(rng: random.Random, skills: list[str]) -> tuple[str, list[tuple[str, str, Level]]]:
    """A skills cell listing `skills`: the text, and (spelling, skill, level) per skill."""
    items = [(skill, *typed_item(rng, skill)) for skill in skills]
    meaning = [(spelled, skill, level) for skill, _, spelled, level in items]
    texts = [text for _, text, _, _ in items]
    bare = [i for i, (_, _, _, level) in enumerate(items) if level.rank is None]
    if len(bare) >= 2 and rng.random() < 0.5:  # "Spark & Hugging face": each side a skill
        first, second = bare[:2]
        texts[first] = f"{texts[first]}{rng.choice(PAIR_JOINERS)}{texts[second]}"
        del texts[second]
    joiner = rng.choice(LIST_JOINERS)
    if joiner == "bullets":
        return "\n".join(f"• {t}" for t in texts), meaning
    return joiner.join(texts), meaning
