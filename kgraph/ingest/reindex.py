"""`kgraph reindex` in one pass: the facts graph rebuilt from the document graphs in bounded memory.

The old rebuild (kgraph.rdf.facts.rebuild) was one SPARQL update that grouped every relation of
the store at once: 553 s at 1.4M quads, in a transaction the size of the facts graph. Here:

1. Read: the document graphs one at a time, folded into one summary per fact key and per entity as
   they come (the sums, unions, minima and maxima of kgraph.rdf.facts_add, which the ingest adds
   with), so memory grows with the distinct facts and entities, not with the documents. On the
   embedded store a graph is read by its index as pyoxigraph terms (no rdflib term per quad).
2. Post-process: `postprocess(store, facts, entities)`, the one place to change the summaries
   before they are written: the user's corrections (kgraph.rdf.corrections; rejected facts).
3. Write: the facts graph as N-Triples lines (name keys by the same SPARQL expression as
   kgraph.rdf.facts), then made the store's facts graph without a reader ever seeing half of it:
   - a store that already holds a facts graph gets the difference (the lines to delete and to add)
     in ONE update, one transaction: usually a few lines, as ingest and remove keep it up to date;
   - the embedded store with a large difference, or no facts graph yet: the old graph is dropped
     and the new one bulk-loaded without a transaction. Readers of the embedded store (kgraph
     serve and its workers) read the snapshot a writer publishes when it closes
     (kgraph.store.snapshot), and none is published in between, so they see the old facts graph
     until the new one is whole. A reindex killed in this step leaves a partial facts graph in
     the store, which `kgraph reindex` rebuilds;
   - a SPARQL server: the new graph is written in batches into a staging graph (STAGING), which no
     question reads, and moved over the facts graph in one request (`MOVE`).
"""
from __future__ import annotations

import io
from collections.abc import Callable, Iterator

from rdflib import URIRef

from kgraph.rdf.facts import LAYOUT_LINE, NAME_KEY, PREFIXES, F, canonical
from kgraph.rdf.facts_add import (
    _DEGREE,
    _DISCOVERED,
    _DOCS,
    _LABEL,
    _T,
    _TRUE,
    ISO_DAY,
    EntityNews,
    FactSummary,
    _count_line,
    _fact_structure,
    _fact_summary_lines,
    statements,
)
from kgraph.rdf.namespaces import FACTS_GRAPH, KG, REFERENCE_GRAPH
from kgraph.rdf.ntriples import term as nt

Progress = Callable[[int, int, str], None]
STAGING = URIRef(str(FACTS_GRAPH) + "-reindex")
BATCH = 20_000              # N-Triples lines per INSERT DATA into a server's staging graph
DIFF_LIMIT = 100_000        # changed lines above which the embedded store reloads the graph instead
DOCUMENTS = PREFIXES + "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a kg:Document } }"
NAME_KEYS = PREFIXES + f"""SELECT DISTINCT ?e ?key WHERE {{
  GRAPH ?g {{ ?e rdfs:label|skos:prefLabel|skos:altLabel ?name }}
  FILTER(?g != {F} && ?g != <{STAGING}>)
  BIND({NAME_KEY} AS ?key) FILTER(?key != "") }}"""
REFERENCE_ENTITIES = PREFIXES + f"SELECT DISTINCT ?e WHERE {{ GRAPH <{REFERENCE_GRAPH}> {{ ?e a ?c }} }}"


def document_graphs(store) -> list[URIRef]:
    """The document graphs of the store, in a stable order."""
    return sorted(URIRef(str(r["g"])) for r in store.query(DOCUMENTS))


# --- 1. read --------------------------------------------------------------------------------------
def summaries(store, progress: Progress | None = None) -> tuple[dict, dict]:
    """One pass over the document graphs: per fact key a FactSummary, per mentioned entity its
    EntityNews, as kgraph.rdf.facts_add.statements makes them. `progress(done, total, document)`."""
    docs = document_graphs(store)
    raw = _embedded(store)
    if raw is not None:
        return _embedded_summaries(raw, docs, progress)

    def graphs() -> Iterator[tuple[URIRef, list]]:
        for n, doc in enumerate(docs, 1):
            rows = store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{doc}> {{ ?s ?p ?o }} }}")
            yield doc, [(r["s"], r["p"], r["o"]) for r in rows]
            if progress is not None:
                progress(n, len(docs), str(doc))
    return statements(graphs())


def _embedded(store):
    """The pyoxigraph store under an embedded OxigraphStore, else None."""
    from kgraph.store.oxigraph import OxigraphStore
    return store._store if isinstance(store, OxigraphStore) else None


