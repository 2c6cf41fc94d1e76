"""SHACL validation of the store with ontology/shapes.ttl (pySHACL)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF, SH

from kgraph.rdf.iri import local_name
from kgraph.store.base import Store

SHAPES = Path(__file__).resolve().parent / "ontology" / "shapes.ttl"
ONTOLOGY = Path(__file__).resolve().parent / "ontology" / "kgraph.ttl"


@dataclass
class Violation:
    focus: str
    path: str
    message: str
    severity: str


def validate(store: Store) -> list[Violation]:
    """Every SHACL violation in the store (the union of its graphs), checked against the ontology."""
    from pyshacl import validate as shacl
    data = Graph()
    for s, p, o, _g in store.quads():
        data.add((s, p, o))
    shapes = Graph().parse(SHAPES, format="turtle")
    ont = Graph().parse(ONTOLOGY, format="turtle")
    conforms, report, _text = shacl(data, shacl_graph=shapes, ont_graph=ont, inference="rdfs",
                                    allow_warnings=True, advanced=True)
    if conforms:
        return []
    out = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        out.append(Violation(str(report.value(r, SH.focusNode)), str(report.value(r, SH.resultPath) or ""),
                             str(report.value(r, SH.resultMessage) or ""),
                             local_name(report.value(r, SH.resultSeverity))))
    return sorted(out, key=lambda v: (v.focus, v.path))
