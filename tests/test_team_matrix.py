"""The Team Skills matrix, counted with one bincount, is pd.crosstab's: teams differing only
in case, blank teams, unicode names, skills held twice, teams holding nothing, no rows."""

from __future__ import annotations

import random

import pandas as pd
import pytest
from staffingbook import people_table, person

from skillsync.core import summary

TEAMS = ("NLP", "nlp", "", "Straße", "STRASSE", "Ærø", "(no team)", "Zed")
SKILLS = ("SQL", "sql", "Go", "Ünï", "Rust", "A", "a")


def plain_matrix(people: pd.DataFrame, held: pd.DataFrame, limit: int) -> pd.DataFrame:
    top = list(summary.skill_counts(held))[:limit]
    teams = people["team"].where(people["team"] != "", "(no team)")
    sized = teams.value_counts()
    held = held.assign(team=held["team"].where(held["team"] != "", "(no team)"))
    matrix = pd.crosstab(held["team"], held["skill"]).reindex(
        index=sorted(sized.index, key=str.casefold), columns=top, fill_value=0).fillna(0)
    frame = pd.DataFrame({"Team": matrix.index, "People": sized.reindex(matrix.index).to_numpy()})
    for skill in top:
        frame[skill] = matrix[skill].astype(int).to_numpy()
    return frame


@pytest.mark.parametrize("seed", range(20))
def test_the_matrix_is_the_crosstab_of_teams_and_skills(seed):
    rng = random.Random(seed)
    rows = [person(f"P{at}", rng.choice(TEAMS), skills=tuple(
        (rng.choice(SKILLS), rng.choice((None, 2, 5))) for _ in range(rng.randint(0, 4))))
        for at in range(rng.choice((1, 3, 40)))]
    people, held, _ = people_table(*rows)
    for limit in (0, 1, 3, 40):
        tab = summary.team_skills_tab(people, held, "Team Skills", limit)
        pd.testing.assert_frame_equal(tab.frame, plain_matrix(people, held, limit))
