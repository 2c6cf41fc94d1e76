"""Commands that show the graph: viz (an offline HTML page) and serve (the SPARQL endpoint)."""
from __future__ import annotations

import click

from kgraph.cli.base import Ctx, common_options, fail, graph_filter, graph_filter_options, main


@main.command()
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), default="graph.html",
              show_default=True, help="The HTML file to write.")
@click.option("--entity", help="Only the neighbourhood of this entity (any name in either language).")
@click.option("--depth", type=click.IntRange(1, 6), default=2, show_default=True,
              help="With --entity: how many hops around it.")
@graph_filter_options
@click.option("--size", "size_by", type=click.Choice(["degree", "documents"]), default="degree", show_default=True,
              help="Node size: number of neighbours, or of documents that mention the entity.")
@click.option("--title", default="kgraph", show_default=True, help="Heading of the page.")
@click.option("--renderer", type=click.Choice(["auto", "vis", "webgl"]), default="auto", show_default=True,
              help="vis-network, or WebGL (sigma.js) for large graphs; auto: WebGL above 5,000 entities.")
@common_options
@click.pass_obj
def viz(obj: Ctx, output, entity, depth, predicates, types, modalities, since, until, min_docs, lang, size_by,
        title, renderer):
    """Write the interactive graph as one self-contained HTML file that works offline.

    Nodes are coloured and shaped by type, edges by predicate (dashed when not stated);
    tooltips show names, types and support. Clicking an edge or an entity opens a side panel
    with its facts, their modality and the sentences that state them, each with its document's
    title, publisher, date and a link to the source. The page has a legend, a search box (any
    name, either language), type and predicate checkboxes, a "stated only" filter and a date
    range; page.html#entity=IRI opens it on one entity.

    \b
    Example:
      kgraph viz -o graph.html --lang ko
      kgraph viz --entity 카카오 --depth 2 --modality stated -o kakao.html
    """
    with obj.kgraph(read_only=True) as kg:
        pic = kg.viz(output, entity=entity, depth=depth, lang=lang, size_by=size_by, title=title, renderer=renderer,
                     filt=graph_filter(predicates, types, modalities, since, until, min_docs))
    click.echo(f"wrote {pic.path}: {pic.entities} entities, {pic.facts} facts")


def stale_facts(store) -> bool:
    """Whether the store's facts graph was made by an older kgraph (kgraph.rdf.facts.LAYOUT)."""
    from kgraph.errors import KgraphError
    from kgraph.rdf.facts import LAYOUT_ASK
    from kgraph.rdf.namespaces import FACTS_GRAPH
    try:
        return store.has_graph(FACTS_GRAPH) and not store.query(LAYOUT_ASK)
    except KgraphError:         # a remote endpoint that cannot say: no warning
        return False


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--timeout", type=click.FloatRange(0.1), default=30.0, show_default=True,
              help="Seconds a query may run (waiting in the queue included); then it is stopped and gets 503.")
@click.option("--workers", type=click.IntRange(1, 64), default=4, show_default=True,
              help="Queries evaluated at once (worker processes on an embedded store).")
@click.option("--queue", type=click.IntRange(0), default=64, show_default=True,
              help="Queries that may wait for a worker; beyond that, 503 with Retry-After.")
@click.option("--max-memory", type=click.IntRange(64), default=1024, show_default=True, metavar="MB",
              help="Memory one query's worker may use before the query is stopped (embedded store).")
@click.option("--fast-lane", type=click.FloatRange(0), default=1.0, show_default=True, metavar="SECONDS",
              help="When every worker is busy, one more worker runs queries not known to be heavy for up to this "
                   "long, so cheap queries do not wait behind expensive ones (embedded store; 0: no fast lane).")
@click.option("--max-rows", type=click.IntRange(1), default=10_000, show_default=True,
              help="Rows (or triples) returned at most; the X-Kgraph-Row-Cap header says when cut.")
@click.option("--max-body", type=click.IntRange(1), default=1_000_000, show_default=True,
              help="Largest POST body in bytes.")
