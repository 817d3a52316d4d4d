"""What the atlas is built from besides the analysis: privacy rules and optional extras.

Other features plug in here without touching the builder: the bus-factor analysis gives
`risks`, the history gives `trends`, the staffing ranking gives `evidence` and
`available`. Each is optional; without it the atlas uses its own simple rule, stated
where that rule lives.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from skillsync.config import Config
from skillsync.core.schema import FIELDS
from skillsync.errors import ConfigError

# Without these there is nothing to show: who holds which skill.
ESSENTIAL = ("name", "expertise")


@dataclass(frozen=True)
class Extras:
    """Optional inputs from other features, keyed the way the analysis keys things.

    risks: skill -> a sentence saying why the skill is at risk (bus factor); without it a
        skill held by one person is flagged.
    trends: skill -> people holding it at each past sync, oldest first; `trend_labels`
        names those syncs (dates), same length.
    mentors: skill -> names of possible mentors, best first; default Analysis.mentors.
    evidence: person key -> skill -> how much the record backs the claim (higher first);
        default: the number of past projects the person lists.
    available: person key -> whether the person can take on work; default: the rule in
        roster.available_from.
    """

    risks: Mapping[str, str] = field(default_factory=dict)
    trends: Mapping[str, Sequence[int]] = field(default_factory=dict)
    trend_labels: Sequence[str] = ()
    mentors: Mapping[str, Sequence[str]] | None = None
    evidence: Mapping[str, Mapping[str, float]] | None = None
    available: Mapping[str, bool] | None = None


def restricted_set(fields: Collection[str] | None) -> frozenset[str]:
    """The restricted field names, checked: known fields, and none the atlas needs."""
    found = frozenset(fields or ())
    unknown = sorted(found - set(FIELDS))
    if unknown:
        raise ConfigError(f"[privacy] restricted names {', '.join(unknown)}, which "
                          f"{'is not a field' if len(unknown) == 1 else 'are not fields'}; "
                          f"fields are {', '.join(FIELDS)}")
    needed = [f for f in ESSENTIAL if f in found]
    if needed:
        raise ConfigError(f"[privacy] restricts {' and '.join(needed)}; the skills atlas "
                          "shows who holds which skill and cannot be built without it — "
                          "leave out [site] or remove it from restricted")
    return found


def restricted_of(config: Config) -> frozenset[str]:
    """The fields `[privacy] restricted` keeps out of org-wide outputs, as the atlas names
    them (`score`, a staffing figure, is never in the atlas)."""
    return restricted_set(frozenset(config.org.restricted) & frozenset(FIELDS))
