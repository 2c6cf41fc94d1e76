"""resolve_overlaps (kgraph/nlp/entities.py) sweeps sorted spans instead of comparing each with every kept
one: the output must be exactly the old algorithm's, on any spans."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kgraph.nlp.chunks import Span
from kgraph.nlp.entities import _RANK, resolve_overlaps

SOURCES = ["reference", "argument", "list-member", "en-org-list", "cue", "title", "code"]


def old_resolve_overlaps(spans: list[Span]) -> list[Span]:
    """The algorithm before issue 25: each span compared with every kept one (quadratic)."""
    ordered = sorted(spans, key=lambda s: (-s.length, _RANK.get(s.source, 1), s.start))
    taken: list[tuple[int, int]] = []
    out = []
    for s in ordered:
        if any(s.start < e and b < s.end for b, e in taken):
            continue
        taken.append((s.start, s.end))
        out.append(s)
    return sorted(out, key=lambda s: s.start)


@st.composite
def spans(draw, max_pos: int = 60):
    out = []
    for i in range(draw(st.integers(0, 40))):
        start = draw(st.integers(0, max_pos))
        end = start + draw(st.integers(0, 12))          # empty spans too
        out.append(Span(start, end, f"n{i}", "Company", None, draw(st.sampled_from(SOURCES))))
    return out


@settings(max_examples=400, deadline=None)
@given(spans())
def test_same_output_as_the_quadratic_algorithm(given_spans):
    new = resolve_overlaps(list(given_spans))
    old = old_resolve_overlaps(list(given_spans))
    assert [id(s) for s in new] == [id(s) for s in old]


def test_kept_spans_never_overlap_and_longest_wins():
    a = Span(0, 10, "a" * 10, "Company", None, "cue")
    b = Span(5, 8, "b", "Company", None, "reference")
    c = Span(10, 12, "c", "Company", None, "cue")       # touches a, does not overlap it
    d = Span(9, 13, "d", "Company", None, "reference")  # overlaps a (longer, kept first): dropped, so c stays
    assert resolve_overlaps([b, c, d, a]) == [a, c]
    e = Span(10, 13, "e", "Company", None, "argument")
    f = Span(10, 13, "f", "Company", None, "reference")  # equal length: the reference name wins
    assert resolve_overlaps([e, f]) == [f]
