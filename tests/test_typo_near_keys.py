"""Typos looked up among the keys near in length only (Vocabulary._keys_near) against the
search over every key: the same known skill or None for any spelling, near misses of
known skills included (swaps, drops, additions, case, unicode, lengths at the limits
between one and two edits allowed)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from skillsync.core import vocab as vocab_module
from skillsync.core.vocab import skill_key
from skillsync.reading import base_vocabulary

VOCABULARY = base_vocabulary().with_aliases({"Kubernetes operators": "Kubernetes",
                                             "Pythonista": "Python"})
SPELLINGS = [s for s, _ in VOCABULARY.spellings]


def _everywhere(text: str) -> str | None:
    return vocab_module._typo(VOCABULARY._keys, VOCABULARY.by_key, skill_key(text))


@st.composite
def near_misses(draw) -> str:
    text = draw(st.sampled_from(SPELLINGS))
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        edit = draw(st.sampled_from(["drop", "add", "swap", "change"]))
        letter = draw(st.sampled_from(list("aeiosxyzé ")))
        if edit == "drop":
            text = text[:at] + text[at + 1:]
        elif edit == "add":
            text = text[:at] + letter + text[at:]
        elif edit == "swap" and at + 1 < len(text):
            text = text[:at] + text[at + 1] + text[at] + text[at + 2:]
        else:
            text = text[:at] + letter + text[at + 1:]
    return text


@settings(max_examples=600, deadline=None)
@given(st.one_of(near_misses(), st.text(max_size=70), st.sampled_from(SPELLINGS)))
def test_a_typo_is_found_among_near_keys_as_among_all(text):
    assert VOCABULARY.typo_of(text) == _everywhere(text)


def test_every_known_spelling_one_edit_off_reads_as_among_all_keys():
    for text in SPELLINGS:
        for wrong in (text[1:], text[:-1], text + "s", text[::-1][:3] + text[3:]):
            assert VOCABULARY.typo_of(wrong) == _everywhere(wrong), wrong
