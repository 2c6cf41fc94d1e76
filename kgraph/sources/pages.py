"""Web pages to article text and metadata, for .html files and fetched pages alike.

The main text is found by trafilatura (menus, share buttons, related-article lists, comment sections
and footers left out by where they sit in the page, not by what they say); the metadata are read in
this order: the page's own tags (og:title, <link rel=canonical>, article:published_time with its time
zone, og:site_name), then what trafilatura finds (JSON-LD, bylines, the site name), and the date from
htmldate (never a URL given to it: it would fetch one). Before trafilatura sees the page, the parts
that are never article text are removed (scripts, styles, frames, navigation, footers, buttons), so
that its fallback on a very short page does not take them either. When trafilatura finds no main text,
the page's visible text is used, as before trafilatura (a page of one paragraph). Either text then goes
through clean_text (bylines, boilerplate lines, repeated captions).
"""
from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from kgraph.errors import LoadError
from kgraph.model import Document
from kgraph.sources.documents import make_document, sha256
from kgraph.sources.encodings import decode_noted
from kgraph.sources.fetch import check_address

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)    # it logs each short page it falls back on
logging.getLogger("htmldate").setLevel(logging.CRITICAL)

# never article text, whatever the page: removed before trafilatura, and skipped by the plain reader
NEVER_TEXT = ("script", "style", "noscript", "iframe", "template", "svg", "nav", "footer", "button", "object",
              "embed", "canvas")


class VisibleText(HTMLParser):
    """Visible text and metadata of an HTML page; scripts, styles and frames dropped."""

    SKIP = set(NEVER_TEXT) | {"head", "form"}
    BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "header",
             "blockquote", "figcaption", "pre", "table", "ul", "ol", "dd", "dt"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.in_title = False
        self.title = ""
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "link" and "canonical" in a.get("rel", "").lower().split() and a.get("href"):
            self.meta.setdefault("canonical", a["href"].strip())
            return
        if tag == "meta":
            name = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if name and a.get("content"):
                self.meta.setdefault(name, a["content"])
            return
        if tag == "html" and a.get("lang"):
            self.meta.setdefault("lang", a["lang"])
        if tag == "title":
            self.in_title = True
        if tag in self.SKIP:
            self.skip += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in self.SKIP and tag != "meta":
            self.skip = max(0, self.skip - 1)

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if self.in_title:
            self.title += data
        elif not self.skip:
            self.parts.append(data)


@dataclass
class PageText:
    """What a page holds: its main text (raw: clean_text comes after) and its metadata."""

    text: str
    title: str | None = None
    published: str | None = None       # as the page gives it: the caller makes it ISO 8601
    publisher: str | None = None
    authors: list[str] = field(default_factory=list)
    url: str | None = None             # canonical address, absolute when it could be made so
    extractor: str = "trafilatura"     # or "visible-text" when trafilatura found no main text


_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_AUTHOR_SPLIT = re.compile(r"\s*(?:;|,|\band\b|·|/)\s*")
_AUTHOR_TAIL = re.compile(r"\s*(?:기자|특파원|선임기자|객원기자|논설위원|reporter|correspondent)$", re.I)


def _authors(value: str | None) -> list[str]:
    out = []
    for name in _AUTHOR_SPLIT.split(value or ""):
        name = _AUTHOR_TAIL.sub("", re.sub(r"^(?:by|글|사진)\s+", "", name.strip(), flags=re.I)).strip()
        if 2 <= len(name) <= 40 and not name.startswith(("http", "@")) and name not in out:
            out.append(name)
    return out


def _json_ld_date(tree) -> str | None:
    """datePublished of the page's schema.org JSON-LD (an article's, in @graph too), as written."""
    def find(node, depth=0):
        if depth > 6:
            return None
        if isinstance(node, list):
            return next((d for d in (find(n, depth + 1) for n in node) if d), None)
        if isinstance(node, dict):
            if isinstance(node.get("datePublished"), str):
                return node["datePublished"]
            return find(node.get("@graph"), depth + 1) or find(node.get("mainEntity"), depth + 1)
        return None
    for script in tree.xpath('//script[contains(@type, "ld+json")]'):
        try:
            found = find(json.loads(script.text or ""))
        except ValueError:
            continue
        if found:
            return found
    return None


