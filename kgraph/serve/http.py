"""`kgraph serve`: a read-only SPARQL 1.1 Protocol endpoint, the HTML graph at `/` and a SPARQL
query page at `/query` (a browser opening `/sparql` without a query is sent there), and `/resolve`,
the name lookup the query page uses (kgraph/query/resolve.py).

Safe by default: loopback only, updates answered 403, SERVICE/LOAD/remote FROM refused with
400, a time limit and a memory ceiling per query (enforced by stopping the worker process that
runs it: pool.py), a bounded queue in front of the workers (503 with Retry-After only when it is
full) and a fast lane beside it for queries not known to be heavy, a row cap stated in the
`X-Kgraph-Row-Cap` header when hit, a request body limit, and no CORS unless asked for. The
protocol's default-graph-uri and named-graph-uri choose the dataset (dataset.py).
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from kgraph.errors import KgraphError
from kgraph.serve.answer import Answer, negotiate_for, requested
from kgraph.serve.dataset import DatasetError, dataset_of
from kgraph.serve.live import Live
from kgraph.serve.news import etag as news_etag
from kgraph.serve.news import stamp
from kgraph.serve.pool import make_runner
from kgraph.store.base import Store


@dataclass
class ServeConfig:
    host: str = "127.0.0.1"
    port: int = 8000
    timeout: float = 30.0          # seconds per query
    max_rows: int = 10_000
    max_body: int = 1_000_000      # bytes of a POST body
    cors: bool = False
    workers: int = 4               # queries evaluated at once
    queue: int = 64                # requests that may wait for a worker
    max_memory: int = 1024         # MB a query's worker may use before it is stopped (embedded store)
    fast_lane: float = 1.0         # seconds a query may run in the fast lane when the others are busy; 0: none
    html: bool = True              # serve the interactive graph at / and the query page at /query
    corrections: object = None     # a kgraph.serve.corrections.CorrectionsGate: --allow-corrections


SERVICE_DESCRIPTION = """@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix fmt: <http://www.w3.org/ns/formats/> .
[] a sd:Service ;
   sd:endpoint <{endpoint}> ;
   sd:supportedLanguage sd:SPARQL11Query ;
   sd:feature sd:UnionDefaultGraph ;
   sd:resultFormat fmt:SPARQL_Results_JSON, fmt:SPARQL_Results_XML, fmt:SPARQL_Results_CSV,
                   fmt:SPARQL_Results_TSV, fmt:Turtle, fmt:N-Triples, fmt:RDF_XML, fmt:JSON-LD,
                   fmt:N-Quads, fmt:TriG ;
   sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .
