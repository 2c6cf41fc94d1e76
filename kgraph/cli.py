"""The kgraph command line: each command parses options and calls one library function."""
from __future__ import annotations

import json
import os
import sys
from contextlib import contextmanager

import click

from kgraph.errors import KgraphError

STORE_HELP = ("Store: a directory (default ./kgraph-store, or $KGRAPH_STORE), ':memory:', or the URL of a "
              "SPARQL 1.1 server, e.g. http://127.0.0.1:7878.")


def _fail(err: Exception, debug: bool = False):
    if debug:
        raise err
    raise click.ClickException(str(err))


class Ctx:
    def __init__(self, store: str | None, debug: bool, remote=None):
        self.location = store
        self.debug = debug
        self.remote = remote

    def open(self, read_only: bool = False):
        from kgraph.store import open_store
        try:
            return open_store(self.location, read_only=read_only, remote=self.remote)
        except KgraphError as err:
            _fail(err, self.debug)

    @contextmanager
    def store(self, read_only: bool = False):
        """The store for one command: library errors become one-line messages; always closed."""
        store = self.open(read_only=read_only)
        try:
            yield store
        except (KgraphError, OSError) as err:
            try:
                store.close()
            except (KgraphError, OSError):
                pass
            _fail(err, self.debug)
        else:
            try:
                store.close()
            except (KgraphError, OSError) as err:
                _fail(err, self.debug)


def graph_filter_options(f):
    """The options every graph-reading command shares (analyze, export graphml/gexf, viz)."""
    from kgraph.model import MODALITIES
    from kgraph.rdf.namespaces import SCORED_PREDICATES
    for opt in reversed([
        click.option("--predicate", "predicates", multiple=True, type=click.Choice(SCORED_PREDICATES),
                     help="Only these predicates (repeatable)."),
        click.option("--type", "types", multiple=True,
                     help="Only entities of these classes, subclasses included (repeatable), e.g. Organization."),
        click.option("--modality", "modalities", multiple=True, type=click.Choice(MODALITIES),
                     help="Only facts with these modalities (repeatable)."),
        click.option("--since", help="Only facts from documents dated on or after YYYY-MM-DD."),
        click.option("--until", help="Only facts from documents dated on or before YYYY-MM-DD."),
        click.option("--min-docs", type=click.IntRange(1), default=1, show_default=True,
                     help="Only facts supported by at least this many documents."),
        click.option("--lang", type=click.Choice(["en", "ko"]), default="en", show_default=True,
                     help="Language of the labels."),
    ]):
        f = opt(f)
    return f


def _graph_filter(predicates, types, modalities, since, until, min_docs):
    from kgraph.query.graph import GraphFilter
    return GraphFilter(list(predicates), list(types), list(modalities), since, until, min_docs)


