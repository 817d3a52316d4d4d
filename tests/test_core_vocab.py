"""The skill vocabulary (spec §4): canonical names, aliases, forgiving matching, suggestions."""

from __future__ import annotations

from datetime import date

import pytest
from corekit import locate, read_rows

from skillsync.core.headers import HeaderVocabulary
from skillsync.core.model import Grid, Severity
from skillsync.core.people import Rules
from skillsync.core.vocab import Vocabulary, skill_key

RULES = Rules(today=date(2026, 11, 27))


def pairs(items: tuple) -> tuple:
    """(skill, level) of (skill, level, as written) items."""
    return tuple((skill, level) for skill, level, _ in items)


def shipped_vocabulary() -> Vocabulary:
    """The packaged skills.toml vocabulary (skillsync.sync was renamed skillsync.pipeline)."""
    try:
        from skillsync.sync import base_vocabulary
    except ImportError:
        from skillsync.reading import base_vocabulary
    return base_vocabulary()


def read_skills(*cells: str, vocabulary: Vocabulary | None = None, header: str = "Skills"):
    body = [[f"Person{i} Test", f"p{i}@x.com", cell] for i, cell in enumerate(cells)]
    grid = Grid("Inventory", [["Name", "Email", header], *body])
    layout = locate(grid, HeaderVocabulary.build())
    return read_rows(grid, layout, vocabulary or shipped_vocabulary(), RULES)


# --------------------------------------------------------------------------- matching


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("NLP", "Natural Language Processing"),
        ("CV", "Computer Vision"),
        ("ML", "Machine Learning"),
        ("DL", "Deep Learning"),
        ("TF", "TensorFlow"),
        ("k8s", "Kubernetes"),
        ("PySpark", "Spark"),
        ("LLMs", "Large Language Models"),
        ("RecSys", "Recommender Systems"),
        ("GNNs", "Graph Neural Networks"),
        ("RL", "Reinforcement Learning"),
        ("sklearn", "scikit-learn"),
        ("XGBoost", "Gradient Boosting"),
        ("RAG", "Retrieval-Augmented Generation"),
        ("Postgres", "SQL"),
        ("Python", "Python"),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 12 else None,
)
def test_shipped_aliases(typed, canonical):
    assert shipped_vocabulary().canonical(typed) == canonical


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("nlp", "Natural Language Processing"),
        ("  NLP ", "Natural Language Processing"),
        ("N L P", "Natural Language Processing"),
        ("natural language processing", "Natural Language Processing"),
        ("Deep-Learning", "Deep Learning"),
        ("deep_learning", "Deep Learning"),
        ("Large-Language Models", "Large Language Models"),
        ("large language model", "Large Language Models"),
        ("LLM", "Large Language Models"),
        ("GNN", "Graph Neural Networks"),
        ("Graph Neural Network", "Graph Neural Networks"),
        ("Transformer", "Transformers"),
        ("Statistic", "Statistics"),
        ("recommender-systems", "Recommender Systems"),
        ("Tensor Flow", "TensorFlow"),
        ("scikit learn", "scikit-learn"),
        ("Pandas", "pandas"),
        ("ML Ops", "MLOps"),
        ("K8S", "Kubernetes"),
        ("Natural Language Processing (NLP)", "Natural Language Processing"),
        ("ab-testing", "A/B Testing"),
        ("optimisation", "Optimization"),
    ],
    ids=[
        "lower", "padded", "spaced-letters", "canonical-lower", "hyphen", "underscore",
        "hyphen-and-plural", "singular", "singular-alias", "singular-gnn", "singular-canonical",
        "singular-transformer", "singular-statistic", "hyphen-plural", "space-inside",
        "space-for-hyphen", "plural-of-library", "spaced-mlops", "upper-k8s",
        "name-with-abbreviation", "ab-hyphen", "british-spelling",
    ],
)
def test_matching_ignores_case_spacing_hyphens_and_plurals(typed, canonical):
    assert shipped_vocabulary().canonical(typed) == canonical


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("LLMs", "llm"),
        ("Large-Language Models", "large language model"),
        ("Deep  Learning", "deep-learning"),
        ("ＮＬＰ", "nlp"),
        ("GANs", "gan"),
    ],
    ids=["plural", "hyphen-plural", "spaces-hyphen", "fullwidth", "gans"],
)
def test_skill_key_equal(a, b):
    assert skill_key(a) == skill_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("R", "Rust"), ("Go", "Git"), ("SAS", "SA"), ("Java", "JavaScript")],
    ids=["r-rust", "go-git", "sas-not-plural", "java-javascript"],
)
def test_skill_key_distinct(a, b):
    assert skill_key(a) != skill_key(b)