_SUBJECT, _PREDICATE, _OBJECT = str(KG.subject), str(KG.predicate), str(KG.object)
_MODALITY, _ROLE, _CONFIDENCE = str(KG.modality), str(KG.role), str(KG.confidence)
_PUBLISHED, _MENTIONS, _DISC = str(KG.published), str(KG.mentions), str(KG.discovered)
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_RELATION = frozenset((_SUBJECT, _PREDICATE, _OBJECT, _MODALITY, _ROLE, _CONFIDENCE))
_ENTITY = frozenset((_TYPE, _RDFS_LABEL, _DISC))


def _embedded_summaries(raw, docs: list[URIRef], progress: Progress | None) -> tuple[dict, dict]:
    """statements() over pyoxigraph terms: the same summaries, with rdflib terms made only for the
    values a summary keeps (modalities, roles, confidences, types, labels)."""
    import pyoxigraph as ox

    from kgraph.rdf.facts_add import _max_confidence
    from kgraph.store.oxigraph import to_rdflib
    facts: dict[tuple, FactSummary] = {}
    entities: dict[str, EntityNews] = {}
    wanted = [(ox.NamedNode(p), p) for p in sorted(_RELATION | _ENTITY | {_MENTIONS, _PUBLISHED})]
    for n, doc in enumerate(docs, 1):
        date = None
        rels: dict = {}
        mentioned: set = set()
        by_subject: dict = {}
        doc_node = ox.NamedNode(str(doc))
        for pred, name in wanted:           # only the predicates a summary reads, each by its index
            for q in raw.quads_for_pattern(None, pred, None, doc_node):
                if name in _RELATION:
                    rels.setdefault(q.subject, {}).setdefault(name, []).append(q.object)
                elif name in _ENTITY:
                    by_subject.setdefault(q.subject, []).append((name, q.object))
                elif name == _MENTIONS:
                    mentioned.add(q.object)
                elif q.subject == doc_node:         # kg:published of the document
                    day = q.object.value[:10]
                    date = day if ISO_DAY.fullmatch(day) else None      # a date in other words: undated
        seen: set = set()
        for r in rels.values():
            if _SUBJECT not in r or _PREDICATE not in r or _OBJECT not in r:
                continue
            key = canonical(r[_SUBJECT][0].value, r[_PREDICATE][0].value, r[_OBJECT][0].value)
            f = facts.get(key)
            if f is None:
                f = facts[key] = FactSummary()
            f.relations += 1
            if key not in seen:
                f.docs += 1
                seen.add(key)
            f.modalities.update(to_rdflib(m) for m in r.get(_MODALITY, ()))
            f.roles.update(to_rdflib(x) for x in r.get(_ROLE, ()))
            for c in r.get(_CONFIDENCE, ()):
                f.confidence = _max_confidence(f.confidence, to_rdflib(c))
            if date:
                f.first = min(f.first, (date, str(doc))) if f.first else (date, str(doc))
                f.last = max(f.last, date) if f.last else date
        for e in mentioned:
            news = entities.get(e.value)
            if news is None:
                news = entities[e.value] = EntityNews()
            news.docs += 1
            for p, o in by_subject.get(e, ()):
                if p == _TYPE:
                    news.types.add(to_rdflib(o))
                elif p == _RDFS_LABEL:
                    news.labels.add(to_rdflib(o))
                elif isinstance(o, ox.Literal) and o.value == "true" and o.datatype.value.endswith("#boolean"):
                    news.discovered = True
        if progress is not None:
            progress(n, len(docs), str(doc))
    return facts, entities


# --- 2. post-process ------------------------------------------------------------------------------
def postprocess(store, facts: dict[tuple, FactSummary], entities: dict[str, EntityNews]) -> str:
    """Changes to the summaries before they are written: the corrections of kgraph.rdf.corrections
    (merges and aliases are already in the document graphs; rejected facts are left out here).
    The update to run after the write ('' if none): HIDE_REJECTED, which also takes a rejected
    fact's direct triples out of the document graphs, as every refresh does."""
    from kgraph.rdf.corrections import HIDE_REJECTED, load
    rejected = load(store).rejected
    for key in rejected:
        facts.pop(key, None)
    return PREFIXES + HIDE_REJECTED if rejected else ""


