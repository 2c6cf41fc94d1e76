"""The reference list as RDF: the graph every store carries next to the documents' graphs."""
from __future__ import annotations

import hashlib

from urllib.parse import quote

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kgraph.rdf.iri import entity_iri, label_language
from kgraph.rdf.namespaces import BASE_IRI, KG, REFERENCE_GRAPH
from kgraph.reference import reference_entities
from kgraph.roles import roles

ROLE = BASE_IRI + "role/"      # a role of kgraph/data/roles.tsv: kg:roleName (what kg:role holds), kg:roleLabel per language


def reference_graph() -> Graph:
    """The reference entities as RDF: type, preferred labels in both languages, aliases, parent."""
    g = Graph(identifier=REFERENCE_GRAPH)
    for e in reference_entities():
        node = entity_iri(e.key)
        g.add((node, RDF.type, KG[e.type]))
        if e.ko:
            g.add((node, SKOS.prefLabel, Literal(e.ko, lang=label_language(e.ko))))
        if e.en:
            g.add((node, SKOS.prefLabel if label_language(e.en) == "en" else SKOS.altLabel, Literal(e.en, lang=label_language(e.en))))
        g.add((node, RDFS.label, Literal(e.en or e.ko, lang=label_language(e.en or e.ko))))
        for a in e.aliases:
            g.add((node, SKOS.altLabel, Literal(a, lang=label_language(a))))
        if e.parent:
            g.add((node, KG.partOf, entity_iri(e.parent)))
    for role, labels in roles().items():        # no rdf:type: a role is not an entity (no name keys, no lookup)
        node = URIRef(ROLE + quote(role, safe=""))
        g.add((node, KG.roleName, Literal(role)))
        for lang, label in labels.items():
            g.add((node, KG.roleLabel, Literal(label, lang=lang)))
    lines = sorted(" ".join(term.n3() for term in triple) for triple in g)
    g.add((REFERENCE_GRAPH, KG.contentHash, Literal(hashlib.sha256("\n".join(lines).encode()).hexdigest())))
    return g
