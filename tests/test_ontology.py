"""Every kg: term the code uses is declared in ontology/kgraph.ttl; namespaces mirror the ontology."""
import re
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from kgraph.nlp.reference import COARSE, reference_entities
from kgraph.rdf.namespaces import KG, SCORED_PREDICATES, SYMMETRIC_PREDICATES

ROOT = Path(__file__).resolve().parent.parent


def declared() -> set[str]:
    g = Graph().parse(ROOT / "ontology" / "kgraph.ttl")
    return {str(s)[len(str(KG)):] for s in g.subjects() if str(s).startswith(str(KG))}


def test_terms_used_in_code_are_declared():
    used = set()
    for path in (ROOT / "kgraph").rglob("*.py"):
        used |= set(re.findall(r"\bKG\.([A-Za-z]+)", path.read_text(encoding="utf-8")))
    for path in (ROOT / "kgraph").rglob("*.rq"):
        used |= set(re.findall(r"\bkg:([A-Za-z]+)", path.read_text(encoding="utf-8")))
    assert used and used - declared() == set()


def test_classes_of_reference_and_lexicon_are_declared():
    assert {e.type for e in reference_entities()} | set(COARSE) <= declared()


def test_relations_and_their_characteristics():
    g = Graph().parse(ROOT / "ontology" / "kgraph.ttl")
    for p in SCORED_PREDICATES:
        assert (KG[p], RDF.type, OWL.ObjectProperty) in g
        assert ((KG[p], RDF.type, OWL.SymmetricProperty) in g) == (p in SYMMETRIC_PREDICATES)


def test_shapes_parse_and_target_our_classes():
    g = Graph().parse(ROOT / "ontology" / "shapes.ttl")
    targets = {str(o) for o in g.objects(None, URIRef("http://www.w3.org/ns/shacl#targetClass"))}
    assert {str(KG.Document), str(KG.Relationship)} <= targets
