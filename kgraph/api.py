"""KGraph: the library opened on one store. The command line, the notebook and scripts call its
methods, so that they cannot drift apart (as sqlite-utils' Database is for its CLI).

    >>> with KGraph("kgraph-store") as kg:                       # doctest: +SKIP
    ...     kg.ingest(["seeds"])
    ...     rows = kg.canned_query("partners", entity="오픈AI")

Each method does one thing and raises a KgraphError that says what to do; what a command prints
is kgraph.query.output's.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from kgraph.errors import KgraphError
from kgraph.query.run import MAX_MEMORY, TIMEOUT
from kgraph.store import RemoteOptions, Store, open_store

if TYPE_CHECKING:
    from kgraph.query.graph import GraphFilter

RDF_FORMATS = ("nquads", "trig", "turtle", "ntriples", "jsonld")
GRAPH_FORMATS = ("graphml", "gexf")
TABLE_FORMATS = ("csv", "parquet")          # kgraph.query.tables: three tables into a directory
ANALYSES = {"centrality": 0, "communities": 0, "path": 2, "ego": 1}      # what -> how many entities it takes


@dataclass
class Analysis:
    """The answer of KGraph.analyze: `rows` with their `columns` (for path, one dict per hop with its
    facts: from, to, from_label, to_label, facts)."""
    what: str
    rows: list[dict]
    columns: list[str] = field(default_factory=list)


@dataclass
class Picture:
    """What KGraph.viz wrote: the file, and how many entities and facts it shows."""
    path: str
    entities: int
    facts: int


def check_analysis(what: str, entities: list[str]) -> None:
    """That `what` is an analysis and gets as many entities as it takes."""
    if what not in ANALYSES:
        raise KgraphError(f"no analysis named {what!r}; use one of {', '.join(ANALYSES)}")
    need = ANALYSES[what]
    if len(entities) != need:
        raise KgraphError(f"analyze {what} takes {need or 'no'} entit{'y' if need == 1 else 'ies'}"
                          f"{' (X Y)' if need == 2 else ' (X)' if need == 1 else ''}, got {len(entities)}")


class KGraph:
    """The knowledge graph in one store, and everything kgraph does with it.

    `store`: a Store already open (it stays the caller's to close), or where to open one: a
    directory, ":memory:", or a SPARQL server's URL (None: $KGRAPH_STORE, else ./kgraph-store);
    `read_only`, `create` and `remote` are open_store's. `reference`: a user's reference list (a TSV
    like kgraph/data/entities.tsv) that ingest uses beside the packaged one; without it, the store
    directory's reference.tsv if there is one. Use it as a context manager, or close().
    """

    def __init__(self, store: Store | str | None = None, *, read_only: bool = False, create: bool = True,
                 remote: RemoteOptions | None = None, reference: str | None = None):
        self.reference = reference
        if store is None or isinstance(store, str):
            self.store = open_store(store, read_only=read_only, remote=remote, create=create)
            self._owned = True
        else:
            self.store = store
            self._owned = False

    @property
    def location(self) -> str:
        return self.store.location

    def close(self) -> None:
        """Close the store if this object opened it."""
        if self._owned:
            self.store.close()

    def __enter__(self) -> KGraph:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"KGraph({self.location!r})"

    # --- filling the store ----------------------------------------------------------------------
    def ingest(self, paths: Iterable[str], *, feeds: Iterable[str] = (), sitemaps: Iterable[str] = (),
               urls_files: Iterable[str] = (), fetch=None, save_html=None, max_pages: int | None = None,
               **options):
        # From the web (kgraph.sources.web): http(s) addresses among `paths` or one a line in `urls_files`,
        # the articles of RSS/Atom `feeds` and of `sitemaps`; `fetch` a kgraph.sources.fetch.FetchOptions
        # (delay, timeout, max_bytes, retries, ...), `save_html` a directory keeping each fetched page for
        # an offline replay, `max_pages` the most pages read from the feeds and sitemaps (default 1000).
        """Load files and directories (one named graph per document); an IngestReport. Options:
        force, jobs, progress, max_chars, dask, doc_timeout, reference (kgraph.ingest.runner.ingest;
        reference defaults to this object's), copy_threshold (syndicated copies: the similarity from which
        a document joins a stored one as its copy, default 0.5; None stores every document on its own)."""
        from kgraph.ingest.runner import ingest
        from kgraph.sources.web import with_web
        options.setdefault("reference", self.reference)
        paths = with_web(paths, feeds=feeds, sitemaps=sitemaps, urls_files=urls_files, options=fetch,
                         save_html=save_html, max_pages=max_pages, max_chars=options.get("max_chars"))
        return ingest(self.store, list(paths), **options)

    def import_files(self, paths: Iterable[str], progress=None):
        """Load N-Quads or TriG files (`kgraph export`'s, or shards), checked against the graph
        contract; an ImportReport."""
        from kgraph.ingest.restore import import_files
        return import_files(self.store, list(paths), progress=progress)

    def remove(self, doc: str) -> list:
        """Remove a document (its name, `file.jsonl#id`, or IRI; a JSONL file's name: all its
        documents) and what was extracted from it, with the records of its syndicated copies; or the
        record of a copy (by its name) from the document it joined. The IRIs removed."""
        from kgraph.ingest.dedupe import remove_copies
        from kgraph.ingest.writer import remove_documents
        from kgraph.store.info import find_documents
        copies = remove_copies(self.store, doc)
        try:
            iris = find_documents(self.store, doc)
        except KgraphError:
            if copies:
                return copies
            raise
        remove_documents(self.store, iris)
        iris = iris + copies
        return iris

    def reindex(self, progress=None) -> int:
        """Rebuild the derived facts graph from the document graphs in one pass (bounded memory; the
        new graph replaces the old whole); the number of facts. `progress(done, total, document)`."""
        from kgraph.ingest.writer import reindex
        return reindex(self.store, progress)

    # --- correcting it: corrections are data in the store (kgraph.ingest.corrections) -------------
    def merge(self, survivor: str, merged: str, *, by: str | None = None, reason: str | None = None) -> str:
        """Make two entities one (names, aliases or IRIs): `merged`'s mentions and facts become
        `survivor`'s, its names aliases of it, now and in every later ingest; the survivor's IRI."""
        from kgraph.ingest import corrections
        return corrections.merge(self.store, self.resolve(survivor), self.resolve(merged), by=by, reason=reason)

    def alias(self, entity: str, name: str, *, by: str | None = None, reason: str | None = None) -> str:
        """Give an entity another name, which lookup resolves and ingest links to it; the entity's IRI."""
        from kgraph.ingest import corrections
        from kgraph.query.resolve import lookup
        return corrections.alias(self.store, self.resolve(entity), name, by=by, reason=reason,
                                 owner=lookup(self.store, name))

    def unalias(self, entity: str, name: str) -> str:
        """Withdraw an alias given with alias(): the name is no longer the entity's; the entity's IRI."""
        from kgraph.ingest import corrections
        return corrections.unalias(self.store, self.resolve(entity), name)

    def split(self, survivor: str, merged: str) -> str:
        """Undo a merge: `merged` (a name it had, or its IRI) is an entity of its own again; its IRI."""
        from kgraph.ingest import corrections
        return corrections.split(self.store, self.resolve(survivor), merged)

    def reject(self, fact: str, *, by: str | None = None, reason: str | None = None) -> str:
        """Reject a fact ("Kakao partnerOf OpenAI", or its IRI): it leaves the questions, the page and
        the exports, and `corrections()` shows it with who (`by`, default $KGRAPH_USER or the login),
        when and why. The fact's IRI."""
        from kgraph.ingest import corrections
        return corrections.reject(self.store, corrections.parse_fact(self.store, fact, self.resolve),
                                  by=by, reason=reason)

    def unreject(self, fact: str) -> str:
        """Withdraw the rejection of a fact; the fact's IRI."""
        from kgraph.ingest import corrections
        return corrections.unreject(self.store, corrections.parse_fact(self.store, fact, self.resolve))

    def corrections(self, kind: str | None = None) -> list:
        """The merges, aliases and rejections in the store, oldest first (kgraph.ingest.corrections_list.Correction;
        `kind`: "merge", "alias" or "reject")."""
        from kgraph.ingest.corrections_list import listing
        return listing(self.store, kind)

    # --- reading it -----------------------------------------------------------------------------
    def docs(self) -> list[dict]:
        """The documents with title, date, language, publisher and source URL, and `copies`: the
        syndicated copies merged into each (name, url, publisher, title, published, similarity)."""
        from kgraph.store.info import list_documents
        return list_documents(self.store)

    def stats(self) -> dict:
        """Counts, each named for what it counts (README "Counts"): documents, quads (and by graph),
        entities (distinct; and by type), mentions ((document, entity) pairs), relations (statements;
        and by predicate), facts (distinct subject, predicate, object)."""
        from kgraph.store import info
        return info.statistics(self.store)

    def query(self, sparql: str, bindings: dict | None = None, *, timeout: float | None = TIMEOUT,
              max_memory: float | None = MAX_MEMORY, **options):
        """SPARQL with the endpoint's protections: rows (dicts of rdflib terms, variables in
        `.vars`) for SELECT, a bool for ASK, an rdflib Graph for CONSTRUCT and DESCRIBE. The
        query is stopped past `timeout` seconds or `max_memory` MB (None lifts either); see
        kgraph.query.run.query."""
        from kgraph.query.run import query
        return query(self.store, sparql, bindings, timeout=timeout, max_memory=max_memory, **options)

    def canned_query(self, name: str, /, *, limits: dict | None = None, **params: Any):
        """Answer a canned question (`canned_names()`); entity parameters take any name in either
        language. `limits`: query()'s timeout, max_memory and options, to run it in a process of its
        own; without, it runs here. A store with documents but no facts graph is told to reindex."""
        from kgraph.query.canned import run_canned
        return run_canned(self.store, name, limits=limits, **params)

    def ask(self, name: str, /, *, limit: int | None = None, offset: int = 0, count: bool = False,
            limits: dict | None = None, **params: Any):
        """A canned question by the page: a kgraph.query.paging.Page of at most `limit` rows (default
        kgraph.query.paging.DEFAULT_LIMIT) after the first `offset`, with `has_more`, `total` (when
        known, or with count=True), `next()`, `pages()` and `to_pandas()`. The same rows as
        `kgraph query --name NAME --limit --offset` and as the endpoint's SPARQL LIMIT/OFFSET.

        >>> page = kg.ask("partners", entity="OpenAI", limit=20)      # doctest: +SKIP
        >>> for page in page.pages(): print(len(page))               # doctest: +SKIP
        """
        from kgraph.query.canned import run_canned_page
        return run_canned_page(self.store, name, limit=limit, offset=offset, count=count, limits=limits, **params)

    def digest(self, since, *, lang: str = "en", today=None):
        """What is new: the facts first reported on or after `since` (a date, "7d" or "2w" before
        `today`), grouped by entity with their sentences and sources; a kgraph.query.digest.Digest,
        whose render("md" | "html") is the brief."""
        from kgraph.query.digest import digest
        return digest(self, since, lang=lang, today=today)

    def resolve(self, name: str):
        """The IRI of the entity with this name or alias (either language), or an error that
        suggests the closest names."""
        from kgraph.query.resolve import resolve_entity
        return resolve_entity(self.store, name)      # a merged entity's name gives its survivor

    def explain(self, entity: str, other: str | None = None, lang: str = "en") -> list:
        """Every fact about `entity` (or between it and `other`), strongest first, with the sentences
        that state it and their documents: a list of Fact."""
        from kgraph.query.explain import facts
        x = self.resolve(entity)
        return facts(self.store, x, self.resolve(other) if other else None, lang)

    def to_networkx(self, filt: GraphFilter | None = None, lang: str = "en", *, with_evidence: bool = False):
        """The entity graph as a networkx MultiDiGraph (nodes: entities; edges: facts keyed by
        predicate), through the filter."""
        from kgraph.query.graph import build_graph
        return build_graph(self.store, filt, lang, with_evidence=with_evidence)

    def analyze(self, what: str, entities: Iterable[str] = (), *, top: int = 20, method: str = "louvain",
                radius: int = 1, filt: GraphFilter | None = None, lang: str = "en") -> Analysis:
        """Network analytics over the filtered graph: centrality (the `top` entities, 0: all),
        communities (by `method`), path X Y (the shortest, with the evidence of every hop), ego X
        (the facts within `radius` hops)."""
        from kgraph.query import analyze as an
        entities = list(entities)
        check_analysis(what, entities)
        iris = [str(self.resolve(e)) for e in entities]
        g = self.to_networkx(filt, lang)
        if what == "path":
            return Analysis(what, an.path_with_evidence(self.store, g, iris[0], iris[1], lang))
        if what == "centrality":
            return Analysis(what, an.centrality(g, top),
                            ["label", "type", "neighbours", "degree", "betweenness", "eigenvector"])
        if what == "communities":
            return Analysis(what, [{**c, "members": ", ".join(c["members"])} for c in an.communities(g, method)],
                            ["community", "size", "members"])
        return Analysis(what, an.ego(g, iris[0], radius),
                        ["subject", "predicate", "object", "modality", "documents", "hops"])

    # --- writing it out -------------------------------------------------------------------------
    def export(self, out: str | IO[bytes], fmt: str = "nquads", filt: GraphFilter | None = None,
               lang: str = "en") -> str:
        """Write the store as RDF (nquads, trig and jsonld keep the named graphs; turtle, ntriples),
        or the filtered entity graph as graphml or gexf, to a path (written whole or not at all) or
        a binary stream; csv and parquet write the tables entities, facts and documents into the
        directory `out` (see `tables`). Returns what was written, counted in the words of README
        "Counts": "N quads" (named graphs kept), "N triples" (the union of the graphs, each triple
        once), "N entities, M facts" (graphml, gexf), or the tables' files."""
        formats = RDF_FORMATS + GRAPH_FORMATS + TABLE_FORMATS
        if fmt not in formats:
            raise KgraphError(f"unknown export format {fmt!r}; use one of {', '.join(formats)}")
        if fmt in TABLE_FORMATS:
            if not isinstance(out, str):
                raise KgraphError(f"--format {fmt} writes three tables into a directory; give one with -o DIR")
            from kgraph.query.tables import write_tables
            import os
            return ", ".join(os.path.basename(p) for p in write_tables(self.store, out, fmt))
        counted = ""

        def write(fh: IO[bytes]) -> None:
            nonlocal counted
            if fmt in GRAPH_FORMATS:
                from kgraph.query.graph import write_graph
                g = self.to_networkx(filt, lang)
                write_graph(g, fh, fmt)
                counted = f"{g.number_of_nodes()} entities, {g.number_of_edges()} facts"
            else:
                self.store.dump(fh, fmt)
                if fmt in ("nquads", "trig", "jsonld"):
                    counted = f"{self.store.quad_count()} quads"
                else:
                    n = self.store.query("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { "
                                         "{ ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } }")
                    counted = f"{int(n[0]['n'])} triples"
        if isinstance(out, str):
            from kgraph.files import atomic_output
            with atomic_output(out) as fh:
                write(fh)
        else:
            write(out)
        return counted

    def tables(self) -> dict:
        """The store as three pandas DataFrames: entities, facts (with modality, confidence, first
        date, document count) and documents; their columns are kgraph.query.tables.COLUMNS."""
        from kgraph.query.tables import tables
        return tables(self.store)

    def viz(self, path: str = "graph.html", *, entity: str | None = None, depth: int = 2,
            filt: GraphFilter | None = None, lang: str = "en", size_by: str = "degree",
            title: str = "kgraph", renderer: str = "auto") -> Picture:
        """Write the interactive graph (one self-contained HTML file that works offline), whole or
        around `entity` within `depth` hops. `renderer`: "vis" (vis-network), "webgl" (sigma.js,
        falling back to vis-network in a browser without WebGL) or "auto" (WebGL above
        kgraph.viz.WEBGL_LIMIT entities)."""
        from kgraph.query.graph import neighbourhood
        from kgraph.viz import write_html
        g = self.to_networkx(filt, lang, with_evidence=True)
        subtitle = ""
        if entity:
            centre = str(self.resolve(entity))
            label = g.nodes[centre]["label"] if centre in g else entity
            g = neighbourhood(g, centre, depth)
            subtitle = f"around {label}, {depth} hop{'s' if depth != 1 else ''}"
        write_html(g, path, title=title, subtitle=subtitle, lang=lang, size_by=size_by, renderer=renderer)
        return Picture(path, g.number_of_nodes(), g.number_of_edges())

    def validate(self) -> list:
        """SHACL violations of the store against ontology/shapes.ttl (empty when valid)."""
        from kgraph.validate import validate
        return validate(self.store)

    def evaluate(self, gold: str):
        """Precision, recall and F1 of the store against gold annotations (a Score)."""
        from kgraph.evaluate import evaluate
        return evaluate(self.store, gold)

    def rdflib_dataset(self):
        """The embedded store as an rdflib Dataset (oxrdflib), read and written in place. Its default
        graph is not the union of the named graphs (rdflib's convention): use GRAPH ?g in queries."""
        from rdflib import Dataset

        from kgraph.store import OxigraphStore
        if not isinstance(self.store, OxigraphStore):
            raise KgraphError("rdflib_dataset needs the embedded store; for a SPARQL server, use rdflib's "
                              "SPARQLStore with the server's query endpoint")
        import oxrdflib
        return Dataset(store=oxrdflib.OxigraphStore(store=self.store._store))

    def server(self, config=None):
        """The read-only SPARQL endpoint over this store (kgraph.serve.ServeConfig), bound and ready for
        serve_forever(); close() it after."""
        from kgraph.serve import ServeConfig, make_server
        return make_server(self.store, config or ServeConfig())


__all__ = ["KGraph", "Analysis", "Picture", "check_analysis", "RDF_FORMATS", "GRAPH_FORMATS", "ANALYSES"]
