"""Property-based tests: arbitrary Unicode never breaks loading or extraction; IRIs are valid;
literals round-trip through N-Quads; evidence offsets slice back to their sentences."""
from __future__ import annotations

import datetime as dt
import io

import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kgraph.sources.clean import clean_text
from kgraph.model import Document, EntityRef, Extraction, Mention, Relation
from kgraph.rdf.build import document_graph
from kgraph.rdf.iri import document_iri, entity_iri, relation_iri
from kgraph.store import open_store

# every code point but lone surrogates, which no UTF-8 file can hold
ANY = st.characters(blacklist_categories=("Cs",))
FRAGMENTS = ["오픈AI는 카카오와 전략적 제휴를 맺었다.", "삼성전자는 SK하이닉스와 협력을 논의했다.",
             "샘 올트먼 오픈AI CEO는 손정의 소프트뱅크 회장과 만났다.", "Kakao will partner with OpenAI.",
             "모아랩(MoaLab)은 'AI 비서'를 출시했다.", "\n", " ", "·", "“", "”", "(", ")", "\u200b", "\u0301",
             "ﾃｽﾄ", "𝔘𝔫𝔦", "A" * 300, "가" * 300, "\x00", "\x1b[31m", "\ufeff", "\r\n", "<script>", "'", '"']
MIXED = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(ANY, max_size=40)), max_size=25).map("".join)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                          HealthCheck.function_scoped_fixture])


def doc_of(text: str, key: str = "prop.txt") -> Document:
    return Document(key=key, file_name=key, text=text, content_hash="0" * 64, language="ko")


@SETTINGS
@given(MIXED)
def test_cleaning_and_extraction_never_raise_and_offsets_slice_back(extractor, text):
    cleaned = clean_text(text).text
    if not cleaned.strip():
        return
    extraction = extractor.extract([doc_of(cleaned)])[0]
    for r in extraction.relations:
        assert cleaned[r.start:r.end] == r.sentence
    for m in extraction.mentions:
        assert 0 <= m.start < m.end <= len(cleaned)


@SETTINGS
@given(st.text(ANY, min_size=1, max_size=200), st.sampled_from(["Company", "Person", "AIModel", "Event"]))
def test_every_minted_iri_is_valid(name, type_):
    for iri in (entity_iri(name), entity_iri(name, type_), document_iri(name),
                relation_iri(name, name, "partnerOf", name, 3)):
        ox.NamedNode(str(iri))            # raises on an invalid IRI
        assert not any(ch in str(iri) for ch in ' <>"{}|^`\\\n\t')


@SETTINGS
@given(st.text(ANY, min_size=1, max_size=300), st.text(ANY, max_size=80), st.text(ANY, max_size=40),
       st.floats(0, 1), st.datetimes(timezones=st.sampled_from([dt.timezone.utc, dt.timezone(dt.timedelta(hours=9))])))
def test_literals_round_trip_through_nquads(text, title, name, confidence, when):
    if not text.strip():
        return
    ref = EntityRef(name or "x", "Company", name or "x", discovered=True)
    other = EntityRef("Kakao", "Company", "카카오")
    rel = Relation(ref, "partnerOf", other, text, 0, len(text), "제휴", "stated", confidence, role=title or None)
    doc = Document(key="p.txt", file_name="p.txt", text=text, content_hash="1" * 64, title=title or None,
                   publisher=name or None, language="ko", published=when.isoformat())
    iri, graph = document_graph(doc, Extraction([Mention(ref, name or "x", 0, 1)], [rel]), when)
    store = open_store(":memory:")
    try:
        store.replace_graph(iri, graph)
        buf = io.BytesIO()
        store.dump(buf, "nquads")
    finally:
        store.close()
    back = ox.Store()
    back.load(buf.getvalue(), ox.RdfFormat.N_QUADS)
    expected = {ox.Quad(ox.NamedNode(str(s)), ox.NamedNode(str(p)), _ox(o), ox.NamedNode(str(iri)))
                for s, p, o in graph}
    assert set(back) == expected


def _ox(term):
    from kgraph.store.oxigraph import to_ox
    return to_ox(term)
