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
_NAME = rf"{_WORD}(?:(?:\s|\s&\s){_WORD}){{0,3}}{_TAIL}"      # (Orion Management & Research)
_PNAME = r"[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?(?:\s[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?){1,2}"
_VERSION = r"\d+(?:\.\d+)?(?:[A-Za-z]{1,2}|x\d+[A-Z])?"
_TIERS = ("Pro", "Ultra", "Sonnet", "Opus", "Haiku", "Flash", "mini", "Mini", "Turbo", "Max", "Plus", "Lite",
          "Nano", "Behemoth", "Scout", "Maverick", "Elite", "Edge", "Fold", "Flip")
_TIER = "(?:" + "|".join(_TIERS) + r")(?:\s?\d+)?"
VERSION_TAIL = re.compile(rf"(?: ?-?(?:{_VERSION}|[A-Z]\d{{1,4}}[a-z]?)(?: {_TIER})*| {_TIER}(?: {_TIER})*)"   # (on one line)
                          r"(?=$|[^\w.-]|[.-](?![A-Za-z0-9])|(?:을|를|이|가|은|는|의|에|와|과|도|로|으로|부터|까지|에서|처럼|보다)"
                          r"(?![가-힣]))")     # (a Korean particle may follow, 엑사원 5.0을, a counter not: 35만개, 8단)
_EVENTS = {"Congress", "Conference", "Summit", "Expo", "Forum", "Show", "Week", "Cup", "Games", "Festival"}


@lru_cache(maxsize=1)
def _lists():
    titles = sorted(L.EN_TITLES, key=len, reverse=True)
    title_rx = "|".join(re.escape(t) for t in titles)
    strong = [t for t in titles if L.EN_TITLES[t][0][0].isupper() or
              any(w in t for w in ("founder", "chief", "chair", "president"))]
    return {
        "title": f"(?i:{title_rx})",
        "strong": "(?i:" + "|".join(re.escape(t) for t in strong) + ")",
        "not_names": L.words("en/not_names.txt"),
        "org_cues": L.words("en/org_cues.txt"),
        "appositives": L.words("en/org_appositives.txt"),
        "product_cues": dict(L.table("en/product_cues.tsv", 2)),
        "adjectives": L.words("en/not_name_adjectives.txt"),
        "months": L.words("en/months.tsv"),
    }


# Words that make a phrase a person's title, not an organisation's name ("Globex CEO Jane Doe")
_TITLE_WORDS = {"CEO", "CTO", "CFO", "COO", "CSO", "CPO", "Chief", "Officer", "President", "Chairman", "Founder",
                "Co-founder", "Chairwoman", "VP"}
_CORP_TAIL = re.compile(r",?\s(?:Inc|Corp|Corporation|Co|Ltd|LLC|plc)\.?$")


@lru_cache(maxsize=1)
def _months() -> frozenset:
    return frozenset(w.lower() for w in _lists()["months"])


def _not_a_name_word(word: str) -> bool:
    """Sentence adverbs (Currently, Interestingly), hyphenated adjectives (High-performance, AI-powered),
    demonyms."""
    lists = _lists()
    return word in lists["adjectives"] or re.fullmatch(r"[A-Z][a-z]+ly", word) is not None or \
        re.fullmatch(r"[A-Z][A-Za-z]*-[a-z]+(?:-[a-z]+)*", word) is not None


def _clean(name: str) -> str | None:
    """The name without leading words that cannot begin a name; None if nothing is left."""
    words = name.split()
    lists = _lists()
    while words and (words[0] in lists["not_names"] or words[0].lower() in L.EN_TITLES or
                     _not_a_name_word(words[0])):
        words.pop(0)
    while words and words[-1] in lists["not_names"]:
        words.pop()
    if not words:
        return None
    out = " ".join(words)
    if out in L.PLACES or out in L.GENERIC_ACRONYMS or len(out) < 2 or out.rstrip(".") in ("Inc", "Corp", "Co", "Ltd"):
        return None
    return out


