"""Success rates summarised per skill and per team: how many people report one, and the
median, shown only where enough of a group report (so no one's rate can be read off)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from skillsync.core.heldcodes import HeldCodes


@dataclass(frozen=True)
class Rates:
    """Success rates summarised per group: how many report one, and their median."""

    reporting: Mapping[str, int]
    median: Mapping[str, float]

    def shown(self, group: str, min_group: int) -> float | None:
        """The median when at least `min_group` people of the group report a rate."""
        if self.reporting.get(group, 0) < max(min_group, 1):
            return None
        return self.median.get(group)


def rates_by_skill(held: pd.DataFrame, people: pd.DataFrame,
                   codes: HeldCodes | None = None) -> Rates:
    """Per skill, over the people holding it who report a success rate (`codes`: the
    held table's skills as codes, when the caller has them)."""
    if (codes is not None and people.index.is_unique and people["success_rate"].dtype == float
            and _texts(codes.skills)):
        at = people.index.get_indexer(held["person"])  # -1, past the end: nobody, no rate
        rate = np.append(people["success_rate"].to_numpy(), np.nan)[at]
        return _by_code(codes.code, codes.skills, rate)
    rates = held["person"].map(people["success_rate"])
    return _summarise(held.assign(rate=rates.to_numpy()), "skill")


def rates_by_team(people: pd.DataFrame) -> Rates:
    """Per team, over its members who report a success rate (people without a team left out)."""
    team = people["team"].to_numpy()
    rate = people["success_rate"].astype(float).to_numpy()
    named = (pd.Series(team) != "").to_numpy()  # as the plain way compares a blank team
    code, teams = pd.factorize(team)
    if _texts(teams := list(teams)):
        return _by_code(np.where(named, code, -1), teams, rate)
    return _summarise(pd.DataFrame({"team": team, "rate": rate})[named], "team")


def _texts(names: list) -> bool:
    """Whether every group name is a text: then Python sorts them as pandas' grouping does."""
    return all(type(name) is str for name in names)


def _by_code(code: np.ndarray, names: list[str], rate: np.ndarray) -> Rates:
    """`_summarise` grouping the rows by their group's code (-1: none), not its name:
    the same groups, and the same medians of the same rates; groups in the order of
    their names, as grouping by the name orders them."""
    kept = np.flatnonzero(~np.isnan(rate) & (code >= 0))
    groups = pd.Series(rate[kept]).groupby(code[kept])
    sizes, medians = groups.size(), groups.median()
    found = [names[c] for c in sizes.index.tolist()]
    by_name = sorted(range(len(found)), key=found.__getitem__)
    counts, middles = sizes.tolist(), medians.tolist()
    return Rates({found[g]: int(counts[g]) for g in by_name},
                 {found[g]: float(middles[g]) for g in by_name})


def _summarise(frame: pd.DataFrame, by: str) -> Rates:
    reported = frame[frame["rate"].notna()]
    if not len(reported):
        return Rates({}, {})
    groups = reported.groupby(by)["rate"]
    return Rates({k: int(v) for k, v in groups.size().items()},
                 {k: float(v) for k, v in groups.median().items()})
