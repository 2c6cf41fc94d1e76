"""Every kg: term the code uses is declared in ontology/kgraph.ttl; namespaces mirror the ontology."""
import re
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from kgraph.model import COARSE
from kgraph.rdf.namespaces import KG, SCORED_PREDICATES, SYMMETRIC_PREDICATES
from kgraph.reference import reference_entities

ROOT = Path(__file__).resolve().parent.parent


def declared() -> set[str]:
    g = Graph().parse(ROOT / "ontology" / "kgraph.ttl")
    return {str(s)[len(str(KG)):] for s in g.subjects() if str(s).startswith(str(KG))}


def test_terms_used_in_code_are_declared():
    used = set()
    for path in (ROOT / "kgraph").rglob("*.py"):
        used |= set(re.findall(r"\bKG?\.([A-Za-z]+)", path.read_text(encoding="utf-8")))
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


def test_predicate_table_matches_the_ontology():
    """Every row of data/predicates.tsv is a declared object property with the same symmetry, and
    worksFor/subsidiaryOf/develops keep the ranges the ontology states."""
    from kgraph.predicates import predicates
    g = Graph().parse(ROOT / "ontology" / "kgraph.ttl")
    table = predicates()
    assert set(table) == set(SCORED_PREDICATES)
    for name, p in table.items():
        assert (KG[name], RDF.type, OWL.ObjectProperty) in g, name
        assert ((KG[name], RDF.type, OWL.SymmetricProperty) in g) == p.symmetric, name
        rng = {str(o).rsplit("#", 1)[-1] for o in g.objects(KG[name], URIRef("http://www.w3.org/2000/01/rdf-schema#range"))}
        assert rng <= p.object_types | {"Entity"}, (name, rng)


def test_a_bad_predicate_row_names_its_line():
    import pytest

    from kgraph.errors import KgraphError
    from kgraph.predicates import parse_predicates
    with pytest.raises(KgraphError, match=r"x.tsv:2: unknown type 'Robot'"):
        parse_predicates("# c\nfoo\tno\tRobot\tPerson\t#fff\tfoos\n", "x.tsv")