@pytest.mark.parametrize(
    "typed",
    ["Brand strategy", "Excel", "<script>", "Leadership", "Stakeholder management", ""],
    ids=["brand-strategy", "excel", "script-tag", "leadership", "stakeholders", "empty"],
)
def test_unknown_skill_has_no_canonical(typed):
    assert shipped_vocabulary().canonical(typed) is None


def test_every_shipped_spelling_maps_to_its_canonical():
    vocabulary = shipped_vocabulary()
    wrong = {s: vocabulary.canonical(s) for s, c in vocabulary.spellings
             if vocabulary.canonical(s) != c}
    # A few aliases of one skill may collide with another skill's key; none do today.
    assert wrong == {}
    assert vocabulary.canonical("Natural Language Processing") == "Natural Language Processing"
    assert len({c for _, c in vocabulary.spellings}) > 80


@pytest.mark.parametrize(
    ("canonical", "category"),
    [("Natural Language Processing", "methods"), ("Kubernetes", "engineering"),
     ("Python", "languages"), ("PyTorch", "libraries"), ("BigQuery", "platforms")],
    ids=["methods", "engineering", "languages", "libraries", "platforms"],
)
def test_shipped_categories(canonical, category):
    assert shipped_vocabulary().category[canonical] == category


# --------------------------------------------------------------------------- user aliases


@pytest.mark.parametrize(
    ("aliases", "typed", "canonical", "category"),
    [
        ({"Torchy": "PyTorch"}, "torchy", "PyTorch", "libraries"),
        ({"Torchy": "pytorch"}, "TORCHY", "PyTorch", "libraries"),
        ({"kubey": "k8s"}, "Kubey", "Kubernetes", "engineering"),
        ({"Brand strategy": "Marketing"}, "brand-strategy", "Marketing", "organisation"),
        ({"Brand strategy": "Marketing"}, "marketing", "Marketing", "organisation"),
        ({"CV": "Curriculum Writing"}, "CV", "Curriculum Writing", "organisation"),
        ({"TF": "Terraform"}, "tf", "Terraform", "organisation"),
        ({"Vision": "OCR"}, "vision", "OCR", "methods"),
    ],
    ids=[
        "alias-to-canonical", "alias-to-lowercase-canonical", "alias-to-alias",
        "new-skill", "new-skill-canonical-itself", "override-cv", "override-tf",
        "override-to-other-shipped-skill",
    ],
)
def test_with_aliases(aliases, typed, canonical, category):
    extended = shipped_vocabulary().with_aliases(aliases)
    assert extended.canonical(typed) == canonical
    assert extended.category[canonical] == category


@pytest.mark.parametrize(
    ("aliases", "typed", "canonical"),
    [
        ({"CV": "Curriculum Writing"}, "Computer Vision", "Computer Vision"),
        ({"CV": "Curriculum Writing"}, "image recognition", "Computer Vision"),
        ({"TF": "Terraform"}, "TensorFlow", "TensorFlow"),
        ({"Brand strategy": "Marketing"}, "NLP", "Natural Language Processing"),
    ],
    ids=["override-keeps-canonical", "override-keeps-other-aliases", "override-tf-keeps-tf2",
         "unrelated-untouched"],
)
def test_with_aliases_keeps_the_rest(aliases, typed, canonical):
    assert shipped_vocabulary().with_aliases(aliases).canonical(typed) == canonical


