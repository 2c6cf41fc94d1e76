"""relations hides the statements of a rejected fact, and only those (issue 27: the entity's
rejections are read once and joined, not tested per statement): a directional fact is hidden from
its subject's 'out' statements and its object's 'in' ones, everything else is listed as before."""
from __future__ import annotations

import kgraph
from kgraph.rdf.namespaces import KG
from tests import minigraph


def key(r) -> tuple:
    return (str(r["predicate"]), str(r["direction"]), str(r["other"]), str(r["rel"]))


def test_rejecting_a_directional_fact_hides_exactly_its_statements(tmp_path):
    with kgraph.KGraph(minigraph.store_dir(tmp_path / "store")) as kg:
        fact = next(iter(kg.store.query(f"""SELECT ?s ?o WHERE {{ GRAPH kgg:facts {{
            ?f kg:factPredicate <{KG.investsIn}> ; kg:factSubject ?s ; kg:factObject ?o }} }} LIMIT 1""")))
        s, o = str(fact["s"]), str(fact["o"])
        before = {e: [key(r) for r in kg.canned_query("relations", entity=e)] for e in (s, o)}
        gone = {s: [k for k in before[s] if k[:3] == ("investsIn", "out", o)],
                o: [k for k in before[o] if k[:3] == ("investsIn", "in", s)]}
        assert gone[s] and gone[o]
        kg.reject(f"{s} investsIn {o}", by="ana", reason="an invented correction")
        for e in (s, o):
            after = [key(r) for r in kg.canned_query("relations", entity=e)]
            assert after == [k for k in before[e] if k not in gone[e]], e
