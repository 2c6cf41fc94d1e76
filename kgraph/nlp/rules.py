"""Relation rules as data (kgraph/data/{ko,en}/relations.jsonl), compiled for one engine.

Each line is a rule with an `id`, the predicate it states, a confidence and one of three kinds:

- `frame`: a trigger (a short token pattern, e.g. 공급 or invest) whose arguments are the
  nearest groups with the right roles: `{"subject": {"roles": ["subj"]}, "object":
  {"roles": ["target"]}}` reads 한빛전자는 구름텔레콤에 … 공급 as supplies(한빛전자, 구름텔레콤);
  `"roles": ["from"]` for the subject and `["subj"]` for the object reads 공급받다 the other way.
  Options: `side` (before/after the trigger), `reach` (characters between argument and trigger),
  `particles` (the group's last particle is one of these: 은/는 for the topic), `across` (a Korean object
  may belong to an earlier verb: B를 만나 협력을 논의), `implied` (a dropped
  Korean subject is the document's actor), `relative` (A가 개발한 B: the
  name after an adnominal trigger fills the empty slot), `pair_members` (A와 B는 협력: the members
  of one coordinated group relate to each other), `lift` (people stand for their organisations),
  `clause_has` (words the trigger's clause must also contain), `modality` (fixed), `next_not`
  (tokens that must not follow the trigger), `object_not_followed_by`, `implied_topic` ("subject" or "object": in English too, that missing
  argument is the article's subject, as in Korean), `before_re` (a regular expression the sentence's text before the
  trigger must match: 투자에는 … 참여), `pair_object` (A는 B·C와 협약: the members of the object's group relate
  to each other too, unless 각각 says the deals are separate), `possessed` (use Globex's new Nova chips: Nova).
- `sequence`: a token pattern with captures `s` and `o` (and `role`), e.g. ORG의 … PRODUCT.
- `apposition`: structures the entity stage finds: `"shape": "title"` (a person with a job title next to the
  organisation), `"maker"` (구글 제미나이), `"paren"` (a name in an organisation's parenthesis: 모아테크(대표 박지훈)).

A token pattern is a list of elements. An element tests one item of the sentence (a unit of
sentence.py, or a token): `ent` (coarse type or "*"), `type`, `role`, `particle`, `head`,
`lemma` (Kiwi's form or the token text), `lower`, `prefix`, `tag` (Kiwi tag prefix), `regex`,
`list` (a word list of data/), `word` (one to three tokens whose joined text is one of these, as
Kiwi may split 모회사 into 모 + 회사), `not` (an element that must not match), `any`/`tok`; with
`op` ('?', '*', '+', '{m,n}') and `cap`. `expand` on an entity element takes every member of its coordinated group.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kgraph.errors import KgraphError
from kgraph.nlp import lexicon as L
from kgraph.nlp.sentence import Item
from kgraph.predicates import predicates

DATA = Path(__file__).resolve().parent.parent / "data"
RULE_FILES = {"ko": DATA / "ko" / "relations.jsonl", "en": DATA / "en" / "relations.jsonl"}
KINDS = ("frame", "sequence", "apposition")
ROLES = {"bare", "subj", "partner", "partner_mod", "obj", "target", "from", "poss", "as", "than", "coord", "none",
         "for", "in", "by", "of", "at", "on", "over", "including"}
_ELEMENT_KEYS = {"ent", "type", "role", "particle", "head", "lemma", "lower", "prefix", "tag", "list", "not",
                 "any", "tok", "op", "cap", "expand", "regex", "word"}
_RULE_KEYS = {"id", "pred", "kind", "conf", "trigger", "subject", "object", "implied", "relative",
              "pair_members", "lift", "clause_has", "modality", "next_not", "object_not_followed_by",
              "reach", "pattern", "note", "pair_roles", "pair_all", "shape", "implied_object", "lift_products", "pair_reach", "partners_too",
              "implied_topic", "before_re", "pair_object", "possessed"}
_ARG_KEYS = {"roles", "side", "reach", "types", "clear", "last", "particles", "across"}
MAX_STAR = 12


class RuleError(KgraphError):
    """A rule file has a line kgraph cannot read; the message names the file, line and rule."""


@dataclass(frozen=True)
class Element:
    test: Callable[[Item], bool]
    lo: int
    hi: int
    cap: str | None
    expand: bool
    word: frozenset[str] | None = None    # 1-3 tokens whose joined text is one of these (모회사 = 모 + 회사)


@dataclass(frozen=True)
class Arg:
    roles: frozenset[str]
    side: str                   # before or after the trigger
    reach: int | None
    types: frozenset[str]
    clear: bool = False         # no other name may stand between the argument and the trigger
    last: bool = False          # only the last name of the group (a participle's subject)
    particles: frozenset[str] = frozenset()     # only a group ending in one of these (은/는: the topic)
    across: bool = False        # an object may belong to an earlier verb (B를 만나 협력을 논의)


@dataclass(frozen=True)
class Rule:
    id: str
    lang: str
    kind: str
    pred: str
    conf: float
    spec: dict = field(hash=False, compare=False)
    trigger: tuple[Element, ...] = ()
    pattern: tuple[Element, ...] = ()
    next_not: tuple[Element, ...] = ()
    subject: Arg | None = None
    object: Arg | None = None
    clause_has: tuple[frozenset[str], ...] = ()
    anchor: frozenset[str] | None = None      # texts one of which a sentence must hold (a cheap first test)
    anchored_first: bool = False              # the anchor is the trigger's first element: matches start there
    needs_ents: frozenset[str] = frozenset()  # coarse types a sequence's required names have

    def opt(self, name: str, default=None):
        return self.spec.get(name, default)


def _strings(value, where: str) -> frozenset[str]:
    if isinstance(value, str):
        return frozenset([value])
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return frozenset(value)
    raise RuleError(f"{where}: expected a string or a list of strings, not {value!r}")


def _op(op: str | None, where: str) -> tuple[int, int]:
    if op is None:
        return 1, 1
    fixed = {"?": (0, 1), "*": (0, MAX_STAR), "+": (1, MAX_STAR)}
    if op in fixed:
        return fixed[op]
    m = re.fullmatch(r"\{(\d+),(\d+)\}", op)
    if m and int(m.group(1)) <= int(m.group(2)):
        return int(m.group(1)), int(m.group(2))
    raise RuleError(f"{where}: unknown op {op!r}; use ?, *, +, or {{m,n}}")


def _tag_match(tag: str, wanted: frozenset[str]) -> bool:
    if "+" not in tag:
        return tag.startswith(tuple(wanted))
    return any(part.startswith(tuple(wanted)) for part in tag.split("+"))


def compile_test(spec: dict, where: str) -> Callable[[Item], bool]:
    """The test one element makes of an item."""
    bad = set(spec) - _ELEMENT_KEYS
    if bad:
        raise RuleError(f"{where}: unknown element key {sorted(bad)[0]!r}; use {', '.join(sorted(_ELEMENT_KEYS))}")
    checks: list[Callable[[Item], bool]] = []
    if "ent" in spec or any(k in spec for k in ("type", "role", "particle", "head")):
        ents = _strings(spec.get("ent", "*"), where)
        checks.append(lambda it: it.kind == "ent")
        if "*" not in ents:
            checks.append(lambda it, e=ents: it.unit.coarse in e)
        if "type" in spec:
            checks.append(lambda it, t=_strings(spec["type"], where): it.unit.ent.type in t)
        if "role" in spec:
            roles = _strings(spec["role"], where)
            if roles - ROLES:
                raise RuleError(f"{where}: unknown role {sorted(roles - ROLES)[0]!r}")
            checks.append(lambda it, r=roles: (it.unit.role if it.unit.modifier else
                                               it.group.role if it.group is not None else "") in r)
        if "particle" in spec:
            checks.append(lambda it, p=_strings(spec["particle"], where): it.unit.particle in p)
        if "head" in spec:
            checks.append(lambda it, h=_strings(spec["head"], where): it.unit.head in h)
    if any(k in spec for k in ("lemma", "lower", "prefix", "tag", "list", "tok", "regex")):
        checks.append(lambda it: it.kind == "tok")
    if "lemma" in spec:      # Kiwi's form of the word, or its text
        checks.append(lambda it, v=_strings(spec["lemma"], where): it.lemma in v or it.text in v)
    if "lower" in spec:
        checks.append(lambda it, v=_strings(spec["lower"], where): it.lower in v)
    if "prefix" in spec:
        checks.append(lambda it, v=tuple(_strings(spec["prefix"], where)): it.lower.startswith(v))
    if "tag" in spec:
        checks.append(lambda it, v=_strings(spec["tag"], where): _tag_match(it.tag, v))
    if "regex" in spec:
        rx = re.compile(spec["regex"])
        checks.append(lambda it, r=rx: r.fullmatch(it.text) is not None)
    if "list" in spec:
        name = spec["list"]
        try:
            entries = L.words(name)
        except KgraphError as err:
            raise RuleError(f"{where}: {err}") from None
        checks.append(lambda it, v=entries: it.text in v)
    if "not" in spec:
        inner = compile_test(spec["not"], where + " (not)")
        checks.append(lambda it, f=inner: not f(it))
    if "word" in spec:
        checks.append(lambda it: it.kind == "tok")
    if not checks and not spec.get("any"):
        raise RuleError(f"{where}: an element must test something (or say \"any\": true)")
    if len(checks) == 1:
        return checks[0]
    if not checks:
        return lambda it: True

    def test(it: Item) -> bool:
        for c in checks:
            if not c(it):
                return False
        return True
    return test


def compile_pattern(specs, where: str) -> tuple[Element, ...]:
    if not isinstance(specs, list) or not specs:
        raise RuleError(f"{where}: a pattern is a non-empty list of elements")
    out = []
    for n, spec in enumerate(specs):
        w = f"{where} element {n + 1}"
        if not isinstance(spec, dict):
            raise RuleError(f"{w}: expected an object, not {spec!r}")
        lo, hi = _op(spec.get("op"), w)
        word = _strings(spec["word"], w) if "word" in spec else None
        if word is not None and (lo, hi) != (1, 1):
            raise RuleError(f"{w}: a \"word\" element takes no op")
        out.append(Element(compile_test(spec, w), lo, hi, spec.get("cap"), bool(spec.get("expand")), word))
    return tuple(out)


def _arg(spec, where: str, default_side: str) -> Arg | None:
    if spec is None:
        return None
    if not isinstance(spec, dict) or set(spec) - _ARG_KEYS:
        raise RuleError(f"{where}: an argument is an object with {', '.join(sorted(_ARG_KEYS))}")
    roles = _strings(spec.get("roles", []), where)
    if roles - ROLES:
        raise RuleError(f"{where}: unknown role {sorted(roles - ROLES)[0]!r}; use {', '.join(sorted(ROLES))}")
    side = spec.get("side", default_side)
    if side not in ("before", "after"):
        raise RuleError(f"{where}: side must be before or after, not {side!r}")
    return Arg(roles, side, spec.get("reach"), _strings(spec.get("types", []), where), bool(spec.get("clear")),
               bool(spec.get("last")), _strings(spec.get("particles", []), where), bool(spec.get("across")))


def parse_rule(spec: dict, lang: str, where: str) -> Rule:
    if not isinstance(spec, dict):
        raise RuleError(f"{where}: expected a JSON object")
    rid = spec.get("id")
    if not isinstance(rid, str) or not re.fullmatch(r"[a-z]{2}\.[A-Za-z]+\.[\w.-]+", rid):
        raise RuleError(f"{where}: every rule needs an id like 'ko.supplies.to', not {rid!r}")
    where = f"{where} ({rid})"
    bad = set(spec) - _RULE_KEYS
    if bad:
        raise RuleError(f"{where}: unknown key {sorted(bad)[0]!r}")
    if not rid.startswith(lang + "."):
        raise RuleError(f"{where}: the id must start with the file's language {lang!r}")
    pred = spec.get("pred")
    if pred not in predicates():
        raise RuleError(f"{where}: unknown predicate {pred!r}; use one of {', '.join(predicates())}")
    kind = spec.get("kind")
    if kind not in KINDS:
        raise RuleError(f"{where}: kind must be one of {', '.join(KINDS)}, not {kind!r}")
    conf = spec.get("conf")
    if not isinstance(conf, (int, float)) or not 0 < conf <= 1:
        raise RuleError(f"{where}: conf must be a number in (0, 1], not {conf!r}")
    if spec.get("modality") not in (None, "stated", "planned", "discussed", "speculated"):
        raise RuleError(f"{where}: unknown modality {spec.get('modality')!r}")
    rule = dict(id=rid, lang=lang, kind=kind, pred=pred, conf=float(conf), spec=spec)
    if kind == "frame":
        rule["trigger"] = compile_pattern(spec.get("trigger"), where + " trigger")
        if "next_not" in spec:
            rule["next_not"] = compile_pattern(spec["next_not"], where + " next_not")
        rule["subject"] = _arg(spec.get("subject"), where + " subject", "before")
        rule["object"] = _arg(spec.get("object"), where + " object", "before" if lang == "ko" else "after")
        if rule["subject"] is None and rule["object"] is None:
            raise RuleError(f"{where}: a frame needs a subject or an object")
        rule["clause_has"] = tuple(_strings(x, where + " clause_has") for x in spec.get("clause_has", []))
        if "before_re" in spec:
            try:
                re.compile(spec["before_re"])
            except (re.error, TypeError) as err:
                raise RuleError(f"{where}: before_re is not a regular expression: {err}") from None
    elif kind == "apposition":
        if spec.get("shape", "title") not in ("title", "maker", "part", "implied", "paren", "list"):
            raise RuleError(f"{where}: shape must be title, maker, part, implied, paren or list, not {spec.get('shape')!r}")
    elif kind == "sequence":
        rule["pattern"] = compile_pattern(spec.get("pattern"), where + " pattern")
        caps = {json.dumps(e.get("cap")) for e in spec["pattern"]}
        if '"s"' not in caps or '"o"' not in caps:
            raise RuleError(f"{where}: a sequence must capture 's' and 'o'")
    specs = spec.get("trigger") if kind == "frame" else spec.get("pattern")
    rule["anchor"] = _anchor(specs or [])
    rule["anchored_first"] = bool(kind == "frame" and rule["anchor"] is not None and specs[0].get("op") is None
                                  and ("lemma" in specs[0] or "lower" in specs[0]))
    if kind == "sequence":
        rule["needs_ents"] = frozenset(e["ent"] for e in specs if isinstance(e.get("ent"), str) and e["ent"] != "*"
                                       and _op(e.get("op"), where)[0] >= 1)
    return Rule(**rule)


def _anchor(specs: list[dict]) -> frozenset[str] | None:
    """The words of the first required element that names words (lemma or lower), if any."""
    for el in specs:
        if _op(el.get("op"), "")[0] == 0:
            continue
        for key in ("lemma", "lower"):
            if key in el:
                v = el[key]
                return frozenset([v] if isinstance(v, str) else v)
    return None


def parse_rules(text: str, lang: str, source: str) -> list[Rule]:
    """Rules of one file (JSON Lines; lines starting with // or # are comments); ids are unique."""
    out: list[Rule] = []
    seen: set[str] = set()
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith(("//", "#")):
            continue
        try:
            spec = json.loads(line)
        except json.JSONDecodeError as err:
            raise RuleError(f"{source}:{n}: not valid JSON: {err.msg} at column {err.colno}") from None
        rule = parse_rule(spec, lang, f"{source}:{n}")
        if rule.id in seen:
            raise RuleError(f"{source}:{n}: duplicate rule id {rule.id!r}")
        seen.add(rule.id)
        out.append(rule)
    return out


@lru_cache(maxsize=1)
def rules() -> dict[str, tuple[Rule, ...]]:
    """Every rule, by language."""
    out = {}
    for lang, path in RULE_FILES.items():
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as err:
            raise RuleError(f"cannot read rule file {path}: {err}") from None
        out[lang] = tuple(parse_rules(text, lang, str(path.relative_to(DATA.parent))))
    return out


def rule_by_id(rule_id: str) -> Rule | None:
    for group in rules().values():
        for r in group:
            if r.id == rule_id:
                return r
    return None


# ------------------------------------------------------------------------------------------ matching
Captures = dict[str, list[Item]]


def match_at(elems: tuple[Element, ...], items: list[Item], i: int, caps: Captures | None = None
             ) -> tuple[int, Captures] | None:
    """Match a pattern at item `i`: (end index, captures), preferring fewer repetitions (lazy)."""
    caps = {} if caps is None else caps
    if not elems:
        return i, caps
    e, rest = elems[0], elems[1:]
    if e.word is not None:      # 모회사 as one token or as 모 + 회사: Kiwi splits words differently in context
        joined = ""
        for k in range(i, min(len(items), i + 3)):
            if not e.test(items[k]):
                break
            joined += items[k].text
            if joined in e.word:
                got = dict(caps)
                if e.cap:
                    got[e.cap] = got.get(e.cap, []) + items[i:k + 1]
                found = match_at(rest, items, k + 1, got)
                if found is not None:
                    return found
        return None
    j, taken = i, []
    for _ in range(e.lo):
        if j >= len(items) or not e.test(items[j]):
            return None
        taken.append(items[j])
        j += 1
    count = e.lo
    while True:
        got = caps
        if e.cap and taken:
            got = dict(caps)
            got[e.cap] = got.get(e.cap, []) + taken
        found = match_at(rest, items, j, got)
        if found is not None:
            return found
        if count >= e.hi or j >= len(items) or not e.test(items[j]):
            return None
        taken = taken + [items[j]]
        j += 1
        count += 1


def find_all(elems: tuple[Element, ...], items: list[Item], starts: list[int] | None = None
             ) -> list[tuple[int, int, Captures]]:
    """Every non-overlapping match, left to right: (start, end, captures); only from `starts` when given."""
    out = []
    first = elems[0] if elems and elems[0].lo >= 1 and elems[0].word is None else None
    end = -1
    for i in (range(len(items)) if starts is None else starts):
        if i < end or (first is not None and not first.test(items[i])):
            continue
        m = match_at(elems, items, i)
        if m is not None and m[0] > i:
            out.append((i, m[0], m[1]))
            end = m[0]
    return out
