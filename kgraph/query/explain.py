"""Evidence: every fact about an entity (or between two), with its modality, sentences and sources."""
from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef

from kgraph.model import MODALITIES
from kgraph.predicates import predicates
from kgraph.rdf.corrections import not_rejected
from kgraph.rdf.iri import local_name
from kgraph.rdf.namespaces import SYMMETRIC_PREDICATES
from kgraph.store.base import Store

PHRASES = {p.name: p.phrase for p in predicates().values()}
# one vocabulary: the words an output shows are the names the options take (kgraph.model.MODALITIES)
MODALITY_WORDS = {m: m for m in MODALITIES}

_QUERY = """
SELECT ?rel ?s ?p ?o ?modality ?role ?evidence ?start ?end ?doc ?file ?title ?publisher ?published ?url
       (MIN(?sn) AS ?slabel) (MIN(?on) AS ?olabel)
WHERE {
  # the relation nodes of x, found through the index rather than by filtering every fact
  { ?rel kg:subject ?x } UNION { ?rel kg:object ?x }
  ?rel kg:predicate ?p ; kg:subject ?s ; kg:object ?o ; kg:modality ?modality ; kg:evidence ?evidence ;
       kg:start ?start ; kg:end ?end ; kg:extractedFrom ?doc .
  FILTER(!BOUND(?y) || ?s = ?y || ?o = ?y)
  %s
  OPTIONAL { ?rel kg:role ?role }
  OPTIONAL { ?doc kg:fileName ?file }
  OPTIONAL { ?doc kg:title ?title }
  OPTIONAL { ?doc kg:publisher ?publisher }
  OPTIONAL { ?doc kg:published ?published }
  OPTIONAL { ?doc dct:source|kg:url ?url }
  OPTIONAL { ?s skos:prefLabel ?sp FILTER(LANG(?sp) = ?lang) }
  OPTIONAL { GRAPH ?doc { ?s rdfs:label ?sa } FILTER(!BOUND(?sp)) }
  OPTIONAL { ?o skos:prefLabel ?op FILTER(LANG(?op) = ?lang) }
  OPTIONAL { GRAPH ?doc { ?o rdfs:label ?oa } FILTER(!BOUND(?op)) }
  # a name from the facts graph when the document has none for it (a merge mapped its entity to another)
  OPTIONAL { GRAPH kgg:facts { ?s rdfs:label ?sf } FILTER(!BOUND(?sp) && !BOUND(?sa)) }
  OPTIONAL { GRAPH kgg:facts { ?o rdfs:label ?of } FILTER(!BOUND(?op) && !BOUND(?oa)) }
  BIND(COALESCE(?sp, ?sa, ?sf) AS ?sn)
  BIND(COALESCE(?op, ?oa, ?of) AS ?on)
}
GROUP BY ?rel ?s ?p ?o ?modality ?role ?evidence ?start ?end ?doc ?file ?title ?publisher ?published ?url
""" % not_rejected()      # a fact the analyst rejected is not explained (kgraph corrections lists it)


@dataclass(frozen=True)
class Evidence:
    """One sentence that states a fact, and where it comes from."""

    sentence: str
    modality: str
    document: str
    file: str = ""
    title: str = ""
    publisher: str = ""
    published: str = ""
    url: str = ""                  # where the article was published (dct:source)
    start: int = 0
    end: int = 0
    role: str = ""
    relation: str = ""

    def source(self) -> str:
        meta = ", ".join(x for x in (self.publisher, self.published[:10]) if x)
        name = self.title or self.file or self.document
        return f"{name} ({meta})" if meta else name


@dataclass
class Fact:
    """A subject-predicate-object statement with every sentence that states it."""

    subject: str
    subject_label: str
    predicate: str
    object: str
    object_label: str
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def modality(self) -> str:
        """The strongest modality among the sentences: stated > planned > discussed > speculated."""
        return min((e.modality for e in self.evidence), key=_rank, default="stated")

    @property
    def documents(self) -> int:
        return len({e.document for e in self.evidence})

    @property
    def roles(self) -> list[str]:
        return sorted({e.role for e in self.evidence if e.role})

    def sentence(self) -> str:
        """The fact in plain language, e.g. 'OpenAI partners with Kakao'."""
        roles = f" as {', '.join(self.roles)}" if self.roles else ""
        return f"{self.subject_label} {PHRASES.get(self.predicate, self.predicate)} {self.object_label}{roles}"


def _rank(modality: str) -> int:
    return MODALITIES.index(modality) if modality in MODALITIES else len(MODALITIES)


def facts(store: Store, x: URIRef, y: URIRef | None = None, lang: str = "en") -> list[Fact]:
    """Facts about `x` (or between `x` and `y`), strongest and best supported first.

    Symmetric facts (partnerOf, competesWith, meets) are turned to put `x` first, and the same
    fact stated in either direction is one fact.
    """
    from kgraph.query.run import run as query
    rows = query(store, _QUERY, {"x": x, "y": y, "lang": lang})
    out: dict[tuple, Fact] = {}
    for r in rows:
        pred = local_name(r["p"])
        s, o, sl, ol = str(r["s"]), str(r["o"]), str(r.get("slabel", r["s"])), str(r.get("olabel", r["o"]))
        if pred in SYMMETRIC_PREDICATES and o == str(x):
            s, o, sl, ol = o, s, ol, sl
        fact = out.setdefault((s, pred, o), Fact(s, sl, pred, o, ol))
        fact.evidence.append(Evidence(
            sentence=str(r["evidence"]), modality=str(r["modality"]), document=str(r["doc"]),
            file=str(r.get("file", "")), title=str(r.get("title", "")), publisher=str(r.get("publisher", "")),
            published=str(r.get("published", "")), url=str(r.get("url", "")), start=int(r["start"]), end=int(r["end"]),
            role=str(r.get("role", "")), relation=str(r["rel"])))
    for f in out.values():
        f.evidence.sort(key=lambda e: (_rank(e.modality), e.published, e.document, e.start))
    return sorted(out.values(), key=lambda f: (_rank(f.modality), -f.documents, f.predicate, f.object_label))


def explain_text(found: list[Fact], name: str, other: str | None = None) -> str:
    """Plain-language report of facts, their modality, sentences and sources."""
    if not found:
        about = f"between {name} and {other}" if other else f"about {name}"
        return f"No facts {about} in the store."
    lines = []
    for f in found:
        docs = f"{f.documents} document{'s' if f.documents != 1 else ''}"
        lines.append(f"{f.sentence()} — {MODALITY_WORDS.get(f.modality, f.modality)} ({docs})")
        for e in f.evidence:
            tag = "" if e.modality == f.modality else f" [{MODALITY_WORDS.get(e.modality, e.modality)}]"
            lines.append(f"    “{' '.join(e.sentence.split())}”{tag}")
            lines.append(f"      — {e.source()}")
            if e.url:
                lines.append(f"        {e.url}")
        lines.append("")
    return "\n".join(lines).rstrip()


__all__ = ["Evidence", "Fact", "facts", "explain_text", "PHRASES", "MODALITY_WORDS"]
