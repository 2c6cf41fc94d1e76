"""A polite HTTP client for articles, feeds and sitemaps.

Polite by default: robots.txt is read once per host and obeyed (RFC 9309: a missing robots.txt allows
everything, one the server fails to give forbids everything), requests to one host are at least
`delay` seconds apart (longer when robots.txt asks for a Crawl-delay), each request has a timeout,
a body larger than `max_bytes` is refused, a timeout or a 5xx (and a 429, the server asking to slow
down) is retried `retries` times with exponential backoff while other 4xx are not, only http and https
are fetched, redirects are followed one by one (each checked like the first) up to `max_redirects`,
and the User-Agent names kgraph and its version. Every problem is a LoadError naming the address and
saying why, so that one bad address never stops a batch.
"""
from __future__ import annotations

import datetime as dt
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit

import requests

from kgraph.errors import LoadError

RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
MAX_CRAWL_DELAY = 30.0       # a robots.txt Crawl-delay above this is read as this (seconds)
MAX_RETRY_AFTER = 60.0       # likewise a Retry-After header
ROBOTS_BYTES = 512_000       # Google reads the first 500 KiB of a robots.txt


def _version() -> str:
    try:
        from importlib.metadata import version
        return version("kgraph")
    except Exception:  # not installed (a bare checkout on sys.path)
        return "0"


USER_AGENT = (f"kgraph/{_version()} (+https://github.com/kgraph/kgraph; knowledge graph of news articles; "
              "reads robots.txt)")


@dataclass
class FetchOptions:
    """How the web is fetched; the defaults are the polite ones the README lists."""

    delay: float = 1.0                 # seconds between two requests to one host
    timeout: float = 20.0              # seconds to connect, and between two bytes of the answer
    max_bytes: int = 10_000_000        # largest body read
    retries: int = 3                   # after a timeout, a connection error, a 5xx or a 429
    backoff: float = 2.0               # seconds before the first retry, doubled each time
    max_redirects: int = 5
    robots: bool = True                # obey robots.txt
    user_agent: str = USER_AGENT
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Page:
    """What one successful GET returned."""

    url: str                 # the address asked for
    final_url: str           # after redirects
    status: int
    headers: dict[str, str]
    content: bytes
    fetched_at: str          # ISO 8601, UTC

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for part in self.headers.get("Content-Type", "").split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'")
        return None


def check_address(url: str) -> str:
    """The address if it is an absolute http(s) URL; a LoadError saying what is wrong otherwise."""
    try:
        parts = urlsplit(url.strip())
    except ValueError as err:
        raise LoadError(url, f"not a web address ({err})") from None
    scheme = parts.scheme.lower()
    if scheme in ("http", "https") and parts.hostname:
        return urlunsplit((scheme, parts.netloc, parts.path or "/", parts.query, ""))
    if scheme in ("http", "https"):
        raise LoadError(url, "web address without a host name")
    if scheme:
        raise LoadError(url, f"{scheme}: addresses are not fetched; kgraph fetches http:// and https:// only "
                             "(give a local file as a path)")
    raise LoadError(url, "not a web address: it must start with http:// or https://")