def test_with_aliases_does_not_change_the_shipped_vocabulary():
    base = shipped_vocabulary()
    base.with_aliases({"CV": "Curriculum Writing", "Brand strategy": "Marketing"})
    assert base.canonical("CV") == "Computer Vision"
    assert base.canonical("Brand strategy") is None
    assert "Marketing" not in base.category
    assert shipped_vocabulary().canonical("CV") == "Computer Vision"


# --------------------------------------------------------------------------- suggestions


@pytest.mark.parametrize(
    ("typed", "suggestion"),
    [
        ("Kubernetess", "Kubernetes"),
        ("kubernets", "Kubernetes"),
        ("Pytorh", "PyTorch"),
        ("Tableu", "Tableau"),
        ("Reinforcment Learning", "Reinforcement Learning"),
        ("Computer Vison", "Computer Vision"),
        ("Graph Nueral Networks", "Graph Neural Networks"),
        ("Snowflak", "Snowflake"),
        ("Dockr", "Docker"),
    ],
    ids=["doubled-s", "dropped-e", "pytorch-typo", "tableau-typo", "rl-typo", "cv-typo",
         "gnn-typo", "snowflake-typo", "docker-typo"],
)
def test_suggest_nearest_canonical(typed, suggestion):
    vocabulary = shipped_vocabulary()
    assert vocabulary.canonical(typed) is None
    assert vocabulary.suggest(typed) == suggestion


@pytest.mark.parametrize(
    "typed",
    ["Leadership", "Salesforce", "Project management", "Communication", "xyz"],
    ids=["leadership", "salesforce", "project-management", "communication", "gibberish"],
)
def test_suggest_nothing_for_unrelated_words(typed):
    assert shipped_vocabulary().suggest(typed) is None


@pytest.mark.parametrize("typed", ["Strategy", "Writing", "<script>"],
                         ids=["strategy", "writing", "script-tag"])
def test_suggest_does_not_offer_one_letter_skill_for_unrelated_word(typed):
    assert shipped_vocabulary().suggest(typed) != "R"


# --------------------------------------------------------------------------- in read_rows


def test_unknown_skills_are_kept_as_typed_and_reported_once_with_rows():
    result = read_skills("Brand strategy, Python", "brand  STRATEGY", "Kubernetes ops team",
                         "NLP")
    expertise = [pairs(e) for e in result.frame["expertise"]]
    assert expertise[0] == (("Brand strategy", None), ("Python", None))
    assert expertise[1] == (("Brand strategy", None),)  # one spelling: the first typed
    assert expertise[2] == (("Kubernetes ops team", None),)
    assert result.unknown_skills == {"Brand strategy": [2, 3], "Kubernetes ops team": [4]}
    issues = {i.message.split("'")[1]: i for i in result.issues if i.code == "unknown-skill"}
    assert set(issues) == {"Brand strategy", "Kubernetes ops team"}
    assert (issues["Brand strategy"].row, issues["Brand strategy"].cell) == (2, "C2")
    assert "2 rows" in issues["Brand strategy"].message
    near = issues["Kubernetes ops team"]
    assert near.severity == Severity.WARNING
    assert "did you mean 'Kubernetes'" in near.message and "Aliases" in near.message


def test_a_clear_typo_is_read_as_its_skill_with_a_note_not_a_warning():
    result = read_skills("Kubernetess (4)", "pyhton, Pytorch", "Kubernetess")
    assert [pairs(e) for e in result.frame["expertise"]] == [
        (("Kubernetes", 4),), (("Python", None), ("PyTorch", None)), (("Kubernetes", None),)]
    assert result.unknown_skills == {}
    notes = {i.message.split("'")[1]: i for i in result.issues if i.code == "skill-spelling"}
    assert set(notes) == {"Kubernetess", "pyhton"}
    assert notes["Kubernetess"].severity == Severity.NOTE
    assert "2 rows" in notes["Kubernetess"].message and "Kubernetes" in notes["Kubernetess"].message
    assert (notes["pyhton"].row, notes["pyhton"].cell) == (3, "C3")


