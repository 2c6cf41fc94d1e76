"""The article addresses of an RSS/Atom feed (feedparser) and of a sitemap or sitemap index.

Both read bytes that kgraph fetched itself (kgraph/sources/fetch.py): neither feedparser nor the XML
parser is given an address, so nothing is requested behind the polite client's back.
"""
from __future__ import annotations

import gzip
import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from urllib.parse import urljoin

from kgraph.errors import LoadError

MAX_SITEMAP_URLS = 50_000      # the sitemaps.org limit for one file


@dataclass
class FeedEntry:
    """One item of a feed: its link, and what the feed says of it (the page may say more)."""

    url: str
    title: str | None = None
    published: str | None = None


def feed_entries(data: bytes, feed_url: str) -> list[FeedEntry]:
    """The entries of an RSS or Atom feed, in the feed's order; a LoadError naming the feed when it is
    not one."""
    import feedparser
    parsed = feedparser.parse(io.BytesIO(data), response_headers={"content-location": feed_url})
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        why = getattr(parsed.get("bozo_exception"), "args", [None])[0] or "no RSS or Atom elements"
        raise LoadError(feed_url, f"not an RSS or Atom feed ({str(why)[:120]}); give the feed's address, "
                                  "or the article addresses themselves")
    out, seen = [], set()
    for entry in parsed.entries:
        link = entry.get("link") or next((x.get("href") for x in entry.get("links", []) if x.get("href")), None)
        if not link:
            continue
        link = urljoin(feed_url, link.strip())
        if link in seen:
            continue
        seen.add(link)
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = "%04d-%02d-%02d" % tuple(stamp[:3]) if stamp else None
        out.append(FeedEntry(link, entry.get("title"), published))
    return out


@dataclass
class Sitemap:
    """The page addresses of a sitemap, or the child sitemaps of a sitemap index."""

    pages: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)


_LOC = re.compile(r"\{[^}]*\}")


def read_sitemap(data: bytes, sitemap_url: str, max_urls: int = MAX_SITEMAP_URLS) -> Sitemap:
    """The <loc>s of a sitemap (<urlset>) or sitemap index (<sitemapindex>), gzipped or not; a plain-text
    sitemap (one address a line) too. A LoadError naming the sitemap when it is none of these."""
    if data[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
                data = fh.read(50_000_000 + 1)
        except (OSError, EOFError) as err:
            raise LoadError(sitemap_url, f"gzipped sitemap that does not unpack: {err}") from None
    head = data.lstrip()[:200].lower()
    if not head.startswith(b"<"):
        lines = [ln.strip() for ln in data.decode("utf-8", "replace").splitlines()]
        pages = [ln for ln in lines if ln.startswith(("http://", "https://"))]
        if not pages:
            raise LoadError(sitemap_url, "not a sitemap: neither XML nor a list of addresses")
        return Sitemap(pages[:max_urls])
    if b"<!doctype" in head or b"<!entity" in data[:4096].lower():
        raise LoadError(sitemap_url, "not a sitemap: it declares a DOCTYPE or entities, which sitemaps never do")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as err:
        raise LoadError(sitemap_url, f"not a sitemap: malformed XML ({err})") from None
    kind = _LOC.sub("", root.tag)
    if kind not in ("urlset", "sitemapindex"):
        raise LoadError(sitemap_url, f"not a sitemap: its root element is <{kind}>, not <urlset> or <sitemapindex>"
                                     + (" (is it a feed? use --feed)" if kind in ("rss", "feed", "RDF") else ""))
    locs = []
    for el in root.iter():
        if _LOC.sub("", el.tag) == "loc" and el.text and el.text.strip():
            locs.append(urljoin(sitemap_url, el.text.strip()))
            if len(locs) >= max_urls:
                break
    return Sitemap(sitemaps=locs) if kind == "sitemapindex" else Sitemap(pages=locs)
