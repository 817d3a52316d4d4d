"""The shared-strings table's scans that look at a rare byte's places instead of searching
for a whole token must find exactly what the plain search finds."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillsync.backends.xlsx import tableindex

QUICK = settings(max_examples=300, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow])
PIECES = [b"<", b"?", b"!", b"<?", b"<!", b"?<", b"a", b"\xff", b"<si>", b"??" * 200,
          b"?" * (tableindex._PLACES_LOOKED_AT + 1)]


@QUICK
@given(pieces=st.lists(st.sampled_from(PIECES), max_size=12), start=st.integers(0, 12),
       token=st.sampled_from([b"<?", b"<!"]))
def test_a_rare_token_is_found_as_a_plain_search_finds_it(pieces, start, token):
    data = b"".join(pieces)
    assert tableindex._holds_rare(data, token, start) == (data.find(token, start) >= 0)


@pytest.mark.parametrize("places", [0, 1, 255, 256, 257, 5000])
def test_a_token_past_many_places_of_its_last_byte_is_still_found(places):
    for token, rare in ((b"<?", b"?"), (b"<!", b"!")):
        for data in (rare * places + token, b"x" + rare * places + b"<" + b"x" + token,
                     b"<" * places + rare * places):
            for start in (0, 1, len(data) - 2, len(data) - 1, len(data)):
                assert tableindex._holds_rare(data, token, start) == (
                    data.find(token, start) >= 0)