def _host(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"


class Fetcher:
    """GETs with robots.txt, per-host delays, retries and limits (see the module's docstring).
    `sleep` and `clock` are time.sleep and time.monotonic, replaceable in tests."""

    def __init__(self, options: FetchOptions | None = None, *, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic):
        self.options = options or FetchOptions()
        self.sleep, self.clock = sleep, clock
        self.session = requests.Session()
        self.session.headers.update({"User-Agent": self.options.user_agent, **self.options.headers})
        self.last: dict[str, float] = {}                 # host name -> when its last request was sent
        self.robots: dict[str, tuple[urllib.robotparser.RobotFileParser | None, str | None]] = {}
        self.requests = 0

    def close(self) -> None:
        self.session.close()

    # -------------------------------------------------------------------------------- robots.txt
    def refusal(self, url: str) -> str | None:
        """Why robots.txt of the URL's host does not let kgraph fetch it; None when it does (robots.txt
        is fetched once per host)."""
        if not self.options.robots:
            return None
        host = _host(url)
        if host not in self.robots:
            self.robots[host] = self._read_robots(host)
        parser, problem = self.robots[host]
        if problem:
            return (f"robots.txt of {host} could not be read ({problem}); a site whose robots.txt fails is "
                    "not crawled (RFC 9309)")
        if parser is not None and not parser.can_fetch(self.options.user_agent, url):
            return f"robots.txt of {host} does not allow kgraph to fetch {url}"
        return None

    def _read_robots(self, host: str) -> tuple[urllib.robotparser.RobotFileParser | None, str | None]:
        """The parsed robots.txt, or None when there is none (a 4xx: everything allowed), and what went
        wrong when the server failed to give it (5xx, unreachable: nothing allowed)."""
        url = host + "/robots.txt"
        for _ in range(5):
            try:
                page = self._get(url, ROBOTS_BYTES, self.options.retries, truncate=True)
            except LoadError as err:
                status = getattr(err, "status", 0)
                return (None, None) if 400 <= status < 500 else (None, err.reason)
            target = page.headers.get("Location")
            if page.status in (301, 302, 303, 307, 308) and target:
                try:
                    url = check_address(urljoin(url, target.strip()))
                except LoadError:
                    return None, None
                continue
            break
        parser = urllib.robotparser.RobotFileParser(url)
        parser.parse(page.content.decode("utf-8", "replace").splitlines())
        return parser, None

    def _delay(self, host: str) -> float:
        delay = self.options.delay
        parser = self.robots.get(host, (None, None))[0]
        if parser is not None:
            asked = parser.crawl_delay(self.options.user_agent)
            if asked:
                delay = max(delay, min(float(asked), MAX_CRAWL_DELAY))
        return delay

    # -------------------------------------------------------------------------------- GET
    def get(self, url: str, accept: Callable[[Page], str | None] | None = None) -> Page:
        """The page at `url` after its redirects; a LoadError (naming `url`) when it cannot be had.
        `accept(page)` may return a reason to refuse the page (a content type that is not wanted)."""
        url = check_address(url)
        chain = [url]
        current = url
        while True:
            if refused := self.refusal(current):
                via = f" (redirected from {url})" if current != url else ""
                raise LoadError(url, f"{refused}{via}; not fetched")
            page = self._get(current, self.options.max_bytes, self.options.retries, where=url)
            if page.status in (301, 302, 303, 307, 308):
                target = page.headers.get("Location")
                if not target:
                    raise LoadError(url, f"redirect ({page.status}) without a Location header")
                nxt = urljoin(current, target.strip())
                try:
                    nxt = check_address(nxt)
                except LoadError as err:
                    raise LoadError(url, f"redirected to {nxt}, which is refused: {err.reason}") from None
                if nxt in chain:
                    raise LoadError(url, "redirect loop: " + " -> ".join(chain[chain.index(nxt):] + [nxt]))
                chain.append(nxt)
                if len(chain) > self.options.max_redirects + 1:
                    raise LoadError(url, f"more than {self.options.max_redirects} redirects "
                                         f"({' -> '.join(chain[:4])} ...)")
                current = nxt
                continue
            page.url = url
            if accept and (reason := accept(page)):
                raise LoadError(url, reason)
            return page

    def _wait_turn(self, url: str) -> None:
        """Sleep until the URL's host may be asked again: one host name, whatever the scheme or port."""
        name = (urlsplit(url).hostname or "").lower()
        if name in self.last:
            wait = self.last[name] + self._delay(_host(url)) - self.clock()
            if wait > 0:
                self.sleep(wait)
        self.last[name] = self.clock()

    def _get(self, url: str, max_bytes: int, retries: int, where: str | None = None,
             truncate: bool = False) -> Page:
        """One address, no redirects followed, with retries; a 4xx or 5xx left after them is a LoadError
        that carries `.status`."""
        where = where or url
        pause = self.options.backoff
        for attempt in range(retries + 1):
            last = attempt == retries
            self._wait_turn(url)
            self.requests += 1
            try:
                page = self._once(url, max_bytes, truncate)
            except (requests.Timeout, requests.ConnectionError) as err:
                if last or not _transient(err):
                    raise LoadError(where, _network_reason(err, self.options.timeout, retries)) from None
                self.sleep(pause)
                pause *= 2
                continue
            except requests.RequestException as err:
                raise LoadError(where, f"request failed: {err}") from None
            if page.status in RETRY_STATUS and not last:
                self.sleep(_retry_after(page.headers.get("Retry-After"), pause))
                pause *= 2
                continue
            if page.status >= 400:
                tried = f" (after {retries + 1} tries)" if page.status in RETRY_STATUS and retries else ""
                err = LoadError(where, f"HTTP {page.status} {_REASONS.get(page.status, '')}".rstrip()
                                + (f" for {url}" if url != where else "") + tried)
                err.status = page.status
                raise err
            return page
        raise AssertionError("unreachable")

    def _once(self, url: str, max_bytes: int, truncate: bool) -> Page:
        started = self.clock()
        with self.session.get(url, timeout=self.options.timeout, allow_redirects=False, stream=True) as r:
            headers = dict(r.headers)
            size = r.headers.get("Content-Length", "")
            if size.isdigit() and int(size) > max_bytes and not truncate and r.status_code < 300:
                raise LoadError(url, f"page is {int(size) / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.1f} MB "
                                     "(is it an article? raise --max-bytes to read it)")
            body = bytearray()
            for chunk in r.iter_content(65536):
                body += chunk
                if len(body) > max_bytes:
                    if truncate:
                        del body[max_bytes:]
                        break
                    raise LoadError(url, f"page is larger than the limit of {max_bytes / 1e6:.1f} MB "
                                         "(is it an article? raise --max-bytes to read it)")
                if self.clock() - started > self.options.timeout * 4:
                    raise requests.Timeout(f"the answer took more than {self.options.timeout * 4:.0f} s")
            return Page(url, url, r.status_code, headers, bytes(body),
                        dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat())


_REASONS = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 410: "Gone",
            429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway",
            503: "Service Unavailable", 504: "Gateway Timeout"}


def _retry_after(value: str | None, default: float) -> float:
    if value and value.strip().isdigit():
        return min(float(value.strip()), MAX_RETRY_AFTER)
    return default


def _transient(err: Exception) -> bool:
    """A timeout or a dropped connection, worth another try; not a refused connection or an unknown host."""
    if isinstance(err, requests.Timeout):
        return True
    text = str(err).lower()
    return not any(w in text for w in ("refused", "name or service", "nodename", "getaddrinfo", "resolve"))


def _network_reason(err: Exception, timeout: float, retries: int) -> str:
    tries = f" ({retries + 1} tries)" if retries and _transient(err) else ""
    if isinstance(err, requests.Timeout):
        return f"no answer within {timeout:g} s{tries}; the server is slow or down (raise --timeout)"
    text = str(err)
    if "Name or service not known" in text or "nodename nor servname" in text or "getaddrinfo" in text:
        return f"host name not found{tries}"
    if "refused" in text.lower():
        return f"connection refused{tries}"
    return f"cannot connect{tries}: {text[:200]}"
