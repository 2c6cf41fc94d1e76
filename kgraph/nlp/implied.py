"""Implied subjects: who a sentence that does not name its subject means (양사, the company, a dropped
Korean subject), a part of the rule engine (kgraph/nlp/relations.py, whose RelationFinder it is a base of)."""
from __future__ import annotations

from kgraph.model import EntityRef, coarse
from kgraph.nlp.clauses import anaphors
from kgraph.nlp.rules import Rule
from kgraph.nlp.sentence import Item, Sentence


class ImpliedSubjects:
    """The implied-subject half of RelationFinder (it supplies text, topic, last_pair, prev_start, …)."""

    # -- implied subjects --------------------------------------------------------------------------
    def implied(self, rule: Rule, sent: Sentence, t0: int, exclude: set, force: bool = False,
                topic: bool = False, types: frozenset[str] = frozenset()) -> list[EntityRef]:
        """A subject the sentence does not name. 양사는 / the two companies: the pair the article just named;
        회사는 / the company / it: the article's actor. Korean also drops a subject the reader knows: the actor
        of the previous sentence, else the one the document has most often made its subject (ties go to the
        earliest). Not in headlines, nor when the clause has a subject that is not a name (관계자는)."""
        kind = self.anaphor(sent, t0)
        if kind == "pair" and self.last_pair:
            return [m for m in self.last_pair if m not in exclude]
        if kind is None and ((sent.lang == "en" and not topic) or
                             (not force and (sent.headline or self.has_subject(sent, t0)))):
            return []
        want = rule.opt("implied")
        if want is True and exclude and all(coarse(m.type) == "Person" for m in exclude):
            want = "Person"         # 올트먼이 … 회장과 만나 협력: people talk to people
        ok = [(start, [m for m in members if m not in exclude and (want in (True, None) or coarse(m.type) == want)
                       and (not types or coarse(m.type) in types)])
              for start, members in self.topic if start < sent.start]
        after = next((it for it in sent.items if it.start >= t0 and it.kind == "tok" and it.tag.startswith("J")), None)
        nominal = after is not None and after.tag.split("+")[0] in ("JKS", "JX", "JKG") and \
            self.text[t0:after.start].strip() and " " not in self.text[t0:after.start].strip()
        if ok and ok[-1][0] == self.prev_start and ok[-1][1] and not sent.headline and not nominal:
            return ok[-1][1][:1]    # the previous sentence's subject carries on (PFN은 … 업체다. … 투자를 유치했다)
        tally: dict[EntityRef, list] = {}
        for n, (start, members) in enumerate(ok):
            for m in members:
                tally.setdefault(m, [0, n])[0] += 1
        if not tally:
            return []
        return [max(tally.items(), key=lambda kv: (kv[1][0], -kv[1][1]))[0]]

    def anaphor(self, sent: Sentence, t0: int) -> str | None:
        """'pair' or 'actor' when the clause before `t0` has an anaphor as its subject (양사는, the company)."""
        head = self.text[sent.start:t0]
        for rx, kind in anaphors(sent.lang):
            if rx.search(head):
                return kind
        return None

    def has_subject(self, sent: Sentence, before: int) -> bool:
        """Whether the clause before `before` has a subject of its own (a name, or a noun with 이/가/은/는)."""
        if sent.lang == "en":
            return False
        prev: Item | None = None
        for it in sent.items:
            if it.start >= before:
                break
            if it.kind == "tok" and prev is not None and prev.kind == "tok" and prev.tag.split("+")[-1].startswith("NN"):
                tag = it.tag.split("+")[0]
                if tag == "JKS" or (tag == "JX" and it.text in ("은", "는")):
                    return True
            prev = it
        return False
