"""The held table's skills as codes, worked out once for every staffing answer.

Each answer groups a million people's three million listings by skill; hashing the skill
texts costs a fifth of a second at that size, once per answer that did it itself. A code
per listing, into the skills in the order first met (`pd.factorize`), serves them all."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from skillsync.core import intkeys


@dataclass(frozen=True)
class HeldCodes:
    code: np.ndarray  # each listing's index into `skills`; -1 for a missing skill
    skills: list[str]  # in the order first met

    @classmethod
    def of(cls, held: pd.DataFrame) -> HeldCodes:
        # Of the plain objects: pandas' string array costs a third more to code itself.
        code, skills = pd.factorize(held["skill"].to_numpy(dtype=object))
        return cls(code, list(skills))

    def rows_by_skill(self, rows: np.ndarray) -> dict[str, np.ndarray]:
        """Skill -> the places in `rows` (listings) holding it, in order; skills in the
        order first met among `rows`, a missing one left out: `_rows_by_value` of the
        listings' skills (coverage.py) without hashing a text."""
        code = self.code[rows]
        order, bounds = intkeys.group_bounds(code, len(self.skills))
        bounds = bounds.tolist()
        met = code[np.flatnonzero(~pd.Series(code).duplicated().to_numpy())]
        return {self.skills[c]: order[bounds[c]:bounds[c + 1]] for c in met[met >= 0].tolist()}
