"""Names in English text that are in no list, found by the shapes English news gives them.

- People next to a job title (data/en/titles.tsv): "Globex CEO Jane Park", "Brightwave's CEO Kim
  Min-jun", "Tom Reyes, chief executive of Initech", "Tim Cook, Apple's CEO", "co-founder Ann Kim".
- Organisations by their ending (Inc., Technologies, Ventures), by a cue noun before them ("AI firm
  Zentrix", data/en/org_cues.txt), by an appositive after them ("Zentrix, a startup …"), and by
  being listed with a known organisation ("at Zorb Eats and Plexon").
- Products by a cue noun before or after them ("AI chip Nova", "the Exynos 2700 chip"), by an
  organisation's possessive ("Brightwave's Nova"), and by a version ("Claude 4.5 Sonnet", "Galaxy S30").
"""
from __future__ import annotations

import re
from functools import lru_cache

from kgraph.nlp import lexicon as L

_WORD = r"[A-Z][A-Za-z0-9]*(?:(?:[.&-]|[’'](?!s\b))[A-Za-z0-9]+)*"
_TAIL = r"(?:\s(?:Inc|Corp|Ltd|Co)\.)?"
_NAME = rf"{_WORD}(?:\s{_WORD}){{0,3}}{_TAIL}"
_PNAME = r"[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?(?:\s[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?){1,2}"
_VERSION = r"\d+(?:\.\d+)?(?:[A-Za-z]{1,2}|x\d+[A-Z])?"
_TIERS = ("Pro", "Ultra", "Sonnet", "Opus", "Haiku", "Flash", "mini", "Mini", "Turbo", "Max", "Plus", "Lite",
          "Nano", "Behemoth", "Scout", "Maverick", "Elite", "Edge", "Fold", "Flip")
_TIER = "(?:" + "|".join(_TIERS) + r")(?:\s?\d+)?"
VERSION_TAIL = re.compile(rf"(?:\s?-?{_VERSION}(?:\s{_TIER})*|\s{_TIER}(?:\s{_TIER})*)(?![\w.-]*\w)")
_EVENTS = {"Congress", "Conference", "Summit", "Expo", "Forum", "Show", "Week", "Cup", "Games", "Festival"}


@lru_cache(maxsize=1)
def _lists():
    titles = sorted(L.EN_TITLES, key=len, reverse=True)
    title_rx = "|".join(re.escape(t) for t in titles)
    strong = [t for t in titles if L.EN_TITLES[t][0].isupper() or
              any(w in t for w in ("founder", "chief", "chair", "president"))]
    return {
        "title": f"(?i:{title_rx})",
        "strong": "(?i:" + "|".join(re.escape(t) for t in strong) + ")",
        "not_names": L.words("en/not_names.txt"),
        "org_cues": L.words("en/org_cues.txt"),
        "appositives": L.words("en/org_appositives.txt"),
        "product_cues": dict(L.table("en/product_cues.tsv", 2)),
    }


def _clean(name: str) -> str | None:
    """The name without leading words that cannot begin a name; None if nothing is left."""
    words = name.split()
    lists = _lists()
    while words and (words[0] in lists["not_names"] or words[0].lower() in L.EN_TITLES):
        words.pop(0)
    while words and words[-1] in lists["not_names"]:
        words.pop()
    if not words:
        return None
    out = " ".join(words)
    if out in L.PLACES or out in L.GENERIC_ACRONYMS or len(out) < 2:
        return None
    return out


def _span(text: str, start: int, name: str, type_: str, source: str, **kw):
    """The span of `name` (cleaned words of a match) at or after `start`; None when the words are not
    on one line in the text: a match whose whitespace was a line break ("KBS\n6G 백서") is no name."""
    from kgraph.nlp.chunks import Span
    s = text.find(name, start, start + len(name) + 200)      # _clean drops leading words only
    if s < 0:
        return None
    return Span(s, s + len(name), name, type_, None, source, **kw)


def _add(out: list, span) -> None:
    if span is not None:
        out.append(span)