def _main_text(html: str, base_url: str | None):
    """trafilatura's result (text and metadata) and htmldate's date; (None, None) when the page does
    not parse."""
    import htmldate
    import trafilatura
    from lxml import html as lxml_html
    from lxml.etree import ParserError
    try:
        tree = lxml_html.document_fromstring(_XML_DECL.sub("", html, count=1))
    except (ParserError, ValueError):
        return None, None
    for el in tree.xpath("|".join(f"//{tag}" for tag in NEVER_TEXT)):
        if el.tag != "script" or "ld+json" not in (el.get("type") or ""):    # JSON-LD: dates, authors
            el.drop_tree()
    date = _json_ld_date(tree)            # with its time and zone, which htmldate leaves out
    try:
        date = date or htmldate.find_date(tree, original_date=True, url=base_url, extensive_search=True)
    except Exception:  # htmldate is lenient; a failure here only means no date
        date = None
    try:
        result = trafilatura.bare_extraction(tree, url=base_url, fast=True, with_metadata=True,
                                             include_comments=False, include_tables=True)
    except Exception:  # a page trafilatura cannot read falls back to the visible text
        result = None
    return result, date


def read_page(html: str, base_url: str | None = None) -> PageText:
    """The main text and metadata of an HTML page; `base_url` is where it was fetched from (relative
    canonical addresses are resolved against it), None for a file of unknown origin."""
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    m = parser.meta
    result, found_date = _main_text(html, base_url)
    text = getattr(result, "text", None) or ""
    extractor = "trafilatura"
    if not text.strip():
        text, extractor = re.sub(r"[ \t\xa0]+", " ", "".join(parser.parts)), "visible-text"
    title = m.get("og:title") or getattr(result, "title", None) or parser.title.strip() or None
    if extractor == "trafilatura" and title and not text.lstrip().startswith(title.strip()):
        text = title.strip() + "\n" + text         # the headline, as a text file of the article opens
    date = (m.get("article:published_time") or m.get("date") or m.get("pubdate") or m.get("datepublished")
            or m.get("dc.date") or m.get("dc.date.issued") or found_date or m.get("article:modified_time"))
    # <link rel="canonical"> may be relative: resolved against og:url, else against where the page came from
    base = m.get("og:url") or base_url or ""
    url = urljoin(base, m["canonical"]) if m.get("canonical") else (urljoin(base_url or "", m["og:url"])
                                                                    if m.get("og:url") else None)
    if url is None and base_url and result is not None and getattr(result, "url", None):
        url = urljoin(base_url, result.url)
    authors = _authors(m.get("author") or m.get("article:author") or getattr(result, "author", None))
    return PageText(text, title=title.strip() if title else None, published=date,
                    publisher=m.get("og:site_name") or m.get("publisher") or getattr(result, "sitename", None),
                    authors=authors, url=url, extractor=extractor)


# ------------------------------------------------------------------------------ pages as documents
_TRACKING = re.compile(r"^(?:utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|ref_src|_ga)$", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)


def web_key(url: str) -> str:
    """The name of a web page's document: its address with the scheme and host in lower case, without
    a default port, a #fragment or tracking parameters (utm_*, fbclid, ...), the others sorted; so the
    same article reached by a feed link and by a sitemap is one document."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.port and not (parts.port, parts.scheme.lower()) in ((80, "http"), (443, "https")):
        host += f":{parts.port}"
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not _TRACKING.match(k)))
    return urlunsplit((parts.scheme.lower(), host, parts.path or "/", query, ""))


def _same_site(a: str, b: str) -> bool:
    """m.news.example and www.news.example are one site; news.example and other.example are not."""
    ha, hb = (urlsplit(x).hostname or "" for x in (a, b))
    return ha.split(".")[-2:] == hb.split(".")[-2:]


def document_address(canonical: str | None, fetched: str) -> str:
    """The address a fetched page is known by: its canonical address when that is on the same site and
    not the site's front page (a template that points every article there), else where it was fetched."""
    if canonical and canonical.startswith(("http://", "https://")) and _same_site(canonical, fetched):
        path = urlsplit(canonical).path
        if path not in ("", "/") or urlsplit(fetched).path in ("", "/"):
            return canonical
    return fetched


