"""Per-value memos are emptied once the sheet is read, and still answer afterwards."""

from __future__ import annotations

import gc
import weakref

from skillsync.core import cells, memos
from skillsync.core.evidence import key_of


def test_forget_empties_per_value_memos_and_they_answer_again():
    key_of.cache_clear()
    assert key_of("  Semantic  Search ") == key_of("semantic search")
    assert key_of.cache_info().currsize == 2
    memos.forget()
    assert key_of.cache_info().currsize == 0
    assert key_of("Semantic Search") == key_of("semantic  search")


def test_forget_empties_the_shared_splitters_of_project_cells():
    """The Splitter behind split_items (project lists) is no vocabulary's: it registers
    itself, so its cells are let go too."""
    assert cells.split_items("Churn model; Search revamp") == ("Churn model", "Search revamp")
    shared = cells.splitter(())
    assert shared._cache
    memos.forget()
    assert not shared._cache
    assert cells.split_items("Churn model; Search revamp") == ("Churn model", "Search revamp")


def test_a_splitter_no_longer_used_is_not_kept_alive_by_its_registration():
    splitter = cells.Splitter(("A/B testing",))
    assert splitter in memos._HOLDERS
    gone = weakref.ref(splitter)
    del splitter
    gc.collect()  # other tests' garbage may go too: count this one, not the set's size
    assert gone() is None


def test_forget_given_a_vocabulary_empties_its_lookups_and_they_answer_again():
    """Finding the table asks `known` of the same cells for every header row it tries: the
    answers are remembered, and let go with the vocabulary's other memos."""
    from skillsync.core.vocab import Vocabulary

    vocabulary = Vocabulary.build({"languages": {"Python": ["py"]}})
    assert vocabulary.known("Pyhton") and vocabulary.known("py") and not vocabulary.known("Kite")
    assert len(vocabulary._known_cache) == 3 and vocabulary._typo_cache
    memos.forget(vocabulary)
    assert not vocabulary._known_cache and not vocabulary._typo_cache
    assert vocabulary.known("Pyhton") and not vocabulary.known("Kite")