# --- 3. write -------------------------------------------------------------------------------------
def facts_lines(store, facts: dict[tuple, FactSummary], entities: dict[str, EntityNews]) -> Iterator[str]:
    """The facts graph as N-Triples lines: each fact node with its summary and direct triples;
    each mentioned entity's types, labels, document count and discovered flag; each entity's
    degree (the distinct entities it has facts with) and name keys (of every name any graph but
    the facts graph gives it), for the entities mentioned or in the reference list."""
    neighbours: dict[str, set[str]] = {}
    yield LAYOUT_LINE
    for key, f in facts.items():
        yield from _fact_structure(key)
        yield from sorted(_fact_summary_lines(key, f))
        s, _, o = key
        if s != o:
            neighbours.setdefault(s, set()).add(o)
            neighbours.setdefault(o, set()).add(s)
    for e, news in entities.items():
        node = f"<{e}>"
        yield _count_line(node, _DOCS, news.docs)
        yield from (f"{node} {_T} {nt(c)} ." for c in news.types)
        yield from (f"{node} {_LABEL} {nt(label)} ." for label in news.labels)
        if news.discovered:
            yield f"{node} {_DISCOVERED} {_TRUE} ."
    known = set(entities) | {str(r["e"]) for r in store.query(REFERENCE_ENTITIES)}
    for e, near in neighbours.items():
        if e in known:
            yield _count_line(f"<{e}>", _DEGREE, len(near))
    key_prop = f"<{KG.nameKey}>"
    for r in store.query(NAME_KEYS):
        e = str(r["e"])
        if e in known:
            yield f"{nt(r['e'])} {key_prop} {nt(r['key'])} ."


def rebuild(store, progress: Progress | None = None) -> int:
    """Rebuild the facts graph from the document graphs in one pass (see the module's note); the
    number of facts it then holds."""
    facts, entities = summaries(store, progress)
    after = postprocess(store, facts, entities)
    count = len(facts)
    lines = facts_lines(store, facts, entities)
    raw = _embedded(store)
    if raw is not None:
        _write_embedded(store, raw, lines)
    else:
        _write_staged(store, lines)
    if after:
        store.update(after, "the corrections of the facts graph")
    return count


def _write_embedded(store, raw, lines: Iterator[str]) -> None:
    """The new facts graph into the embedded store: its difference with the old one in one update,
    or a reload when the difference is large or there is no old one (see the module's note). Both
    graphs are compared as N-Triples that Oxigraph writes (one spelling per triple), as bytes."""
    import pyoxigraph as ox
    graph = ox.NamedNode(str(FACTS_GRAPH))
    scratch = ox.Store()                                  # in memory: the new graph, spelled by Oxigraph
    scratch.bulk_load(input=io.BytesIO("\n".join(lines).encode("utf-8")), format=ox.RdfFormat.N_TRIPLES)
    new = set(scratch.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()).splitlines())
    del scratch
    new.discard(b"")
    if raw.contains_named_graph(graph):
        old = set(raw.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph).splitlines())
        old.discard(b"")
        gone, added = old - new, new - old
        if len(gone) + len(added) <= DIFF_LIMIT:
            ops = []
            if gone:
                ops.append(f"DELETE DATA {{ GRAPH {F} {{\n" + b"\n".join(gone).decode("utf-8") + "\n} }")
            if added:
                ops.append(f"INSERT DATA {{ GRAPH {F} {{\n" + b"\n".join(added).decode("utf-8") + "\n} }")
            if ops:
                store.update(" ;\n".join(ops), "the facts graph")     # one transaction
            return
        del old, gone, added
        store.remove_graph(FACTS_GRAPH)
    if new:
        suffix = f" <{FACTS_GRAPH}> .".encode()
        store.load_stream(io.BytesIO(b"\n".join(t[:-2] + suffix for t in new)), "nquads")


def _write_staged(store, lines: Iterator[str]) -> None:
    store.update(f"DROP SILENT GRAPH <{STAGING}>", "the facts graph")
    chunk: list[str] = []
    wrote = False
    for line in lines:
        chunk.append(line)
        if len(chunk) >= BATCH:
            _insert(store, chunk)
            chunk, wrote = [], True
    if chunk:
        _insert(store, chunk)
        wrote = True
    if wrote:       # the swap: one request (a reader sees the old facts graph or the new one)
        store.update(f"MOVE <{STAGING}> TO {F}", "the facts graph")
    else:
        store.update(f"DROP SILENT GRAPH {F}", "the facts graph")


def _insert(store, lines: list[str]) -> None:
    store.update(f"INSERT DATA {{ GRAPH <{STAGING}> {{\n" + "\n".join(lines) + "\n} }", "the facts graph")


__all__ = ["rebuild", "summaries", "facts_lines", "postprocess", "document_graphs", "STAGING", "BATCH", "DIFF_LIMIT"]