"""


class Endpoint(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128      # the default of 5 resets connections when many clients arrive at once

    def __init__(self, store: Store | Live, config: ServeConfig):
        """`store`: a Live (live.py: the pages it draws, redrawn after each newer snapshot) or a
        store served without pages."""
        self.config = config
        self.live = store if isinstance(store, Live) else Live(store, None)
        super().__init__((config.host, config.port), Handler)
        try:
            self.runner = make_runner(self.live.store(), config.workers, config.timeout, config.max_rows, config.queue,
                                      config.max_memory, config.fast_lane)
        except BaseException:
            self.server_close()
            raise

    def handle_error(self, request, client_address):
        """A client that went away (a closed tab, `curl | head`) is not an error of the server's: not
        reported with a traceback. Anything else is, as the standard library reports it."""
        import sys
        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError, ConnectionAbortedError)):
            return
        super().handle_error(request, client_address)

    @property
    def store(self) -> Store:
        """The store as the newest published snapshot holds it (live.py)."""
        return self.live.store()

    def close(self) -> None:
        """Stop accepting requests, stop the workers and release the socket (after serve_forever)."""
        self.runner.close()
        self.server_close()
        self.live.close()


class Handler(BaseHTTPRequestHandler):
    server: Endpoint
    protocol_version = "HTTP/1.1"
    server_version = "kgraph"
    sys_version = ""

    def log_message(self, fmt, *args):  # one line per request on stderr
        sys.stderr.write(f"{self.address_string()} {fmt % args}\n")

    # --- responses --------------------------------------------------------------------------
    def send(self, status: int, body: bytes, ctype: str, extra: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        if self.server.config.cors:
            self.send_header("Access-Control-Allow-Origin", "*")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def error(self, status: int, message: str) -> None:
        self.send(status, (message.rstrip() + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def _drain(self, length: int, limit: int = 64 * 1024 * 1024) -> None:
        """Read and drop a refused body (up to `limit`), so the client can read our answer instead of
        a connection reset; beyond the limit the connection is simply closed."""
        if length > limit:
            return
        while length > 0:
            chunk = self.rfile.read(min(length, 65536))
            if not chunk:
                break
            length -= len(chunk)

    def version_string(self) -> str:
        return self.server_version          # "kgraph", without Python's version or a trailing space

    def send_error(self, code, message=None, explain=None):
        """http.server's own errors (414, 400 on a malformed request line, 501) as plain text too."""
        if code == 414:     # the request line was too long: drop the rest of it and the headers first
            try:
                rest = self.rfile.readline(16 * 1024 * 1024)
                while rest and rest not in (b"\r\n", b"\n"):
                    rest = self.rfile.readline(65537)
            except OSError:
                pass
        text = {414: "the request line is too long; send long queries with POST"}.get(code) or message or \
            self.responses.get(code, ("error",))[0]
        self.close_connection = True
        try:
            self.send_response(code)
            body = (text.rstrip() + "\n").encode("utf-8", "replace")
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD" and code >= 200 and code not in (204, 304):
                self.wfile.write(body)
        except OSError:
            pass

    # --- methods ----------------------------------------------------------------------------
    def do_GET(self):
        url = urlsplit(self.path)
        pages, tag = self.server.live.drawn() if url.path in ("/", "/query", "/sparql") else (None, "")
        if url.path in ("/", "/query") and pages is not None:
            etag = news_etag(tag, "q" if url.path == "/query" else "g")
            if etag in (self.headers.get("If-None-Match") or "").replace(" ", "").split(","):
                return self.send(304, b"", "text/html; charset=utf-8", {**PAGE_HEADERS, "ETag": etag})
            return self.send(200, pages[url.path == "/query"], "text/html; charset=utf-8",
                             {**PAGE_HEADERS, "ETag": etag})
        if url.path == "/resolve":
            asked = parse_qs(url.query, keep_blank_values=True)
            return self.resolve(asked.get("name", []), asked.get("lang", []))
        if url.path.startswith("/corrections"):
            return self.error(405, "corrections are POST only (kgraph serve --allow-corrections)")
        if url.path != "/sparql":
            where = ", the graph is / and the query page /query" if self.server.config.html else ""
            return self.error(404, f"no such resource {url.path!r}; the SPARQL endpoint is /sparql{where}")
        params = parse_qs(url.query, keep_blank_values=True)
        if "update" in params:
            return self.error(403, "this endpoint is read-only: updates are not accepted")
        if "query" not in params and pages is not None and _wants_html(self.headers.get("Accept")):
            return self.send(303, b"", "text/plain", {"Location": "/query"})     # a browser: the query page
        if "query" not in params:
            endpoint = f"http://{self.headers.get('Host', 'localhost')}/sparql"
            return self.send(200, SERVICE_DESCRIPTION.format(endpoint=endpoint).encode(), "text/turtle; charset=utf-8")
        if len(params["query"]) != 1:
            return self.error(400, "give exactly one query parameter")
        self.answer(params["query"][0], params)

    do_HEAD = do_GET

    def resolve(self, names: list[str], langs: list[str]) -> None:
        """GET /resolve?name=N[&lang=ko|en]: the entity N names by the rule of kgraph/query/resolve.py
        (the command line's), as JSON {"name", "iri" (null when none), "label", "suggestions"}; the
        query page asks it. The label is the entity's preferred name in `lang` (default: the
        language N is written in), else any of its names; null when it has none."""
        import json

        from kgraph.names import label_language
        from kgraph.query.paths import labels
        from kgraph.query.resolve import resolution
        if len(names) != 1 or len(names[0]) > 1000:
            return self.error(400, "give exactly one name parameter (at most 1,000 characters): /resolve?name=카카오")
        if len(langs) > 1 or (langs and langs[0] not in ("ko", "en")):
            return self.error(400, f"lang is ko or en, not {', '.join(langs)!r}: /resolve?name=카카오&lang=en")
        store = self.server.store               # one snapshot for the whole answer
        try:
            iri, suggestions = resolution(store, names[0])
            lang = langs[0] if langs else label_language(names[0])
            label = labels(store, [iri], lang).get(str(iri)) if iri is not None else None
        except KgraphError as err:
            return self.error(500, str(err))
        body = {"name": names[0], "iri": str(iri) if iri is not None else None,
                "label": str(label) if label is not None else None, "suggestions": suggestions}
        self.send(200, json.dumps(body, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")

    def do_POST(self):
        url = urlsplit(self.path)
        if url.path.startswith("/corrections/"):
            return self.correction(url.path[len("/corrections/"):])
        if url.path != "/sparql":
            return self.error(404, f"no such resource {url.path!r}; the SPARQL endpoint is /sparql")
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            return self.error(400, "bad Content-Length")
        if length > self.server.config.max_body:
            self.close_connection = True
            self._drain(length)
            return self.error(413, f"request body of {length} bytes is over the limit of "
                                   f"{self.server.config.max_body} bytes")
        body = self.rfile.read(length) if length else b""
        ctype = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if ctype == "application/sparql-update":
            return self.error(403, "this endpoint is read-only: updates are not accepted")
        try:
            text_body = body.decode("utf-8")
        except UnicodeDecodeError:
            return self.error(400, "the request body is not UTF-8")
        params = parse_qs(url.query, keep_blank_values=True)
        if ctype == "application/x-www-form-urlencoded":
            form = parse_qs(text_body, keep_blank_values=True)
            if "update" in form:
                return self.error(403, "this endpoint is read-only: updates are not accepted")
            if len(form.get("query", [])) != 1:
                return self.error(400, "the form must hold exactly one query parameter")
            params.update(form)
            return self.answer(form["query"][0], params)
        if ctype == "application/sparql-query":
            return self.answer(text_body, params)
        return self.error(415, "send application/sparql-query or application/x-www-form-urlencoded")

    def correction(self, operation: str) -> None:
        """POST /corrections/merge|reject from the pages (kgraph/serve/corrections.py says who may)."""
        import json

        from kgraph.serve.corrections import answer
        status, body = answer(self.server.config.corrections, operation, self.headers, self.headers.get("Host"),
                              self.rfile.read)
        if status != 200:
            self.close_connection = True            # a refused request's body may be unread
        self.send(status, json.dumps(body, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")

    def do_PUT(self):
        self.error(403, "this endpoint is read-only")

    do_DELETE = do_PATCH = do_PUT

    def do_OPTIONS(self):
        if not self.server.config.cors:
            return self.error(405, "CORS is off; start the server with --cors to allow cross-origin requests")
        self.send(204, b"", "text/plain", {"Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                                           "Access-Control-Allow-Headers": "Content-Type, Accept"})

    # --- queries ----------------------------------------------------------------------------
    def answer(self, text: str, params: dict) -> None:
        try:
            dataset = dataset_of(params)        # default-graph-uri, named-graph-uri; None: the union
        except DatasetError as err:
            return self.error(400, str(err))
        accept = requested(params, self.headers.get("Accept"))
        _, refusal = negotiate_for(text, accept)        # a 406 costs no worker
        self.reply(refusal or self.server.runner.run(text, accept, dataset))

    def reply(self, a: Answer) -> None:
        self.send(a.status, a.body, a.ctype, a.headers)


# the pages inline everything: the browser may fetch nothing but this server's /sparql
PAGE_HEADERS = {"Content-Security-Policy": "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                                           "connect-src 'self'; img-src data:; font-src data:; base-uri 'none'; "
                                           "form-action 'none'; frame-ancestors 'none'",
                "Referrer-Policy": "no-referrer", "Cache-Control": "no-cache"}


def _wants_html(accept: str | None) -> bool:
    """A browser navigating: it asks for text/html first (SPARQL clients ask for results or Turtle)."""
    first = (accept or "").split(",")[0].split(";")[0].strip().lower()
    return first in ("text/html", "application/xhtml+xml")


def make_server(store: Store, config: ServeConfig) -> Endpoint:
    """The endpoint, bound and ready for serve_forever(); draws the HTML graph and the query page
    (its examples filled in for this store) now, and again once after each newer snapshot (live.py).

    Raises ListenError when the address cannot be bound."""
    # each drawing's pages watch for the next one and say when the store has moved on (serve/news.py)
    live = Live(store, draw_pages if config.html else None, stamp)
    try:
        server = Endpoint(live, config)
    except OSError as err:
        raise ListenError(f"cannot listen on {config.host}:{config.port}: {err.strerror or err}") from None
    live.watch()
    return server


def draw_pages(store: Store) -> tuple[bytes, bytes]:
    """The graph page served at / and the query page at /query, drawn from `store` as it is."""
    from kgraph.query.canned import canned_examples
    from kgraph.query.graph import build_graph
    from kgraph.serve.querypage import render_query_page
    from kgraph.viz import render_html
    page = render_html(build_graph(store, with_evidence=True), title="kgraph", query_page="/query").encode("utf-8")
    return page, render_query_page(canned_examples(store)).encode("utf-8")


class ListenError(KgraphError):
    """The server's address is taken or not allowed."""


__all__ = ["ServeConfig", "Endpoint", "make_server"]
