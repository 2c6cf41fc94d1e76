"""Namespaces and SPARQL prefixes, defined once. A test checks every kg: term used here is declared in
ontology/kgraph.ttl, and another that no other module writes a prefix or the ontology's IRI by hand.

Every query and update a store runs knows PREFIXES without declaring them: the embedded store
passes them to Oxigraph's parser (`prefixes=`), a SPARQL server gets PREFIX_BLOCK in front of the
text (kgraph.rdf.sparql.with_prefixes), and the query page opens with the same block. A query's own PREFIX wins."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from kgraph.config import BASE_IRI
from kgraph.predicates import predicates

KG = Namespace(BASE_IRI + "ontology#")
KGG = Namespace(BASE_IRI + "graph/")
ENTITY = Namespace(BASE_IRI + "entity/")
DOC = Namespace(BASE_IRI + "doc/")
REL = Namespace(BASE_IRI + "rel/")
FACT = Namespace(BASE_IRI + "fact/")
CORRECTION = Namespace(BASE_IRI + "correction/")

ONTOLOGY_GRAPH = KGG.ontology
REFERENCE_GRAPH = KGG.reference
FACTS_GRAPH = KGG.facts     # derived: kgraph/rdf/facts.py
CORRECTIONS_GRAPH = KGG.corrections     # the analyst's merges, aliases and rejections: kgraph/rdf/corrections.py

SCORED_PREDICATES = tuple(predicates())
SYMMETRIC_PREDICATES = frozenset(p.name for p in predicates().values() if p.symmetric)

# the order the query page shows them in
PREFIXES: dict[str, str] = {p: str(ns) for p, ns in (
    ("kg", KG), ("kgg", KGG), ("ent", ENTITY), ("doc", DOC), ("dct", DCTERMS), ("rdf", RDF), ("rdfs", RDFS),
    ("skos", SKOS), ("xsd", XSD), ("owl", OWL))}
PREFIX_BLOCK = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


ONTOLOGY_FILE = Path(__file__).resolve().parent.parent / "ontology" / "kgraph.ttl"


@lru_cache(maxsize=1)
def _subclass_graph():
    from rdflib import Graph
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


@lru_cache(maxsize=64)
def subclasses(name: str) -> tuple[URIRef, ...]:
    """The class kg:`name` and every class below it in the ontology (Organization -> Company, Media, ...)."""
    g = _subclass_graph()
    return tuple(sorted(set(g.transitive_subjects(RDFS.subClassOf, KG[name])) | {KG[name]}))


__all__ = ["subclasses", "ONTOLOGY_FILE", "KG", "KGG", "PREFIX_BLOCK", "ENTITY", "DOC", "REL", "FACT", "FACTS_GRAPH", "CORRECTION", "CORRECTIONS_GRAPH", "RDF", "RDFS", "SKOS", "XSD", "OWL", "ONTOLOGY_GRAPH",
           "REFERENCE_GRAPH", "SCORED_PREDICATES", "SYMMETRIC_PREDICATES", "PREFIXES"]
