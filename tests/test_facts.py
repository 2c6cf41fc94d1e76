"""The derived facts graph: kept up to date by ingest and remove, equal to a rebuild from scratch."""
from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kgraph.ingest.writer import reindex, remove_documents, write_documents, write_reference
from kgraph.model import Document, EntityRef, Extraction, Mention, Relation
from kgraph.rdf.build import document_triples
from kgraph.rdf.facts import LAYOUT_ASK, LAYOUT_LINE
from kgraph.rdf.facts_add import FactsIndex
from kgraph.rdf.iri import document_iri
from kgraph.rdf.namespaces import FACTS_GRAPH
from kgraph.rdf.reference import reference_graph
from kgraph.store import open_store

ENTITIES = [EntityRef("OpenAI", "Company", "오픈AI"), EntityRef("Kakao", "Company", "카카오"),
            EntityRef("Samsung_Electronics", "Company", "삼성전자"), EntityRef("Sam_Altman", "Person", "샘 올트먼"),
            EntityRef("한빛전자", "Company", "한빛전자", discovered=True), EntityRef("ChatGPT", "Service", "챗GPT")]
PREDICATES = ["partnerOf", "supplies", "worksFor", "develops", "meets"]
MODALITIES = ["stated", "planned", "discussed", "speculated"]
NOW = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)

relation = st.tuples(st.sampled_from(ENTITIES), st.sampled_from(PREDICATES), st.sampled_from(ENTITIES),
                     st.sampled_from(MODALITIES), st.sampled_from([None, "CEO", "대표"]))
document = st.tuples(st.integers(0, 5),                                  # which document name
                     st.lists(relation, max_size=4),
                     st.lists(st.sampled_from(ENTITIES), max_size=3),   # mentioned without a relation
                     st.sampled_from([None, "2025-02-04", "2025-03-01", "2024-12-31T09:00:00", "spring 2025"]),
                     st.sampled_from(["v1", "v2"]))                     # content version
action = st.one_of(st.tuples(st.just("ingest"), document), st.tuples(st.just("remove"), st.integers(0, 5)),
                   st.tuples(st.just("batch"), st.lists(document, min_size=2, max_size=4)))


def make(name: int, rels, extra, date, version):
    text = f"문서 {name} {version}. " + " ".join(f"{s.label} {p} {o.label}." for s, p, o, _, _ in rels)
    doc = Document(key=f"d{name}.txt", file_name=f"d{name}.txt", text=text,
                   content_hash=f"{name:02d}{version}".ljust(64, "0"), published=date, language="ko")
    mentions = [Mention(e, e.label, 0, 1) for s, _, o, _, _ in rels for e in (s, o)]
    mentions += [Mention(e, e.label, 0, 1) for e in extra]
    relations = [Relation(s, p, o, text, 0, len(text), p, modality=m, role=r if p == "worksFor" else None, rule="t")
                 for s, p, o, m, r in rels if s != o]
    return document_triples(doc, Extraction(mentions, relations), NOW)


def facts_of(store) -> list[str]:
    return sorted(" ".join(t.n3() for t in triple) for triple in store.graph_triples(FACTS_GRAPH))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(action, min_size=1, max_size=8))
def test_incremental_facts_equal_a_rebuild(actions):
    store = open_store(":memory:")
    index = FactsIndex()        # what one ingest keeps of the summaries it read, across its writes
    try:
        write_reference(store, reference_graph())
        for kind, arg in actions:
            if kind == "ingest":
                iri, triples = make(*arg)
                write_documents(store, [(iri, list(triples))], [iri] if store.has_graph(iri) else [], index)
            elif kind == "batch":           # several new documents in one write (the summing path)
                graphs = {}
                for d in arg:
                    iri, triples = make(*d)
                    if not store.has_graph(iri):
                        graphs[iri] = list(triples)
                write_documents(store, list(graphs.items()), index=index)
            elif store.has_graph(document_iri(f"d{arg}.txt")):
                remove_documents(store, [document_iri(f"d{arg}.txt")], index)
        incremental = facts_of(store)
        if store.has_graph(FACTS_GRAPH):          # a facts graph states its layout from its first write
            assert store.query(LAYOUT_ASK)
        else:                                     # nothing written yet: a reindex makes one, with its layout
            incremental = sorted(incremental + [LAYOUT_LINE.removesuffix(" .")])
        reindex(store)
        assert incremental == facts_of(store)
    finally:
        store.close()


def test_a_fact_summarises_its_statements():
    store = open_store(":memory:")
    try:
        openai, kakao = ENTITIES[0], ENTITIES[1]
        for n, (date, modality, subject, obj) in enumerate([("2025-03-01", "planned", openai, kakao),
                                                           ("2025-02-04", "speculated", kakao, openai),
                                                           (None, "planned", openai, kakao)]):
            iri, triples = make(n, [(subject, "partnerOf", obj, modality, None)], [], date, "v1")
            write_documents(store, [(iri, list(triples))])
        rows = store.query("""PREFIX kg: <https://w3id.org/kgraph/ontology#>
            SELECT ?s ?o ?n ?strong ?first ?last ?fdoc (GROUP_CONCAT(?m; separator=",") AS ?mods) WHERE {
              GRAPH <https://w3id.org/kgraph/graph/facts> { ?f kg:factSubject ?s ; kg:factObject ?o ;
                kg:documentCount ?n ; kg:strongestModality ?strong ; kg:firstDate ?first ; kg:lastDate ?last ;
                kg:firstDocument ?fdoc ; kg:factModality ?m } } GROUP BY ?s ?o ?n ?strong ?first ?last ?fdoc""")
        assert len(rows) == 1                     # one symmetric fact, whichever way round it was stated
        r = rows[0]
        assert (str(r["s"]), str(r["o"])) == ("https://w3id.org/kgraph/entity/Kakao",
                                              "https://w3id.org/kgraph/entity/OpenAI")
        assert int(r["n"]) == 3 and str(r["strong"]) == "planned"
        assert (str(r["first"]), str(r["last"])) == ("2025-02-04", "2025-03-01")
        assert str(r["fdoc"]).endswith("/d1.txt") and sorted(str(r["mods"]).split(",")) == ["planned", "speculated"]
        remove_documents(store, [document_iri("d1.txt")])
        rows = store.query("""PREFIX kg: <https://w3id.org/kgraph/ontology#>
            SELECT ?n ?first WHERE { GRAPH <https://w3id.org/kgraph/graph/facts> {
              ?f kg:documentCount ?n ; kg:firstDate ?first } }""")
        assert [(int(r["n"]), str(r["first"])) for r in rows] == [(2, "2025-03-01")]
    finally:
        store.close()


def test_the_graph_from_facts_equals_the_graph_from_relation_nodes(real_store_dir):
    """An independent check of the facts graph: networkx's graph built in Python from every relation
    node equals the one read from the fact nodes, edge for edge and attribute for attribute."""
    from kgraph.query.graph import GraphFilter, build_graph
    store = open_store(real_store_dir, read_only=True)
    try:
        for filt in (GraphFilter(), GraphFilter(predicates=["partnerOf", "worksFor"], min_docs=2),
                     GraphFilter(types=["Organization"])):
            a = build_graph(store, filt, source="relations")
            b = build_graph(store, filt, source="facts")
            assert a.number_of_edges() > 0
            assert sorted(a.edges(keys=True, data=True)) == sorted(b.edges(keys=True, data=True))
            assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    finally:
        store.close()
