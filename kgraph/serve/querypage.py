"""The SPARQL query page that `kgraph serve` offers at /query: CodeMirror 5 (vendored in assets/,
see assets/codemirror/SOURCE.md) with SPARQL highlighting, the project's prefixes, the canned
questions as examples, and a sortable results table with CSV download. Everything is inlined:
the page requests nothing but /sparql on its own server."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment
from kgraph.config import BASE_IRI
from kgraph.errors import KgraphError
from kgraph.rdf.namespaces import ENTITY, PREFIX_BLOCK, PREFIXES

HERE = Path(__file__).resolve().parent
ASSETS = HERE / "assets" / "codemirror"

INITIAL = """# The documents, newest first, with their source addresses. Pick a canned question above for more.
SELECT ?doc ?title ?published ?publisher ?source WHERE {
  GRAPH ?doc {
    ?doc a kg:Document .
    OPTIONAL { ?doc kg:title ?title }
    OPTIONAL { ?doc kg:published ?published }
    OPTIONAL { ?doc kg:publisher ?publisher }
    OPTIONAL { ?doc dct:source ?source }
  }
}
ORDER BY DESC(?published) ?doc
LIMIT 100
"""


@lru_cache(maxsize=1)
def _assets() -> dict[str, str]:
    files = {"codemirror_js": "codemirror.js", "codemirror_css": "codemirror.css", "sparql_js": "sparql.js",
             "matchbrackets_js": "matchbrackets.js"}
    try:
        return {k: (ASSETS / name).read_text(encoding="utf-8") for k, name in files.items()}
    except OSError as err:
        raise KgraphError(f"the query page's editor files are missing from {ASSETS} ({err}); reinstall kgraph") \
            from None


@lru_cache(maxsize=1)
def _template():
    return Environment(autoescape=True).from_string((HERE / "query.html").read_text(encoding="utf-8"))


def render_query_page(examples: list[dict], *, title: str = "kgraph SPARQL", graph_page: bool = True) -> str:
    """The page as a string. `examples`: kgraph.query.canned.canned_examples(store); `graph_page`:
    whether the server also serves the graph at / (entity IRIs in results then link to it)."""
    data = {"prefixes": PREFIXES, "initial": PREFIX_BLOCK + "\n" + INITIAL, "examples": examples,
            "graph_page": graph_page, "entity_base": str(ENTITY), "base": BASE_IRI}
    return _template().render(title=title, examples=examples, data=data, graph_page=graph_page, **_assets())
