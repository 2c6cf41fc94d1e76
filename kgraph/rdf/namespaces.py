"""Namespaces, defined once. A test checks every kg: term used here is declared in ontology/kgraph.ttl."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from kgraph.config import BASE_IRI
from kgraph.predicates import predicates

KG = Namespace("https://w3id.org/kgraph/ontology#")
ENTITY = Namespace(BASE_IRI + "entity/")
DOC = Namespace(BASE_IRI + "doc/")
REL = Namespace(BASE_IRI + "rel/")
FACT = Namespace(BASE_IRI + "fact/")

ONTOLOGY_GRAPH = URIRef(BASE_IRI + "graph/ontology")
REFERENCE_GRAPH = URIRef(BASE_IRI + "graph/reference")
FACTS_GRAPH = URIRef(BASE_IRI + "graph/facts")     # derived: kgraph/rdf/facts.py

SCORED_PREDICATES = tuple(predicates())
SYMMETRIC_PREDICATES = frozenset(p.name for p in predicates().values() if p.symmetric)

PREFIXES = {"kg": KG, "rdf": RDF, "rdfs": RDFS, "skos": SKOS, "xsd": XSD, "owl": OWL,
            "ent": ENTITY, "doc": DOC, "dct": DCTERMS}

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


__all__ = ["subclasses", "ONTOLOGY_FILE", "KG", "ENTITY", "DOC", "REL", "FACT", "FACTS_GRAPH", "RDF", "RDFS", "SKOS", "XSD", "OWL", "ONTOLOGY_GRAPH",
           "REFERENCE_GRAPH", "SCORED_PREDICATES", "SYMMETRIC_PREDICATES", "PREFIXES"]
