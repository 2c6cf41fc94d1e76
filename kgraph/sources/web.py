"""Articles from the web: article addresses, RSS/Atom feeds and sitemaps to Documents.

Everything is fetched by the polite client of kgraph/sources/fetch.py (robots.txt, a delay per host,
timeouts, a size cap, retries); feeds and sitemaps are read from the bytes it fetched
(kgraph/sources/feeds.py), pages by trafilatura and htmldate (kgraph/sources/pages.py). A page is
named by its canonical address (pages.web_key), so an article reached twice in a run is read once.
With `save_html`, each fetched page is kept as DIR/<host>/<name>.html with a .json beside it (the
address asked for, the one answered, the headers and the time), and `kgraph ingest DIR` reads the
saved pages again, offline, as the documents of those addresses.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from kgraph.errors import LoadError
from kgraph.model import Document
from kgraph.sources.documents import MAX_CHARS
from kgraph.sources.feeds import feed_entries, read_sitemap
from kgraph.sources.fetch import Fetcher, FetchOptions, Page, check_address
from kgraph.sources.pages import decode_page, page_document, saved_path, web_key

MAX_PAGES = 1000             # pages read from the feeds and sitemaps of one run, by default
SITEMAP_DEPTH = 3            # sitemap index -> sitemap -> ...
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_NOT_PAGES = {"application/pdf": ("a PDF", "save its text as .txt and ingest that"),
              "application/json": ("JSON", "write the articles as .jsonl, one object with \"text\" a line")}


def is_address(value: str) -> bool:
    """Whether a PATH argument of ingest is a web address rather than a file (any scheme://, so that
    file:// and ftp:// are refused with a reason instead of looked for on disk)."""
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", str(value)))


def read_address_list(path: str | Path) -> list[str]:
    """The addresses of a file of URLs: one a line; blank lines and lines starting with # are ignored."""
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8-sig").splitlines()
    except OSError as err:
        raise LoadError(str(p), f"cannot read the list of addresses: {err.strerror or err}") from None
    except UnicodeDecodeError:
        raise LoadError(str(p), "the list of addresses is not UTF-8 text (one address a line)") from None
    urls = [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    if not urls:
        raise LoadError(str(p), "the list of addresses is empty (one http(s) address a line)")
    return urls


def _html_only(page: Page) -> str | None:
    """Why a fetched body is not read as an article (its content type), or None when it is a page."""
    ctype = page.content_type
    if ctype in _HTML_TYPES:
        return None
    if not ctype or ctype in ("text/plain", "application/octet-stream"):
        head = page.content[:1024].lstrip().lower()
        if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
            return None
    what, todo = _NOT_PAGES.get(ctype) or ("an image" if ctype.startswith("image/") else "content", None)
    return (f"not a web page: the server sent {what} ({ctype or 'no content type'}); kgraph reads HTML articles"
            + (f": {todo}" if todo else ""))


@dataclass
class WebSources:
    """The web part of one ingest: article addresses, feeds and sitemaps, fetched with `options`.
    `documents()` yields a Document or a LoadError for each page (and SkippedPage for a page read twice);
    `total` grows as feeds and sitemaps are read; `warnings` gathers what was left out."""

    urls: list[str] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    options: FetchOptions = field(default_factory=FetchOptions)
    save_html: str | Path | None = None
    max_pages: int = MAX_PAGES
    max_chars: int = MAX_CHARS
    total: int = 0
    warnings: list[str] = field(default_factory=list)
    fetcher: Fetcher | None = None

    def __bool__(self) -> bool:
        return bool(self.urls or self.feeds or self.sitemaps)

    def documents(self, check=None) -> Iterator[Document | LoadError | SkippedPage]:
        """The documents of every page, in order: the addresses given, then each feed's entries, then
        each sitemap's pages; `check()` runs before each request (Ctrl-C)."""
        fetcher = self.fetcher or Fetcher(self.options)
        try:
            pages: list[str] = []
            problems: list[LoadError] = []
            for url in self.urls:
                try:
                    pages.append(check_address(url))
                except LoadError as err:
                    problems.append(err)
            self.total = len(pages) + len(problems)
            yield from problems
            listed = []
            for feed in self.feeds:
                if check:
                    check()
                try:
                    page = fetcher.get(feed)
                    listed += [e.url for e in feed_entries(page.content, page.final_url)]
                except LoadError as err:
                    yield LoadError(err.path, f"feed: {err.reason}")
            for sitemap in self.sitemaps:
                try:
                    listed += list(self._sitemap_pages(fetcher, sitemap, check))
                except LoadError as err:
                    yield LoadError(err.path, f"sitemap: {err.reason}")
            if len(listed) > self.max_pages:
                self.warnings.append(f"the feeds and sitemaps list {len(listed):,} pages; the first "
                                     f"{self.max_pages:,} are read (raise --max-pages for more)")
                listed = listed[:self.max_pages]
            pages += listed
            self.total += len(listed)
            yield from self._pages(fetcher, pages, check)
        finally:
            if self.fetcher is None:
                fetcher.close()

    def _sitemap_pages(self, fetcher: Fetcher, url: str, check, depth: int = 0) -> Iterator[str]:
        if check:
            check()
        page = fetcher.get(url)
        found = read_sitemap(page.content, page.final_url)
        yield from found.pages
        for child in found.sitemaps:
            if depth + 1 >= SITEMAP_DEPTH:
                self.warnings.append(f"{child}: a sitemap index nested deeper than {SITEMAP_DEPTH} levels; not read")
                continue
            try:
                yield from self._sitemap_pages(fetcher, child, check, depth + 1)
            except LoadError as err:
                self.warnings.append(f"{err.path}: sitemap of {url} not read: {err.reason}")

    def _pages(self, fetcher: Fetcher, pages: list[str], check) -> Iterator[Document | LoadError | SkippedPage]:
        asked: dict[str, str] = {}          # web_key of an address asked for -> that address
        read: dict[str, str] = {}           # a document's name -> the address that gave it
        for url in pages:
            if check:
                check()
            key = web_key(url)
            if key in asked:
                yield SkippedPage(url, f"the same address as {asked[key]}, already read in this run")
                continue
            asked[key] = url
            try:
                page = fetcher.get(url, accept=_html_only)
                if self.save_html:
                    save_page(self.save_html, page)
                html, note = decode_page(page.content, page.charset, url)
                doc = page_document(html, page.final_url, max_chars=self.max_chars, source=url)
            except LoadError as err:
                yield err
                continue
            if note:
                doc.warnings.insert(0, note)
            if doc.key in read:
                yield SkippedPage(url, f"its canonical address {doc.url} was read in this run from {read[doc.key]}")
                continue
            read[doc.key] = url
            yield doc


@dataclass(frozen=True)
class SkippedPage:
    """A page not read again in one run, and why (the ingest report counts it as skipped)."""

    path: str
    reason: str


def save_page(directory: str | Path, page: Page) -> Path:
    """Keep a fetched page as DIR/<host>/<last part of its path>-<hash>.html, with the record that
    pages.read_saved reads beside it; the path of the page."""
    parts = urlsplit(page.final_url)
    host = re.sub(r"[^\w.-]", "_", parts.hostname or "site")
    stem = re.sub(r"[^\w.-]+", "-", parts.path.rstrip("/").rsplit("/", 1)[-1])[:40].strip("-.") or "index"
    stem = re.sub(r"\.html?$", "", stem, flags=re.I)
    digest = hashlib.sha1(page.url.encode("utf-8")).hexdigest()[:10]
    out = Path(directory) / host / f"{stem}-{digest}.html"
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(page.content)
        record = {"url": page.url, "final_url": page.final_url, "status": page.status,
                  "fetched_at": page.fetched_at, "headers": page.headers}
        saved_path(out).write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
    except OSError as err:
        raise LoadError(page.url, f"fetched, but cannot be saved to {out}: {err.strerror or err} "
                                  "(check --save-html's directory)") from None
    return out


def web_sources(paths: Iterable, *, urls_files: Iterable[str] = (), feeds: Iterable[str] = (),
                sitemaps: Iterable[str] = (), **options) -> tuple[list, WebSources]:
    """The file paths among `paths`, and one WebSources for the rest: the http(s) (or other scheme://)
    addresses among `paths` and in the `urls_files` (one address a line), the WebSources among `paths`
    (the first gives the fetch options), the `feeds` and `sitemaps`; `options` are WebSources' own
    (options, save_html, max_pages, max_chars) when `paths` holds none."""
    files, urls, given = [], [], []
    for p in paths:
        if isinstance(p, WebSources):
            given.append(p)
        elif is_address(str(p)):
            urls.append(str(p))
        else:
            files.append(p)
    for f in urls_files:
        urls += read_address_list(f)
    web = given[0] if given else WebSources(**options)
    for other in given[1:]:
        web.urls, web.feeds, web.sitemaps = web.urls + other.urls, web.feeds + other.feeds, web.sitemaps + other.sitemaps
    web.urls = urls + web.urls
    web.feeds, web.sitemaps = web.feeds + list(feeds), web.sitemaps + list(sitemaps)
    return files, web


def with_web(paths: Iterable, *, feeds: Iterable[str] = (), sitemaps: Iterable[str] = (),
             urls_files: Iterable[str] = (), **options) -> list:
    """`paths` with one WebSources added for the feeds, sitemaps and files of addresses, when there are
    any or when `options` (WebSources' options, save_html, max_pages, max_chars; None: the default) are
    given for the addresses among `paths`; ingest reads it (kgraph.ingest.runner.ingest)."""
    given = {k: v for k, v in options.items() if v is not None}
    paths = list(paths)
    feeds, sitemaps, urls_files = list(feeds), list(sitemaps), list(urls_files)
    if not (feeds or sitemaps or urls_files or given):
        return paths
    files, web = web_sources(paths, urls_files=urls_files, feeds=feeds, sitemaps=sitemaps, **given)
    return files + [web]
