"""Who wishes to learn each skill, worked out for every wished skill at once: the learners
table's skills coded once, its (skill, person) pairs sorted once, and whether a teacher
wants the skill they hold found in one lookup, not once per skill."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from skillsync.core import intkeys


@dataclass(frozen=True)
class Wishing:
    code: np.ndarray  # each learners row's skill, an index into `skills`; -1 for none
    person: np.ndarray  # each learners row's person (index label)
    skills: list[str]  # the wished skills, in the order first met

    @classmethod
    def of(cls, learners: pd.DataFrame) -> Wishing:
        code, skills = pd.factorize(learners["skill"].to_numpy(dtype=object))
        return cls(code, learners["person"].to_numpy(), list(skills))

    def learners_by_skill(self) -> dict[str, np.ndarray]:
        """Skill -> its learners, each once, ascending (`np.unique` of each skill's)."""
        wished = np.flatnonzero(self.code >= 0)
        person, code = self.person[wished], self.code[wished]
        if person.dtype.kind == "i" and len(person):
            low = int(person.min())
            width = int(person.max()) - low + 1
            if width * max(len(self.skills), 1) < (1 << 62):  # (skill, person) in an int64
                pairs = intkeys.distinct(code.astype(np.int64) * width + (person - low),
                                         nearly_sorted=False)
                found = (pairs % width + low).astype(person.dtype)
                bounds = np.searchsorted(pairs // width, np.arange(len(self.skills) + 1))
                return {skill: found[bounds[at]:bounds[at + 1]]
                        for at, skill in enumerate(self.skills)}
        order, bounds = intkeys.group_bounds(code, len(self.skills))
        return {skill: np.unique(person[order[bounds[at]:bounds[at + 1]]])
                for at, skill in enumerate(self.skills)}

    def wanted(self, person: np.ndarray, skill: np.ndarray) -> np.ndarray:
        """Whether each `person` wishes to learn the `skill` beside it (an index into
        `skills`; -1, a skill nobody wishes, is never looked at by the caller)."""
        return intkeys.pairs_in(person, skill, self.person, self.code)
