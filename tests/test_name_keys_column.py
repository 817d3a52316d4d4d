"""A column of names keyed at once, against name_key name by name: a column of plain
ASCII names is folded as one text, any other column name by name where needed."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from skillsync.core.namekeys import name_keys
from skillsync.core.names import name_key

ascii_names = st.one_of(
    st.lists(st.sampled_from(["Ana", "ANA", "ana", "Dr.", "Mr", "J.", "O'Neil", "o`neil",
                              "Mary-Jane", "Bob", "Robert", "Muller", "Mueller", "x", "",
                              "  ", "\t", "\r", "3rd", "Jr.", "de", "la"]),
             max_size=5).map(" ".join),
    st.text(alphabet=st.characters(max_codepoint=127, exclude_characters="\n"), max_size=20),
)
odd_names = st.sampled_from(["José Núñez", "Ana\nBee", "\n", "Zoë Ünal", "ﬁona Lee", None,
                             "名 字"])


@settings(max_examples=300, deadline=None)
@given(st.lists(ascii_names, max_size=30),
       st.lists(st.tuples(st.integers(0, 30), odd_names), max_size=3))
def test_a_column_of_names_keys_as_name_key_one_by_one(names, odd):
    for at, name in odd:
        names.insert(min(at, len(names)), name)
    assert name_keys(names) == [name_key(n) if n else "" for n in names]