def _org_name(name: str | None) -> str | None:
    """An organisation's cleaned name, or None when a title word shows a person in it."""
    if name is None or any(w in _TITLE_WORDS for w in name.split()):
        return None
    return name


def _maker_and_word(name: str) -> bool:
    """Orion Large, Orion Studio: a known company's name and a word that is no organisation's ending names
    its product or unit, not another member of a list of companies."""
    from kgraph.names import normalise_name
    from kgraph.reference import alias_index
    words = name.split()
    return len(words) == 2 and bool(alias_index().get(normalise_name(words[0]))) and \
        words[1].rstrip(".") not in L.EN_ORG_ENDINGS


def _with_reference(span):
    """Globex Corp., Acme Platforms Inc.: a known company with its legal ending is that company."""
    if span is None:
        return None
    from kgraph.model import coarse
    from kgraph.names import normalise_name
    from kgraph.reference import alias_index
    base = _CORP_TAIL.sub("", span.text)
    if base != span.text:
        for name in (span.text, span.text + ".", span.text.rstrip("."), base, re.sub(r"\.com$", "", base)):
            # (SoftBank Corp. is not SoftBank; Amazon.com Inc. is Amazon)
            hits = [e for e in alias_index().get(normalise_name(name), []) if coarse(e.type) == "Organization"]
            if hits:
                span.ref, span.type = hits[0], hits[0].type
                break
    return span


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
        # Globex CEO Jane Park / Brightwave's CEO Kim Min-jun / Orion CEO and Chairman Sam Obi
        (rf"(?P<org>{_NAME})(?:['’]s?)?\s(?P<title>{strong})(?:\sand\s(?:{strong}))?\s(?P<name>{_PNAME})\b", 0),
        # Tom Reyes, chief executive of Initech / Ann Kim (left), formerly chief product officer at Globex
        (rf"(?P<name>{_PNAME})(?:\s\([a-z ]{{1,15}}\))?,\s(?:the\s|its\s|a\s|an\s)?"
         rf"(?:former\s|formerly\s|interim\s|new\s|current\s)?(?:global\s|senior\s)?"
         rf"(?P<title>{t})(?:\sand\s(?:{t}))?\s(?:of|at)\s(?:the\s)?(?P<org>{_NAME})", 0),
        # Tim Cook, Apple's CEO
        (rf"(?P<name>{_PNAME})(?:\s\([a-z ]{{1,15}}\))?,\s(?P<org>{_NAME})['’]s?\s(?P<title>{t})\b", 0),
        # a new hire, Lee Vance, its head of strategy: the organisation named last before it
        (rf"(?P<name>{_PNAME}),\s(?P<its>its|their)\s(?:new\s|former\s)?(?P<title>{t})\b", 0),
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
                o = _org_name(_clean(m.group("org")))
                if o and (o.split()[-1] + " " + m.group("title")).lower() in L.EN_TITLES:
                    o = None        # French Finance Minister: "Finance Minister" is the title
                if o:
                    s = m.start("org") + m.group("org").index(o)
                    org = (s, s + len(o))
                    if not any(k.start <= s and s + len(o) <= k.end for k in orgs) and \
                            o not in lists["not_names"] and not o.isdigit():
                        # the organisation of "Orion CEO Sam Obi" is one even if no list knows it
                        _add(out, _span(text, s, o, "Company", "en-person-org"))
            if "its" in m.groupdict():
                sent_start = max(text.rfind(". ", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
                before = [o for o in orgs if sent_start <= o.start and o.end <= m.start()]
                if before:
                    org = (before[-1].start, before[-1].end)
            _add(out, _span(text, m.start("name"), name, "Person", "en-person", title=m.group("title"),
                             org_span=org))
    # Oracle's (ORCL) Lena Park / OpenAI's Greg Brockman: a known organisation's possessive and a person's
    # name, not a product's (no tier, cue or organisation word in it), followed by no further capital word
    for o in orgs:
        m = re.match(rf"['’]s?\s(?:\([A-Z]{{2,5}}\)\s)?(?P<name>{_PNAME})\b(?![\w’'-]|\s[A-Z0-9])", text[o.end:o.end + 60])
        if m and not any(w in lists["not_names"] or w in L.EN_ORG_ENDINGS or w in _TIERS or _not_a_name_word(w) or
                         w.lower() in L.EN_TITLES or w.lower() in lists["product_cues"] for w in m.group("name").split()):
            _add(out, _span(text, o.end + m.start("name"), m.group("name"), "Person", "en-person-poss"))
            # (the relation is the rule en.worksFor.org-person's to state)
    # President Trump, Chairman Obi: a strong title and a family name alone
    for m in re.finditer(r"(?<![\w’'])(?P<title>President|Chairman|Chairwoman|Prime Minister|Senator|Governor)\s"
                         r"(?P<name>[A-Z][a-z]{2,})\b(?![\w’'-]|\s[A-Z])", text):
        if m.group("name") not in lists["not_names"] and not _not_a_name_word(m.group("name")) and \
                m.group("name").lower() not in L.EN_TITLES:
            _add(out, _span(text, m.start("name"), m.group("name"), "Person", "en-person-surname",
                             title=m.group("title")))
    # Dana Moss of Initech: a person's name, "of", a known organisation
    for o in orgs:
        m = re.search(rf"(?<![\w’'])(?P<name>{_PNAME})\s(?:of|at)\s$", text[max(0, o.start - 50):o.start])
        if m and not any(w in lists["not_names"] or w in L.EN_ORG_ENDINGS or _not_a_name_word(w) or
                         w.lower() in L.EN_TITLES for w in m.group("name").split()):
            _add(out, _span(text, max(0, o.start - 50) + m.start("name"), m.group("name"), "Person", "en-person-of",
                             org_span=(o.start, o.end)))
    people = [p for p in out if p.type == "Person"]
    out = [p for p in out if p.type != "Person"]
    best: dict = {}
    for p in people:                 # one span per name: the shape that names an organisation wins
        k = (p.start, p.end)
        if k not in best or (best[k].org_span is None and p.org_span is not None):
            best[k] = p
    return out + list(best.values())


_EN_ORG_RE = re.compile(rf"(?<![\w’'])({_WORD}(?:(?:\s|\s&\s){_WORD}){{0,3}}\s(?:Inc\.?|Corp\.?|Corporation|Company|Ltd\.?|Labs|"
                        r"Technologies|Holdings|Group|Capital|Ventures|Partners|Systems|Robotics|Semiconductor|"
                        r"University|Institute|Foundation|Bank|Networks|Electronics|Motors?|Telecom|Financial|Industries|Services))(?![\w])")


def org_spans(text: str, known: list) -> list:
    """Organisations by ending, cue noun, appositive, and by being listed with a known organisation."""
    lists = _lists()
    out = []
    for m in _EN_ORG_RE.finditer(text):
        name = _org_name(_clean(m.group(1)))
        if name and " " in name:
            _add(out, _with_reference(_span(text, m.start(1), name, "Company", "en-org")))
    cues = "|".join(sorted((re.escape(c) for c in lists["org_cues"]), key=len, reverse=True))
    # a listed company's ticker: Orion (ORNX), Orion’s (ORNX) — not an acronym of the name (High Bandwidth
    # Memory (HBM)) nor a generic one (finder en-org-ticker)
    for m in re.finditer(rf"(?<![\w’'])(?P<name>{_NAME})(?:['’]s?)?\s\((?:(?:NASDAQ|NYSE|KRX|TYO|LSE):\s?)?"
                         r"(?P<ticker>[A-Z]{2,5})\)", text):
        name = _org_name(_clean(m.group("name")))
        initials = "".join(w[0] for w in re.split(r"[\s-]", name or "") if w).upper()
        if name and m.group("ticker") not in L.GENERIC_ACRONYMS and initials != m.group("ticker") and \
                not re.fullmatch(_PNAME, name):
            _add(out, _with_reference(_span(text, m.start("name") + m.group("name").find(name), name, "Company",
                                            "en-org-ticker")))
    # (xAI: a cue noun may be followed by a name opening in lower case)
    for m in re.finditer(rf"\b(?:{cues})s?\s(?P<name>[a-z][A-Z][A-Za-z0-9]*\b)", text):
        _add(out, _span(text, m.start("name"), m.group("name"), "Company", "en-org-cue"))
    for m in re.finditer(rf"\b(?:{cues})s?\s(?P<name>{_NAME})", text):      # (firms, conglomerates)
        name = _org_name(_clean(m.group("name")))
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
            name = _org_name(_clean(m.group(g)))
            if name and name == m.group(g):
                _add(out, _span(text, m.start(g), name, "Company", "en-org-prep"))
    # listed with a known organisation: "Apple, Amazon, and Meta"
    # (a member found this way makes its own neighbours members: "A, B, C and D" with only A known,
    # a legal ending aside: "X, Inc. and Y")
    known_orgs = {(s.start, s.end) for s in known} | {(s.start, s.end) for s in out if s.type == "Company"}
    done: set = set()
    for _ in range(6):
        found = []
        for s0, s1 in known_orgs - done:
            done.add((s0, s1))
            m = re.match(rf"(?:,?\s(?:Inc|Corp|Ltd)\.?)?(?:,\s(?:and\s|or\s)?|\sand\s|\sor\s|\s&\s)(?P<name>{_NAME})",
                         text[s1:s1 + 60])
            if m:
                name = _org_name(_clean(m.group("name")))
                if name and name == m.group("name"):
                    found.append(_span(text, s1 + m.start("name"), name, "Company", "en-org-list"))
            before = re.search(rf"(?P<name>{_NAME})(?:,\s(?:and\s)?|\sand\s|\sor\s)$", text[max(0, s0 - 60):s0])
            if before:
                name = _org_name(_clean(before.group("name")))
                if name and name == before.group("name") and not re.match(r"[a-z]", name):
                    found.append(_span(text, max(0, s0 - 60) + before.start("name"), name, "Company", "en-org-list"))
        found = [f for f in found if f is not None and (f.start, f.end) not in known_orgs and
                 not _maker_and_word(f.text)]
        if not found:
            break
        for f in found:
            _add(out, _with_reference(f))
            known_orgs.add((f.start, f.end))
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
    # its autonomous robot, Rova, which … / its model, "Nova Canvas," …: the cue noun, then the name apart
    for m in re.finditer(rf"\b(?P<cue>{cue_rx}),\s[“\"‘]?(?P<name>{_WORD}(?:\s{_WORD}){{0,2}}),?[”\"’]?"
                         rf"(?=,|\.|\s(?:which|that|and|is|was)\b)", text):
        name = _clean(m.group("name"))
        if name and name == m.group("name"):
            _add(out, _span(text, m.start("name"), name, cues[m.group("cue")], "en-product-cue"))
    # (one lower-case adjective may stand between: its Quill digital helper)
    for m in re.finditer(rf"(?<![\w’'])(?P<name>{_NAME})\s(?:[a-z]{{2,10}}(?:al|ic|ive|ous|ed|ary|ent|ant|ful|ble)\s)?"
                         rf"(?P<cue>{cue_rx})s?\b", text):
        name = _clean(m.group("name"))
        if name and name == m.group("name"):
            _add(out, _span(text, m.start("name"), name, cues[m.group("cue")], "en-product-cue"))
            # its Quill, Ledger, and Pigeon apps: the names listed before share the cue
            pos = m.start("name")
            for _ in range(5):
                b = re.search(rf"(?<![\w’'])(?P<n>{_WORD}(?:\s{_WORD})?)(?:,\s(?:and\s|or\s)?|\sand\s|\sor\s)$",
                              text[max(0, pos - 40):pos])
                if not b:
                    break
                n = _clean(b.group("n"))
                if not n or n != b.group("n"):
                    break
                pos = max(0, pos - 40) + b.start("n")
                _add(out, _span(text, pos, n, cues[m.group("cue")], "en-product-list"))
    # Alibaba's Qwen, Globex's Atlas-X, Brightwave's upcoming Nova 3 Pro
    for o in orgs:
        adj = r"(?:(?:new|latest|upcoming|next|own|in-house|flagship|next-generation|native|newest|first)\s)*"
        m = re.match(rf"['’]s?\s{adj}[“\"‘](?P<name>{_WORD}(?:\s{_WORD}){{0,2}}),?[”\"’]", text[o.end:o.end + 80]) or \
            re.match(rf"['’]s?\s{adj}(?P<name>{one})(?![\w.-]*\w)(?!\s[A-Z][a-z])", text[o.end:o.end + 80])
        if m:
            name = _clean(m.group("name"))
            if name and name == m.group("name") and not re.fullmatch(_PNAME, name):
                _add(out, _span(text, o.end + m.start("name"), name, "Product", "en-product-poss"))
    # names with a version: Claude 4.5 Sonnet, Exynos 2700, Galaxy S30, Llama 5 Titan
    # (iOS 19: a lower-case letter may open the name; Jul 28 2025, Published Jun 11: dates are no names)
    for m in re.finditer(rf"(?<![\w’'.-])(?P<name>(?:{_WORD}|[a-z][A-Z][A-Za-z]*)(?:\s{_WORD})?\s(?:{_VERSION}|[A-Z]\d+)"
                         rf"(?:\s{_TIER})*)(?![\w.-]*\w)", text):
        name = _clean(m.group("name"))
        words = (name or "").split()
        if not name or len(words) < 2 or words[0] in _EVENTS or words[-2] in _EVENTS or \
                any(w.rstrip(".").lower() in _months() for w in words) or \
                re.fullmatch(r"(?:19|20)\d\d", words[-1]) or not re.search(r"\d", name):
            continue
        _add(out, _span(text, m.start("name"), name, "Product", "en-version"))
    return out


def appositive_product_spans(text: str, orgs: list) -> list:
    """Bixo, Orion's voice assistant: a name with an appositive whose head is a product noun after an
    organisation's possessive or an article (finder en-product-appositive); "its chips, Trainor and Inferno,
    for …": the names listed after a cue noun and a comma."""
    cues = _lists()["product_cues"]
    cue_rx = "|".join(sorted((re.escape(c) for c in cues), key=len, reverse=True))
    out = []
    org_end = {o.end for o in orgs}
    for m in re.finditer(rf"(?<![\w’'])(?P<name>{_WORD}(?:\s{_WORD}){{0,2}}),\s(?:(?P<org>{_NAME})['’]s?|a|an|the|its)\s"
                         rf"(?:[\w-]+\s){{0,3}}?(?P<cue>{cue_rx})s?(?=[,.;)]|\s(?:that|which|and|for|from|with|in|on|to|by)\b)",
                         text):
        if m.group("org") and m.end("org") not in org_end:
            continue
        name = _clean(m.group("name"))
        if name and name == m.group("name") and not re.fullmatch(_PNAME, name):
            _add(out, _span(text, m.start("name"), name, cues[m.group("cue")], "en-product-appositive"))
    for m in re.finditer(rf"\b(?P<cue>{cue_rx})s?,\s(?P<a>{_WORD}(?:\s{_WORD})?)(?:,\s|\sand\s)(?:and\s)?"
                         rf"(?P<b>{_WORD}(?:\s{_WORD})?),", text):
        for g in ("a", "b"):
            name = _clean(m.group(g))
            if name and name == m.group(g):
                _add(out, _span(text, m.start(g), name, cues[m.group("cue")], "en-product-list"))
    return out


def released_product_spans(text: str) -> list:
    """Apple unveils ‘Nova Mind’ / launched "Quill": a quoted name after a verb of release is a product
    (finder en-released)."""
    out = []
    for m in re.finditer(rf"\b(?:unveil|launch|release|introduce|debut|roll(?:s|ed|ing)? out)(?:s|ed|es|ing)?\s"
                         rf"(?:its\s|the\s|a\s|new\s)*[‘“\"](?P<name>{_WORD}(?:\s{_WORD}){{0,2}})[’”\"]", text):
        name = _clean(m.group("name"))
        if name and name == m.group("name"):
            _add(out, _span(text, m.start("name"), name, "Product", "en-released"))
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
