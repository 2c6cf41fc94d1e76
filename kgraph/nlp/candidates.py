"""Relation candidates: every typed pair of names in a sentence, and every pair a rule related.

Each candidate carries the features the learned acceptance step (scorer.py) reads: the types of
the two names and their order, the particle or preposition after each and the role it gives, the
words between, before and after them, the sentence's closing verbs, whether they share a
coordinated group (a list), a person's title, and the rules that fired on the pair, on the pair
in the other order, or on a member of the same list (a fact stated of a list holds for each
member). Training (kgraph.learn) and extraction compute them with this one function, so the model
sees at run time exactly what it was trained on.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from kgraph.model import EntityRef, Relation, coarse
from kgraph.nlp.rules import rules
from kgraph.nlp.sentence import Group, Sentence
from kgraph.nlp.units import Unit
from kgraph.predicates import predicates

SCORED = ("Organization", "Person", "Product")
MAX_UNITS = 24              # names per sentence that pair with each other (a table of 100 names is no sentence)
_CONTENT = ("NN", "VV", "VA", "XR", "SL", "MAG", "XSV", "NP")


@dataclass
class Candidate:
    """Two entities named in one sentence (or joined by a rule across sentences), `a` before `b`."""

    a: EntityRef
    b: EntityRef
    sent: Sentence
    features: list[str] = field(default_factory=list)
    rules: list[Relation] = field(default_factory=list)     # what the rules stated of this pair here
    unit_a: Unit | None = None
    unit_b: Unit | None = None

    @property
    def key(self) -> tuple[int, str, str]:
        return (self.sent.start, self.a.key, self.b.key)


def _bucket(n: int) -> str:
    for limit, name in ((0, "0"), (2, "1-2"), (5, "3-5"), (10, "6-10"), (20, "11-20")):
        if n <= limit:
            return name
    return "21+"


def _word(it) -> str | None:
    """The feature name of a token item: its lemma (lower-cased) for content words and particles."""
    if it.kind != "tok":
        return None
    tag = it.tag.split("+")[0]
    if tag.startswith(("J", "E")):
        return "~" + it.text
    if tag.startswith(_CONTENT) or (it.lower.isalpha() and it.text.isascii()):
        return (it.lemma or it.text).lower()
    return None


@lru_cache(maxsize=1)
def cues() -> dict[str, frozenset[str]]:
    """Trigger word -> the predicates whose rules it anchors (공급 -> supplies): a word class that lets a
    synonym the rules know speak for a pair no rule matched."""
    out: dict[str, set[str]] = {}
    for group in rules().values():
        for r in group:
            for w in r.anchor or ():
                out.setdefault(w.lower(), set()).add(r.pred)
    return {w: frozenset(ps) for w, ps in out.items()}


def _cue_features(words: list[str], window: str) -> list[str]:
    table = cues()
    return [f"cue{window}={p}" for w in words for p in sorted(table.get(w.lstrip("~"), ()))]


def _admissible(ta: str, tb: str) -> bool:
    return any(p.accepts(ta, tb) or p.accepts(tb, ta) for p in predicates().values())


def _group_of(sent: Sentence, u: Unit) -> Group | None:
    return next((g for g in sent.groups if any(x is u for x in g.units)), None)


def pair_features(sent: Sentence, ua: Unit, ub: Unit) -> list[str]:
    """Features of the names `ua` before `ub` in `sent`."""
    items = sent.items
    ia = next((k for k, it in enumerate(items) if it.unit is ua), None)
    ib = next((k for k, it in enumerate(items) if it.unit is ub), None)
    ta, tb = coarse(ua.ent.type), coarse(ub.ent.type)
    f = [f"lang={sent.lang}", f"t={ta}>{tb}", f"pa={ua.particle}", f"pb={ub.particle}",
         f"ra={ua.role}", f"rb={ub.role}", f"r={ua.role}>{ub.role}", f"r={ua.role}>{ub.role}|t={ta}>{tb}"]
    if ua.head:
        f.append(f"ha={ua.head}")
    if ub.head:
        f.append(f"hb={ub.head}")
    if sent.headline:
        f.append("headline")
    ga, gb = _group_of(sent, ua), _group_of(sent, ub)
    if ga is not None and ga is gb:
        f.append("same_group")
    if ga is not None and len(ga.units) > 1:
        f.append("a_in_list")
    if gb is not None and len(gb.units) > 1:
        f.append("b_in_list")
    for u, side in ((ua, "a"), (ub, "b")):
        if u.span.title:
            f.append(f"title{side}={u.span.title}")
        if u.span.org_span is not None:
            other = ub if side == "a" else ua
            if u.span.org_span[0] < other.end and other.start < u.span.org_span[1]:
                f.append(f"appos{side}")
    if ia is None or ib is None:
        return f
    between = items[ia + 1:ib]
    f.append(f"d={_bucket(len(between))}")
    f.append(f"d={_bucket(len(between))}|t={ta}>{tb}")
    ents = [it for it in between if it.kind == "ent"]
    f.append(f"ne={_bucket(len(ents))}")
    for it in ents:
        f.append(f"we={coarse(it.unit.ent.type)}")
    words = [w for w in (_word(it) for it in between) if w]
    for w in dict.fromkeys(words):
        f.append(f"w={w}")
    f += _cue_features(list(dict.fromkeys(words)), "_w")
    for w in words[-2:]:
        f.append(f"wl={w}")
    for tag in dict.fromkeys(it.tag.split("+")[0] for it in between if it.kind == "tok"):
        f.append(f"tb={tag}")
    for w in (_word(it) for it in items[max(0, ia - 3):ia]):
        if w:
            f.append(f"bf={w}")
    after = [w for w in (_word(it) for it in items[ib + 1:ib + 7]) if w]
    for w in after:
        f.append(f"af={w}")
        f.append(f"af={w}|t={ta}>{tb}")
    f += _cue_features(after, "_af")
    verb = next((w for w in after if not w.startswith("~")), "")
    f.append(f"pa|pb|v={ua.particle}|{ub.particle}|{verb}")
    f.append(f"rb|v={ub.role}|{verb}")
    ends = [w for w in (_word(it) for it in items[ib + 1:]) if w and not w.startswith("~")][-3:]
    for w in ends:
        f.append(f"end={w}")
    f += _cue_features(ends, "_end")
    return f


def _direction(rel: Relation, a: EntityRef) -> str:
    if predicates()[rel.predicate].symmetric:
        return "="
    return ">" if rel.subject == a else "<"


def candidates(sentences: list[Sentence], rule_relations: list[Relation]) -> list[Candidate]:
    """The candidates of one document, in sentence order."""
    by_sent: dict[int, list[Relation]] = {}
    for r in rule_relations:
        by_sent.setdefault(r.start, []).append(r)
    out: list[Candidate] = []
    for sent in sentences:
        here = _sentence_pairs(sent)
        for r in by_sent.get(sent.start, []):
            pair = _key(r.subject, r.object)
            c = here.get(pair)
            if c is None:       # a rule joined a name of another sentence (양사, a dropped subject, an employer)
                ts, to = coarse(r.subject.type), coarse(r.object.type)
                c = here[pair] = Candidate(r.subject, r.object, sent, [f"lang={sent.lang}", f"t={ts}>{to}", "implicit"])
            c.rules.append(r)
        for c in here.values():
            for r in c.rules:
                d = _direction(r, c.a)
                c.features += [f"rule={r.rule}|{r.predicate}{d}", f"rp={r.predicate}{d}"]
        _list_features(sent, here)
        out.extend(here.values())
    _document_features(out, sentences[0].start if sentences else -1)
    return out


def _key(a: EntityRef, b: EntityRef) -> tuple[str, str]:
    return (a.key, b.key) if a.key <= b.key else (b.key, a.key)


def _sentence_pairs(sent: Sentence) -> dict[tuple[str, str], Candidate]:
    """Every two entities of scored types named in the sentence that some predicate may join."""
    units = [u for u in sent.units if coarse(u.ent.type) in SCORED][:MAX_UNITS]
    here: dict[tuple[str, str], Candidate] = {}
    for i, ua in enumerate(units):
        for ub in units[i + 1:]:
            if ua.ent == ub.ent or not _admissible(coarse(ua.ent.type), coarse(ub.ent.type)):
                continue
            pair = _key(ua.ent, ub.ent)
            if pair not in here:        # the first mentions of the two speak for the pair
                here[pair] = Candidate(ua.ent, ub.ent, sent, pair_features(sent, ua, ub), [], ua, ub)
    return here


def _list_features(sent: Sentence, here: dict[tuple[str, str], Candidate]) -> None:
    """A rule that reached one member of a coordinated group speaks for the group's other members."""
    for c in here.values():
        for u, other in ((c.unit_a, c.b), (c.unit_b, c.a)):
            g = _group_of(sent, u) if u is not None else None
            if g is None or len(g.units) < 2:
                continue
            for x in g.units:
                sib = here.get(_key(x.ent, other)) if x is not u and x.ent != other else None
                for r in sib.rules if sib is not None else ():
                    same_side = (r.subject == x.ent) == (u is c.unit_a)
                    d = "=" if predicates()[r.predicate].symmetric else ">" if same_side else "<"
                    c.features.append(f"sib={r.predicate}{d}")


def _document_features(out: list[Candidate], first: int) -> None:
    """How often the two are named together in the document, whether in its first line (the headline), and
    what the rules stated of the pair in any sentence (direction relative to the candidate's `a`)."""
    together: dict[tuple[str, str], int] = {}
    stated: dict[tuple[str, str], set[str]] = {}
    for c in out:
        pair = _key(c.a, c.b)
        together[pair] = together.get(pair, 0) + 1
        lead = c.a if pair[0] == c.a.key else c.b
        for r in c.rules:
            stated.setdefault(pair, set()).add(f"{r.predicate}{_direction(r, lead)}")
    for c in out:
        pair = _key(c.a, c.b)
        c.features.append(f"cooc={min(together[pair], 3)}")
        if c.sent.start == first:
            c.features.append("first_sentence")
        flip = pair[0] != c.a.key
        for tag in sorted(stated.get(pair, ())):
            if flip and tag[-1] in "<>":
                tag = tag[:-1] + ("<" if tag[-1] == ">" else ">")
            c.features.append(f"doc_rp={tag}")
