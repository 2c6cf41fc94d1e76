"""The corrections in a store as `kgraph corrections` lists them (KGraph.corrections)."""
from __future__ import annotations

from dataclasses import dataclass

from kgraph.ingest.corrections import C, _fact_text, _label
from kgraph.store.base import Store


@dataclass
class Correction:
    """One correction as `kgraph corrections` lists it."""
    kind: str               # merge, alias or reject
    target: str             # the survivor, the aliased entity, or the rejected fact's IRI
    target_label: str       # its name, or for a rejection "subject predicate object"
    detail: str             # the merged entity's name, the alias, or for a rejection the fact's IRI
    detail_iri: str         # the merged entity's IRI ('' otherwise)
    by: str
    at: str
    reason: str
    iri: str                # the correction's node

    def as_row(self, iris: bool = True) -> dict:
        row = {"kind": self.kind, "target": self.target_label, "detail": self.detail, "by": self.by,
               "at": self.at, "reason": self.reason}
        if iris:
            row.update(target_iri=self.target, detail_iri=self.detail_iri, correction=self.iri)
        return row


COLUMNS = ["kind", "target", "detail", "by", "at", "reason"]
IRI_COLUMNS = COLUMNS + ["target_iri", "detail_iri", "correction"]


LIST_QUERY = f"""SELECT ?c ?kind ?target ?detail ?s ?p ?o ?by ?at ?reason WHERE {{ GRAPH {C} {{
  {{ ?c a kg:Merge ; kg:survivor ?target ; kg:mergedEntity ?detail BIND("merge" AS ?kind) }}
  UNION {{ ?c a kg:Alias ; kg:aliasOf ?target ; kg:aliasName ?detail BIND("alias" AS ?kind) }}
  UNION {{ ?c a kg:Rejection ; kg:rejectedFact ?target ; kg:rejectedSubject ?s ; kg:rejectedPredicate ?p ;
           kg:rejectedObject ?o BIND("reject" AS ?kind) }}
  OPTIONAL {{ ?c kg:correctedBy ?by }} OPTIONAL {{ ?c kg:correctedAt ?at }} OPTIONAL {{ ?c kg:reason ?reason }} }} }}
ORDER BY ?at ?kind ?c"""


def listing(store: Store, kind: str | None = None) -> list[Correction]:
    """The corrections in the store, oldest first (`kind`: only merges, aliases or rejections)."""
    out = []
    for r in store.query(LIST_QUERY):
        k = str(r["kind"])
        if kind and k != kind:
            continue
        detail_iri = ""
        if k == "reject":
            label, detail = _fact_text(store, (str(r["s"]), str(r["p"]), str(r["o"]))), str(r["target"])
        elif k == "merge":
            label, detail, detail_iri = _label(store, str(r["target"])), _label(store, str(r["detail"])), str(r["detail"])
        else:
            label, detail = _label(store, str(r["target"])), str(r["detail"])
        out.append(Correction(k, str(r["target"]), label, detail, detail_iri, str(r.get("by") or ""),
                              str(r.get("at") or ""), str(r.get("reason") or ""), str(r["c"])))
    return out


__all__ = ["listing", "Correction", "COLUMNS", "IRI_COLUMNS"]