def person_spans(text: str, orgs: list = ()) -> list:
    """People next to a job title, with their organisation where the shape names one ("its CEO, X":
    the organisation named last before it in the sentence)."""
    lists = _lists()
    t, strong = lists["title"], lists["strong"]
    out = []
    shapes = [
        # Globex CEO Jane Park / Brightwave's CEO Kim Min-jun
        (rf"(?P<org>{_NAME})(?:['’]s?)?\s(?P<title>{strong})\s(?P<name>{_PNAME})\b", 0),
        # Tom Reyes, chief executive of Initech / Ann Kim, formerly chief product officer at Globex
        (rf"(?P<name>{_PNAME}),\s(?:the\s|its\s|a\s|an\s)?(?:former\s|formerly\s|interim\s|new\s|current\s)?"
         rf"(?P<title>{t})(?:\sand\s(?:{t}))?\s(?:of|at)\s(?:the\s)?(?P<org>{_NAME})", 0),
        # Tim Cook, Apple's CEO
        (rf"(?P<name>{_PNAME}),\s(?P<org>{_NAME})['’]s?\s(?P<title>{t})\b", 0),
        # hired its CEO, Jane Park
        (rf"\b(?P<its>its|their)\s(?P<title>{strong}),?\s(?P<name>{_PNAME})\b", 0),
        # co-founder Ann Kim / CEO Jane Park (no organisation in the shape)
        (rf"(?<![\w’'])(?P<title>{strong})\s(?P<name>{_PNAME})\b", 0),
    ]
    for rx, flags in shapes:
        for m in re.finditer(rx, text, flags):
            name = m.group("name")
            if not name[0].isupper() or any(w in lists["not_names"] for w in name.split()):
                continue
            org = None
            if "org" in m.groupdict() and m.group("org"):
                o = _clean(m.group("org"))
                if o:
                    s = m.start("org") + m.group("org").index(o)
                    org = (s, s + len(o))
            if "its" in m.groupdict():
                sent_start = max(text.rfind(". ", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
                before = [o for o in orgs if sent_start <= o.start and o.end <= m.start()]
                if before:
                    org = (before[-1].start, before[-1].end)
            _add(out, _span(text, m.start("name"), name, "Person", "en-person", title=m.group("title"),
                             org_span=org))
    best: dict = {}
    for p in out:                    # one span per name: the shape that names an organisation wins
        k = (p.start, p.end)
        if k not in best or (best[k].org_span is None and p.org_span is not None):
            best[k] = p
    return list(best.values())


_EN_ORG_RE = re.compile(rf"(?<![\w’'])({_WORD}(?:\s{_WORD}){{0,3}}\s(?:Inc\.?|Corp\.?|Corporation|Ltd\.?|Labs|"
                        r"Technologies|Holdings|Group|Capital|Ventures|Partners|Systems|Robotics|Semiconductor|"
                        r"University|Institute|Foundation|Bank|Networks|Electronics|Motors?|Telecom|Financial))(?![\w])")


def org_spans(text: str, known: list) -> list:
    """Organisations by ending, cue noun, appositive, and by being listed with a known organisation."""
    lists = _lists()
    out = []
    for m in _EN_ORG_RE.finditer(text):
        name = _clean(m.group(1))
        if name and " " in name:
            _add(out, _span(text, m.start(1), name, "Company", "en-org"))
    cues = "|".join(sorted((re.escape(c) for c in lists["org_cues"]), key=len, reverse=True))
    for m in re.finditer(rf"\b(?:{cues})\s(?P<name>{_NAME})", text):
        name = _clean(m.group("name"))
        if name:
            _add(out, _span(text, m.start("name"), name, "Company", "en-org-cue"))
    apps = "|".join(sorted((re.escape(c) for c in lists["appositives"]), key=len, reverse=True))
    for m in re.finditer(rf"(?P<name>{_NAME}),\s(?:a|an|the)\s(?:[\w’'-]+\s){{0,4}}?(?:{apps})\b", text):
        name = _clean(m.group("name"))
        if name:
            _add(out, _span(text, m.start("name"), name, "Company", "en-org-appositive"))
    # a division: Samsung's Visual Display division
    for m in re.finditer(rf"(?P<org>{_NAME})['’]s?\s(?P<name>[A-Z][\w-]*(?:\s[A-Za-z][\w-]*){{0,3}})\s"
                         r"(?:division|unit|business|arm|subsidiary)\b", text):
        _add(out, _span(text, m.start("name"), m.group("name"), "Division", "en-division",
                         org_span=(m.start("org"), m.end("org"))))
    # two names after a preposition: "at Zorb Eats and Plexon", "from Honda and Sony"
    for m in re.finditer(rf"\b(?:at|from|with|by|including|between)\s(?P<a>{_NAME})(?:,\s|\sand\s)(?:and\s)?"
                         rf"(?P<b>{_NAME})\b", text):
        for g in ("a", "b"):
            name = _clean(m.group(g))
            if name and name == m.group(g):
                _add(out, _span(text, m.start(g), name, "Company", "en-org-prep"))
    # listed with a known organisation: "Apple, Amazon, and Meta"
    known_orgs = {(s.start, s.end) for s in known}
    for s0, s1 in known_orgs:
        m = re.match(rf"(?:,\s(?:and\s|or\s)?|\sand\s|\sor\s|\s&\s)(?P<name>{_NAME})", text[s1:s1 + 60])
        if m:
            name = _clean(m.group("name"))
            if name and name == m.group("name"):
                _add(out, _span(text, s1 + m.start("name"), name, "Company", "en-org-list"))
        before = re.search(rf"(?P<name>{_NAME})(?:,\s(?:and\s)?|\sand\s|\sor\s)$", text[max(0, s0 - 60):s0])
        if before:
            name = _clean(before.group("name"))
            if name and name == before.group("name") and not re.match(r"[a-z]", name):
                _add(out, _span(text, max(0, s0 - 60) + before.start("name"), name, "Company", "en-org-list"))
    return out


def product_spans(text: str, orgs: list) -> list:
    """Products by cue noun before or after, by an organisation's possessive, and by a version."""
    lists = _lists()
    cues = lists["product_cues"]
    cue_rx = "|".join(sorted((re.escape(c) for c in cues), key=len, reverse=True))
    out = []
    one = rf"{_WORD}(?:\s{_VERSION})?(?:\s{_TIER})*"
    for m in re.finditer(rf"\b(?P<cue>{cue_rx})\s(?P<name>{one})", text):
        name = _clean(m.group("name"))
        if name and not name.isdigit():
            _add(out, _span(text, m.start("name"), name, cues[m.group("cue")], "en-product-cue"))
    for m in re.finditer(rf"(?<![\w’'])(?P<name>{_NAME})\s(?P<cue>{cue_rx})\b", text):
        name = _clean(m.group("name"))
        if name and name == m.group("name"):
            _add(out, _span(text, m.start("name"), name, cues[m.group("cue")], "en-product-cue"))
    # Alibaba's Qwen, Globex's Atlas-X, Brightwave's upcoming Nova 3 Pro
    for o in orgs:
        m = re.match(rf"['’]s?\s(?:(?:new|latest|upcoming|next|own|in-house|flagship|next-generation|native|"
                     rf"newest|first)\s)*(?P<name>{one})\b(?!\s[A-Z][a-z])", text[o.end:o.end + 80])
        if m:
            name = _clean(m.group("name"))
            if name and name == m.group("name") and not re.fullmatch(_PNAME, name):
                _add(out, _span(text, o.end + m.start("name"), name, "Product", "en-product-poss"))
    # names with a version: Claude 4.5 Sonnet, Exynos 2700, Galaxy S30, Llama 5 Titan
    for m in re.finditer(rf"(?<![\w’'.-])(?P<name>{_WORD}(?:\s{_WORD})?\s(?:{_VERSION}|[A-Z]\d+)(?:\s{_TIER})*)"
                         rf"(?![\w.-]*\w)", text):
        name = _clean(m.group("name"))
        words = (name or "").split()
        if not name or len(words) < 2 or words[0] in _EVENTS or words[-2] in _EVENTS or \
                re.fullmatch(r"(?:19|20)\d\d", words[-1]) or not re.search(r"\d", name):
            continue
        _add(out, _span(text, m.start("name"), name, "Product", "en-version"))
    return out


def quoted_product_spans(text: str) -> list:
    """‘KORA’, a new AI inference chip: a quoted name followed by an appositive with a product noun."""
    cues = _lists()["product_cues"]
    cue_rx = "|".join(sorted((re.escape(c) for c in cues), key=len, reverse=True))
    out = []
    for m in re.finditer(rf"(?<![\w])[‘“](?P<name>{_WORD}(?:\s{_WORD}){{0,2}})[’”],\s(?:a|an|the)\s"
                         rf"(?:[\w-]+\s){{0,3}}(?P<cue>{cue_rx})\b", text):
        _add(out, _span(text, m.start("name"), m.group("name"), cues[m.group("cue")], "en-quoted"))
    return out
