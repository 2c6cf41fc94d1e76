"""Namespaces, defined once. A test checks every kg: term used here is declared in ontology/kgraph.ttl."""
from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from kgraph.config import BASE_IRI
from kgraph.predicates import predicates

KG = Namespace("https://w3id.org/kgraph/ontology#")
ENTITY = Namespace(BASE_IRI + "entity/")
DOC = Namespace(BASE_IRI + "doc/")
REL = Namespace(BASE_IRI + "rel/")

ONTOLOGY_GRAPH = URIRef(BASE_IRI + "graph/ontology")
REFERENCE_GRAPH = URIRef(BASE_IRI + "graph/reference")

SCORED_PREDICATES = tuple(predicates())
SYMMETRIC_PREDICATES = frozenset(p.name for p in predicates().values() if p.symmetric)

PREFIXES = {"kg": KG, "rdf": RDF, "rdfs": RDFS, "skos": SKOS, "xsd": XSD, "owl": OWL,
            "ent": ENTITY, "doc": DOC}

__all__ = ["KG", "ENTITY", "DOC", "REL", "RDF", "RDFS", "SKOS", "XSD", "OWL", "ONTOLOGY_GRAPH",
           "REFERENCE_GRAPH", "SCORED_PREDICATES", "SYMMETRIC_PREDICATES", "PREFIXES"]