@click.option("--cors", is_flag=True, help="Allow cross-origin requests from any web page.")
@click.option("--no-html", is_flag=True, help="Do not serve the interactive graph at / nor the query page at /query.")
@click.option("--allow-corrections", is_flag=True,
              help="Let the graph page and the query page merge entities and reject facts (loopback only, not with "
                   "--cors; each request needs the token printed at start).")
@common_options
@click.pass_obj
def serve(obj: Ctx, host, port, timeout, workers, queue, max_memory, fast_lane, max_rows, max_body, cors,
          no_html, allow_corrections):
    """Serve the store read-only over the SPARQL 1.1 Protocol at /sparql, the graph at / and a query page at /query.

    The query page is a SPARQL editor (highlighting, the project's prefixes, the canned questions
    as examples filled in for this store, Ctrl+Enter runs) with a sortable results table and CSV
    download; entities in results open the graph on them. It works offline: nothing is loaded
    from outside 127.0.0.1. Clicking an edge or an entity in the graph shows its facts and the
    sentences that state them, with their sources.

    GET and POST (form or direct) queries; results as SPARQL JSON, XML, CSV or TSV, graphs as
    Turtle, N-Triples, RDF/XML, JSON-LD, N-Quads or TriG, chosen by the Accept header. Updates get
    403; SERVICE, LOAD and remote FROM get 400; default-graph-uri and named-graph-uri choose the
    dataset. A query past --timeout or --max-memory is stopped (its worker process is killed and
    replaced) and gets 503; a query that is not known to be heavy need not wait behind heavy ones
    (--fast-lane). An embedded store may be written meanwhile (kgraph ingest, remove, import,
    reindex): the endpoint serves the last snapshot a writer published and shows the new one
    within a second after the writer ends. The graph page and the query page are drawn again
    once for each new snapshot, in the background (the previous ones are served meanwhile):
    reload a page to see new data.

    With --allow-corrections (loopback only), the graph page can reject the fact of an edge and
    merge an entity into another, as kgraph reject and kgraph merge do: open the address with the
    #token=... it prints.

    \b
    Example:
      kgraph serve --port 8000
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 3' \\
           http://127.0.0.1:8000/sparql
      kgraph serve --allow-corrections    # then open the http://127.0.0.1:8000/#token=... it prints
    """
    from kgraph.serve import ServeConfig
    config = ServeConfig(host=host, port=port, timeout=timeout, max_rows=max_rows, max_body=max_body, cors=cors,
                         workers=workers, queue=queue, max_memory=max_memory, fast_lane=fast_lane,
                         html=not no_html)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: listening on {host}: the endpoint is exposed to every machine that can reach this "
                   "address, without authentication; use 127.0.0.1 unless that is what you want", err=True)
    if allow_corrections:
        from kgraph.errors import KgraphError
        from kgraph.serve.corrections import check_host
        try:
            check_host(host, cors)
        except KgraphError as err:
            fail(err, obj.debug)
    with obj.kgraph(serving=True) as kg:
        if allow_corrections:
            from kgraph.cli.corrections import served_corrections
            config.corrections = served_corrections(kg, obj.location, obj.remote)
        server = kg.server(config)
        bound_host, bound_port = server.server_address[:2]
        if stale_facts(kg.store):
            click.echo("warning: the store's facts graph is of an older layout: the modality and trend questions "
                       "read sort keys it lacks and find nothing; stop the server and run `kgraph reindex` once",
                       err=True)
        click.echo(f"kgraph serving {getattr(kg.store, 'follow', None) or kg.location} at http://{bound_host}:{bound_port}/sparql "
                   f"({'graph at /, query page at /query' if not no_html else 'no pages'}); Ctrl-C stops",
                   err=True)
        if allow_corrections:
            token = config.corrections.token
            click.echo(f"corrections allowed: open http://{bound_host}:{bound_port}/#token={token} (the graph) or "
                       f"/query#token={token}; POST /corrections/merge|reject with the header "
                       f"X-Kgraph-Token: {token}", err=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.close()