class KgraphGroup(click.Group):
    """Turns an unexpected exception into one line (a traceback only with --debug)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit,
                KeyboardInterrupt):
            raise
        except Exception as err:   # noqa: BLE001 - the last line of defence for the user's terminal
            if ctx.params.get("debug"):
                raise
            click.echo(f"Error: internal error: {type(err).__name__}: {err} "
                       "(run with --debug for the traceback, and please report it)", err=True)
            ctx.exit(1)


@click.group(cls=KgraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--store", "store", envvar="KGRAPH_STORE", default=None, help=STORE_HELP)
@click.option("--query-endpoint", envvar="KGRAPH_QUERY_ENDPOINT", metavar="URL",
              help="Remote store: the SPARQL query endpoint (default: URL/query).")
@click.option("--update-endpoint", envvar="KGRAPH_UPDATE_ENDPOINT", metavar="URL",
              help="Remote store: the SPARQL update endpoint (default: URL/update).")
@click.option("--gsp-endpoint", envvar="KGRAPH_GSP_ENDPOINT", metavar="URL",
              help="Remote store: a Graph Store Protocol endpoint; documents are then written by PUT.")
@click.option("--user", envvar="KGRAPH_USER", help="Remote store: user for HTTP basic auth.")
@click.option("--password", envvar="KGRAPH_PASSWORD", help="Remote store: password (better: $KGRAPH_PASSWORD).")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.version_option(package_name="kgraph")
@click.pass_context
def main(ctx, store, query_endpoint, update_endpoint, gsp_endpoint, user, password, debug):
    """Knowledge graphs of AI partnerships from Korean and English news.

    \b
    Example:
      kgraph ingest seeds
      kgraph query --name partners --param entity=OpenAI
      kgraph --store http://127.0.0.1:7878 ingest seeds
    """
    from kgraph.store import RemoteOptions
    remote = RemoteOptions(query_endpoint=query_endpoint, update_endpoint=update_endpoint,
                           gsp_endpoint=gsp_endpoint, user=user, password=password)
    ctx.obj = Ctx(store, debug, remote)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--force", is_flag=True, help="Re-extract files whose content has not changed.")
@click.option("--jobs", "-j", type=click.IntRange(1, 256), default=None,
              help="Extraction worker processes (default: every core; 1 runs in this process).")
@click.option("--max-chars", type=click.IntRange(1), default=None,
              help="Longest article in characters (default 1,000,000); longer ones are reported, not read.")
@click.pass_obj
def ingest(obj: Ctx, paths, force, jobs, max_chars):
    """Load articles (.txt, .md, .html, .jsonl, or directories) into the store.

    Each document becomes one named graph; re-ingesting a changed file replaces its graph,
    an unchanged one is skipped. A bad file is reported and the rest go on.

    \b
    Example:
      kgraph ingest seeds/ news/2025-02.jsonl --jobs 2
    """
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                               TimeRemainingColumn)

    from kgraph.ingest.runner import ingest as run_ingest
    with obj.store() as store, \
            Progress(TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                     TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("ETA"),
                     TimeRemainingColumn(), transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task("ingesting", total=None, rate="")

        def progress(done, total, name):
            elapsed = bar.tasks[0].elapsed or 0
            rate = f"{done / elapsed:,.1f} docs/s" if elapsed > 1 else ""
            bar.update(task, completed=done, total=total, rate=rate,
                       description=os.path.basename(name)[:30] or "ingesting")

        from kgraph.ingest.loaders import MAX_CHARS
        report = run_ingest(store, paths, force=force, jobs=jobs, progress=progress,
                            max_chars=max_chars or MAX_CHARS)
    for err in report.failed:
        click.echo(f"error: {err}", err=True)
    click.echo(report.summary())
    if report.failed:
        sys.exit(1)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.pass_obj
def docs(obj: Ctx, fmt):
    """List the documents in the store with title, date, language and publisher.

    \b
    Example:
      kgraph docs --format json
    """
    from kgraph.store.info import list_documents
    with obj.store(read_only=True) as store:
        rows = list_documents(store)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        from kgraph.query.results import render_table
        click.echo(render_table(rows, ["file", "title", "published", "language", "publisher"]))


@main.command()
@click.argument("doc")
@click.pass_obj
def remove(obj: Ctx, doc):
    """Remove a document (by file name or IRI) and everything extracted from it.

    \b
    Example:
      kgraph remove 000_2c4785145359766b.txt
    """
    from kgraph.store.info import remove_document
    with obj.store() as store:
        iri = remove_document(store, doc)
    click.echo(f"removed {iri}")


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.pass_obj
def stats(obj: Ctx, fmt):
    """Counts: documents, entities by type, relations by predicate, quads.

    \b
    Example:
      kgraph stats
    """
    from kgraph.store.info import statistics
    with obj.store(read_only=True) as store:
        st = statistics(store)
    if fmt == "json":
        click.echo(json.dumps(st, ensure_ascii=False, indent=2))
        return
    click.echo(f"documents  {st['documents']}\nquads      {st['quads']}\nentities   {st['entities']}")
    for k, v in st["entity_types"].items():
        click.echo(f"  {k:<20} {v}")
    click.echo(f"relations  {st['relations']}")
    for k, v in st["predicates"].items():
        click.echo(f"  {k:<20} {v}")


@main.command()
@click.option("--format", "fmt", type=click.Choice(["nquads", "trig", "turtle", "ntriples", "jsonld",
                                                    "graphml", "gexf"]),
              default="nquads", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), default=None,
              help="File to write (default: standard output).")
@graph_filter_options
@click.pass_obj
def export(obj: Ctx, fmt, output, predicates, types, modalities, since, until, min_docs, lang):
    """Export the store: RDF (nquads, trig and jsonld keep the named graphs), or the entity graph
    as GraphML or GEXF for Gephi and Cytoscape (the filters apply to those two only).

    \b
    Example:
      kgraph export --format nquads -o graph.nq
      kgraph export --format gexf --modality stated -o partners.gexf
    """
    from kgraph.query.graph import build_graph, write_graph

    def write(store, fh):
        if fmt in ("graphml", "gexf"):
            g = build_graph(store, _graph_filter(predicates, types, modalities, since, until, min_docs), lang)
            write_graph(g, fh, fmt)
        else:
            store.dump(fh, fmt)
    with obj.store(read_only=True) as store:
        if output:
            from kgraph.files import atomic_output
            with atomic_output(output) as fh:
                write(store, fh)
        else:
            write(store, sys.stdout.buffer)


@main.command()
@click.pass_obj
def validate(obj: Ctx):
    """Check the store against the SHACL shapes (ontology/shapes.ttl).

    \b
    Example:
      kgraph validate
    """
    from kgraph.validate import validate as run
    with obj.store(read_only=True) as store:
        violations = run(store)
    for v in violations[:200]:
        click.echo(f"{v.severity}: {v.focus} {v.path}: {v.message}")
    click.echo(f"{len(violations)} violations")
    if violations:
        sys.exit(1)


@main.command("eval")
@click.option("--gold", required=True, type=click.Path(exists=True, dir_okay=False),
              help="Gold annotations (JSONL, as in the gold SPEC).")
@click.option("--texts", "texts", multiple=True, type=click.Path(exists=True),
              help="Score these files or directories (ingested into a throw-away store) instead of the store; "
                   "repeatable.")
@click.option("--show", type=click.IntRange(0), default=20, show_default=True, help="How many misses to list.")
@click.pass_obj
def eval_cmd(obj: Ctx, gold, texts, show):
    """Score the store (or --texts) against gold annotations: precision, recall, F1.

    Figures per document language, per predicate and per extraction rule, then the misses.

    \b
    Example:
      kgraph eval --gold tests/data/seeds/gold.jsonl --texts seeds
      kgraph eval --gold tests/data/dev/gold.jsonl --texts tests/data/dev/texts --show 0
    """
    from kgraph.evaluate import evaluate, score_texts
    try:
        if texts:
            score = score_texts(list(texts), gold)
        else:
            with obj.store(read_only=True) as store:
                score = evaluate(store, gold)
    except KgraphError as err:
        _fail(err, obj.debug)
    click.echo(score.report(show))


def _print_rows(rows, fmt: str | None, head: list[str] | None = None) -> None:
    from kgraph.query.results import render_table, to_delimited, to_json
    fmt = fmt or ("table" if sys.stdout.isatty() else "tsv")
    if fmt == "json":
        click.echo(to_json(rows, head))
    elif fmt in ("csv", "tsv"):
        click.echo(to_delimited(rows, "," if fmt == "csv" else "\t", head), nl=False)
    else:
        click.echo(render_table(rows, head))


FORMAT_OPTION = click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default=None,
                             help="Output format (default: table on a terminal, tsv otherwise).")


@main.command()
@click.argument("sparql", required=False)
@click.option("--file", "-f", "file", type=click.File("r", encoding="utf-8"), help="Read the query from a file.")
@click.option("--name", "-n", help="Run a canned question by name (see --list).")
@click.option("--param", "-p", multiple=True, help="key=value for a canned question; entities take any name.")
@click.option("--list", "list_", is_flag=True, help="List the canned questions and their parameters.")
@click.option("--limit", type=click.IntRange(0), default=0, help="Show at most this many rows (0: all).")
@FORMAT_OPTION
@click.pass_obj
def query(obj: Ctx, sparql, file, name, param, list_, limit, fmt):
    """Run SPARQL against the store: a query string, a file, or a canned question.

    Parameters are bound as RDF terms, never pasted into the query. SELECT prints rows,
    ASK prints true or false, CONSTRUCT and DESCRIBE print Turtle.

    \b
    Example:
      kgraph query 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }'
      kgraph query --name partners --param entity=오픈AI
      kgraph query --name paths -p x=Kakao -p y=SoftBank -p hops=2 --format json
    """
    from kgraph.query.canned import bind_params, canned_names, get_canned
    from kgraph.query.sparql import query as run
    if list_:
        for n in canned_names():
            cq = get_canned(n)
            click.echo(f"{n:<11} {cq.usage()}\n            {cq.description}")
        return
    given = [x for x in (sparql, file, name) if x]
    if len(given) != 1:
        raise click.UsageError("give exactly one of: a query, --file, or --name")
    params = {}
    for p in param:
        if "=" not in p:
            raise click.UsageError(f"--param {p!r}: use key=value")
        k, v = p.split("=", 1)
        params[k.strip()] = v
    if params and not name:
        raise click.UsageError("--param is for canned questions (--name)")
    with obj.store(read_only=True) as store:
        if name:
            cq = get_canned(name)
            text, bindings = cq.text, bind_params(store, cq, params)
        else:
            text, bindings = (sparql or file.read()), None
        try:
            result = run(store, text, bindings)
        except KgraphError as err:
            raise click.ClickException(_with_caret(str(err), text)) from None
    if isinstance(result, bool):
        click.echo("true" if result else "false")
    elif not isinstance(result, list):
        click.echo(result.serialize(format="turtle"))
    else:
        _print_rows(result[:limit] if limit else result, fmt, getattr(result, "vars", None))


def _with_caret(message: str, text: str) -> str:
    """A syntax error message with the offending query line and a caret under the position."""
    import re
    m = re.search(r"error at (\d+):(\d+)", message)
    lines = text.splitlines()
    if not m or not (0 < int(m.group(1)) <= len(lines)):
        return message
    line, col = int(m.group(1)), int(m.group(2))
    return f"{message}\n  {lines[line - 1]}\n  {' ' * max(col - 1, 0)}^"


@main.command()
@click.argument("entity")
@click.argument("other", required=False)
@click.option("--lang", type=click.Choice(["en", "ko"]), default="en", help="Language of the names.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_obj
def explain(obj: Ctx, entity, other, lang, fmt):
    """Every fact about ENTITY (or between ENTITY and OTHER), with the sentences that state it.

    ENTITY and OTHER are names or aliases in either language, or IRIs. Facts come strongest
    first (stated, planned, discussed, speculated), each with its sentences and their
    documents (title, publisher, date).

    \b
    Example:
      kgraph explain 카카오 OpenAI
      kgraph explain "Sam Altman" --format json
    """
    from dataclasses import asdict

    from kgraph.query.explain import explain_text, facts
    from kgraph.query.sparql import resolve_entity
    with obj.store(read_only=True) as store:
        x = resolve_entity(store, entity)
        y = resolve_entity(store, other) if other else None
        found = facts(store, x, y, lang)
    if fmt == "json":
        click.echo(json.dumps([{**asdict(f), "modality": f.modality, "documents": f.documents,
                                "text": f.sentence()} for f in found], ensure_ascii=False, indent=2))
    else:
        click.echo(explain_text(found, entity, other))


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
@click.pass_obj
def viz(obj: Ctx, output, entity, depth, predicates, types, modalities, since, until, min_docs, lang, size_by,
        title):
    """Write the interactive graph as one self-contained HTML file that works offline.

    Nodes are coloured and shaped by type, edges by predicate (dashed when not stated);
    tooltips show names, types and the evidence sentences with their sources. The page has
    a legend, a search box (any name, either language), type and predicate checkboxes, and
    highlights a clicked entity's neighbours.

    \b
    Example:
      kgraph viz -o graph.html --lang ko
      kgraph viz --entity 카카오 --depth 2 --modality stated -o kakao.html
    """
    from kgraph.query.graph import build_graph, neighbourhood
    from kgraph.query.sparql import resolve_entity
    from kgraph.viz import write_html
    filt = _graph_filter(predicates, types, modalities, since, until, min_docs)
    with obj.store(read_only=True) as store:
        g = build_graph(store, filt, lang, with_evidence=True)
        subtitle = ""
        if entity:
            centre = str(resolve_entity(store, entity))
            label = g.nodes[centre]["label"] if centre in g else entity
            g = neighbourhood(g, centre, depth)
            subtitle = f"around {label}, {depth} hop{'s' if depth != 1 else ''}"
        write_html(g, output, title=title, subtitle=subtitle, lang=lang, size_by=size_by)
    click.echo(f"wrote {output}: {g.number_of_nodes()} entities, {g.number_of_edges()} facts")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--timeout", type=click.FloatRange(0.1), default=30.0, show_default=True,
              help="Seconds a query may run.")
@click.option("--max-rows", type=click.IntRange(1), default=10_000, show_default=True,
              help="Rows (or triples) returned at most; the X-Kgraph-Row-Cap header says when cut.")
@click.option("--max-body", type=click.IntRange(1), default=1_000_000, show_default=True,
              help="Largest POST body in bytes.")
@click.option("--cors", is_flag=True, help="Allow cross-origin requests from any web page.")
@click.option("--no-html", is_flag=True, help="Do not serve the interactive graph at /.")
@click.pass_obj
def serve(obj: Ctx, host, port, timeout, max_rows, max_body, cors, no_html):
    """Serve the store read-only over the SPARQL 1.1 Protocol at /sparql, and the graph at /.

    GET and POST (form or direct) queries; results as SPARQL JSON, XML, CSV or TSV, graphs as
    Turtle or N-Triples, chosen by the Accept header. Updates get 403; SERVICE, LOAD and remote
    FROM get 400. The embedded store stays locked while the server runs.

    \b
    Example:
      kgraph serve --port 8000
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 3' \\
           http://127.0.0.1:8000/sparql
    """
    from kgraph.serve import ServeConfig, make_server
    config = ServeConfig(host=host, port=port, timeout=timeout, max_rows=max_rows, max_body=max_body, cors=cors,
                         html=not no_html)
    with obj.store() as store:
        server = make_server(store, config)
        bound_host, bound_port = server.server_address[:2]
        click.echo(f"kgraph serving {store.location} at http://{bound_host}:{bound_port}/sparql "
                   f"(graph at /); Ctrl-C stops", err=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.close()


@main.command()
@click.argument("what", type=click.Choice(["centrality", "communities", "path", "ego"]))
@click.argument("entities", nargs=-1)
@click.option("--top", type=click.IntRange(0), default=20, show_default=True,
              help="centrality: how many entities to show (0: all).")
@click.option("--method", type=click.Choice(["louvain", "greedy"]), default="louvain", show_default=True,
              help="communities: Louvain or greedy modularity.")
@click.option("--radius", type=click.IntRange(1, 5), default=1, show_default=True, help="ego: hops around X.")
@graph_filter_options
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.pass_obj
def analyze(obj: Ctx, what, entities, top, method, radius, predicates, types, modalities, since, until,
            min_docs, lang, fmt):
    """Network analytics: centrality | communities | path X Y | ego X.

    The graph is built from the store with the given filters; edges ignore direction for
    paths and communities. `path` shows the evidence for every hop.

    \b
    Example:
      kgraph analyze centrality --top 10
      kgraph analyze communities --modality stated
      kgraph analyze path 카카오 SoftBank
      kgraph analyze ego OpenAI --radius 1 --format json
    """
    from kgraph.query import analyze as an
    from kgraph.query.explain import MODALITY_WORDS
    from kgraph.query.graph import build_graph
    from kgraph.query.results import render_table
    need = {"centrality": 0, "communities": 0, "path": 2, "ego": 1}[what]
    if len(entities) != need:
        raise click.UsageError(f"analyze {what} takes {need or 'no'} entit{'y' if need == 1 else 'ies'}"
                               f"{' (X Y)' if need == 2 else ' (X)' if need == 1 else ''}, got {len(entities)}")
    with obj.store(read_only=True) as store:
        from kgraph.query.sparql import resolve_entity
        iris = [str(resolve_entity(store, e)) for e in entities]
        g = build_graph(store, _graph_filter(predicates, types, modalities, since, until, min_docs), lang)
        if what == "path":
            hops = an.path_with_evidence(store, g, iris[0], iris[1], lang)
    if what == "centrality":
        rows = an.centrality(g, top)
        cols = ["label", "type", "neighbours", "degree", "betweenness", "eigenvector"]
    elif what == "communities":
        rows = [{**c, "members": ", ".join(c["members"])} for c in an.communities(g, method)]
        cols = ["community", "size", "members"]
    elif what == "ego":
        rows = an.ego(g, iris[0], radius)
        cols = ["subject", "predicate", "object", "modality", "documents", "hops"]
    else:
        if fmt == "json":
            from dataclasses import asdict
            click.echo(json.dumps([{**h, "facts": [asdict(f) for f in h["facts"]]} for h in hops],
                                  ensure_ascii=False, indent=2))
            return
        click.echo(" → ".join([hops[0]["from_label"]] + [h["to_label"] for h in hops]) if hops else "")
        for n, h in enumerate(hops, 1):
            click.echo(f"\n{n}. {h['from_label']} — {h['to_label']}")
            for f in h["facts"]:
                click.echo(f"   {f.sentence()} — {MODALITY_WORDS.get(f.modality, f.modality)}")
                e = f.evidence[0]
                click.echo(f"     “{' '.join(e.sentence.split())}”\n       — {e.source()}")
        return
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        click.echo(render_table(rows, cols))


if __name__ == "__main__":
    main()