def page_document(html: str, base_url: str | None, *, max_chars: int, source: str, key: str | None = None,
                  digest: str | None = None) -> Document:
    """A Document of an HTML page. With `key` (a file of unknown origin) it is named so and `digest`
    is its content hash; without (a page fetched from `base_url`, or saved by --save-html) it is named
    by web_key of its address, its site is its file name, and its content hash is that of what was read
    from it (text and metadata), so that a page whose ads or timestamps changed is still unchanged."""
    try:
        page = read_page(html, base_url)
    except RecursionError:
        raise LoadError(source, "nested too deeply to read") from None
    except Exception as err:  # html.parser is lenient; this guards against the odd assertion
        raise LoadError(source, f"cannot parse HTML: {err}") from None
    meta = dict(title=page.title, date=page.published, publisher=page.publisher, authors=page.authors)
    if key is not None:
        return make_document(source, key, page.text, digest or "", max_chars=max_chars, url=page.url, **meta)
    address = document_address(page.url, base_url or "")
    name = web_key(address)
    doc = make_document(source, name, page.text, "", max_chars=max_chars, url=name, source_path="",
                        file_name=urlsplit(name).hostname or name, **meta)
    doc.content_hash = sha256(json.dumps([doc.key, doc.url, doc.title, doc.published, doc.publisher, doc.byline,
                                          doc.text], ensure_ascii=False).encode("utf-8"))
    return doc


def decode_page(data: bytes, charset: str | None, where: str) -> tuple[str, str | None]:
    """The text of a page's bytes: in the charset its headers or its <meta charset> name when the bytes
    read in it, else as a file is read (kgraph/sources/encodings.py); and a note when that was a guess."""
    declared = _META_CHARSET.search(data[:4096])
    for name in (charset, declared.group(1).decode("ascii", "replace") if declared else None):
        if not name:
            continue
        try:
            return data.decode(name.lower().replace("ks_c_5601-1987", "cp949")), None
        except (LookupError, UnicodeDecodeError):
            continue
    return decode_noted(data, where)


@dataclass
class SavedPage:
    """What --save-html wrote beside a page: the address asked for, the one answered, headers, time."""

    url: str
    final_url: str
    headers: dict
    fetched_at: str | None

    def decode(self, data: bytes, where: str) -> tuple[str, str | None]:
        ctype = self.headers.get("Content-Type") or self.headers.get("content-type") or ""
        m = re.search(r"charset=[\"']?([\w.:-]+)", ctype, re.I)
        return decode_page(data, m.group(1) if m else None, where)


def saved_path(page: Path) -> Path:
    """The .json that --save-html writes beside a saved page."""
    return page.with_name(page.name + ".json")


def read_saved(page: Path) -> SavedPage | None:
    """The record --save-html wrote beside `page`, or None when there is none."""
    side = saved_path(page)
    if not side.is_file():
        return None
    try:
        rec = json.loads(side.read_text(encoding="utf-8"))
        url = check_address(rec["url"])
        final = check_address(rec.get("final_url") or url)
        return SavedPage(url, final, dict(rec.get("headers") or {}), rec.get("fetched_at"))
    except (OSError, ValueError, KeyError, TypeError, LoadError) as err:
        raise LoadError(str(side), f"not a record of a saved page ({err}); it must be the JSON that "
                                   "`kgraph ingest --save-html` writes, with \"url\"") from None