@pytest.mark.parametrize("spelling", ["R", "Go", "SQL", "Rust", "Java", "Keras"])
def test_short_known_skills_are_never_folded_into_others(spelling):
    result = read_skills(spelling)
    [(skill, _)] = pairs(result.frame["expertise"].iloc[0])
    assert skill == shipped_vocabulary().canonical(spelling)


@pytest.mark.parametrize(
    ("aliases", "cell", "expected"),
    [
        ({"Brand strategy": "Marketing"}, "brand strategy (3)", (("Marketing", 3),)),
        ({"CI/CD": "MLOps"}, "CI/CD (4), SQL", (("MLOps", 4), ("SQL", None))),
        ({"CV": "Curriculum Writing"}, "CV, Computer Vision",
         (("Curriculum Writing", None), ("Computer Vision", None))),
    ],
    ids=["new-skill", "alias-with-slash-kept-whole", "override"],
)
def test_read_rows_uses_user_aliases(aliases, cell, expected):
    result = read_skills(cell, vocabulary=shipped_vocabulary().with_aliases(aliases))
    assert pairs(result.frame["expertise"].iloc[0]) == expected
    assert result.unknown_skills == {}


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("A/B testing, SQL", (("A/B Testing", None), ("SQL", None))),
        ("PL/SQL / Python", (("SQL", None), ("Python", None))),
        ("NLP, Natural Language Processing, nlp", (("Natural Language Processing", None),)),
        ("NLP (2), nlp (4)", (("Natural Language Processing", 4),)),
    ],
    ids=["a-b-testing-not-split", "pl-sql-not-split", "same-skill-once", "highest-level-kept"],
)
def test_read_rows_skill_cells(cell, expected):
    result = read_skills(cell)
    assert pairs(result.frame["expertise"].iloc[0]) == expected
    assert result.unknown_skills == {}


@pytest.mark.parametrize(
    ("cell", "expected", "bad"),
    [
        ("NLP (5)", (("Natural Language Processing", 5),), []),
        ("NLP (1)", (("Natural Language Processing", 1),), []),
        ("NLP (6)", (("Natural Language Processing", None),), ["NLP"]),
        ("NLP (0)", (), []),  # 0 on a level scale: does not have it
        ("NLP (4.5)", (("Natural Language Processing", 5),), []),
        ("NLP (4), SQL (9)", (("Natural Language Processing", 4), ("SQL", None)), ["SQL"]),
    ],
    ids=["five", "one", "six", "zero", "half", "one-bad-of-two"],
)
def test_levels_off_the_scale_are_flagged_and_halves_round_up(cell, expected, bad):
    result = read_skills(cell)
    assert pairs(result.frame["expertise"].iloc[0]) == expected
    flagged = [i for i in result.issues if i.code == "bad-level"]
    assert [i.message.split("'")[1] for i in flagged] == bad
    assert all(i.severity == Severity.WARNING and i.cell == "C2" for i in flagged)


def test_want_to_learn_uses_the_vocabulary_without_levels():
    result = read_skills("LLMs (3), k8s; Brand strategy", header="Want to learn")
    assert result.frame["learn"].iloc[0] == (
        "Large Language Models", "Kubernetes", "Brand strategy")
    assert result.unknown_skills == {"Brand strategy": [2]}


def test_an_unknown_skill_column_of_a_matrix_is_one_warning_counting_its_holders():
    header = ["Name", "Email", "Python", "SQL", "Spark", "Quantum Basket Weaving"]
    levels = [3, "", 4, 2, "", 5]
    body = [[f"Person{i} Test", f"p{i}@x.com", 2, 3, 1, level] for i, level in enumerate(levels)]
    result = read_rows(Grid("Matrix", [header, *body]), None, shipped_vocabulary(), RULES)
    unknown = [i for i in result.issues if i.code == "unknown-skill"]
    assert len(unknown) == 1
    assert "'Quantum Basket Weaving' (4 rows)" in unknown[0].message and unknown[0].row == 2
