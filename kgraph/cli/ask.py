"""Commands that ask the store: query, explain, analyze."""
from __future__ import annotations

import click

from kgraph.cli.base import Ctx, common_options, graph_filter, graph_filter_options, main, output_format, output_options, show
from kgraph.model import MODALITIES


@main.command()
@click.argument("sparql", required=False)
@click.option("--file", "-f", "file", type=click.File("r", encoding="utf-8"), help="Read the query from a file.")
@click.option("--name", "-n", help="Run a canned question by name (see --list).")
@click.option("--param", "-p", multiple=True, help="key=value for a canned question; entities take any name.")
@click.option("--list", "list_", is_flag=True, help="List the canned questions and their parameters.")
@click.option("--since", metavar="YYYY-MM-DD", help="Canned questions that list facts: first reported on or after.")
@click.option("--until", metavar="YYYY-MM-DD", help="Canned questions that list facts: first reported on or before.")
@click.option("--modality", type=click.Choice(MODALITIES),
              help="Canned questions that list facts: only those whose strongest modality is this one.")
@click.option("--min-confidence", metavar="0-1",
              help="Canned questions that list facts: only those stated at least once with this confidence or more.")
@click.option("--limit", type=click.IntRange(0), default=None,
              help="Rows of the page: canned questions show their first 50 by default, other queries every "
                   "row; 0: all.")
@click.option("--offset", type=click.IntRange(0), default=0, help="Rows to skip before the page (the next page: "
              "the offset the last line names).")
@click.option("--count", is_flag=True, help="Also count every row of the answer when more follow (reads it whole).")
@click.option("--timeout", type=click.FloatRange(0), default=30.0, show_default=True, metavar="SECONDS",
              help="Stop the query after this many seconds (exit 1), as the endpoint does; 0: no limit.")
@click.option("--max-memory", type=click.IntRange(0), default=1024, show_default=True, metavar="MB",
              help="Stop the query when its process uses more memory than this, as the endpoint does; "
                   "0: no ceiling.")
@output_options
@common_options
@click.pass_obj
def query(obj: Ctx, sparql, file, name, param, list_, since, until, modality, min_confidence, limit, offset, count,
          timeout, max_memory, fmt):
    """Run SPARQL against the store: a query string, a file, or a canned question.

    Parameters are bound as RDF terms, never pasted into the query. SELECT prints rows,
    ASK prints true or false (SPARQL JSON with --format json), CONSTRUCT and DESCRIBE print
    Turtle. The store is read-only here: updates belong to kgraph ingest and kgraph remove.
    As on the endpoint, the query runs in a process of its own that is stopped at the time
    limit or the memory ceiling. A SELECT answers by the page (--limit, --offset): when more
    rows follow, the last line says so (on stderr for csv, tsv and json) and names the next
    --offset; --count adds how many.

    \b
    Example:
      kgraph query 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }'
      kgraph query --name partners --param entity=오픈AI
      kgraph query --name paths -p x=Kakao -p y=SoftBank -p hops=2 --format json
      kgraph query --name partners -p entity=OpenAI --since 2025-01-01 --min-confidence 0.8
      kgraph query --name timeline --limit 20 --offset 40 --count
    """
    from kgraph.query.canned import canned_names, get_canned
    from kgraph.query.output import result_text
    if list_:
        for n in canned_names():
            cq = get_canned(n)
            click.echo(f"{n:<11} {cq.usage()}\n            {cq.description}")
        return
    given = [x for x in (sparql, file, name) if x is not None]
    if len(given) != 1:
        raise click.UsageError("give exactly one of: a query, --file, or --name")
    params = {}
    for p in param:
        if "=" not in p:
            raise click.UsageError(f"--param {p!r}: use key=value")
        k, v = p.split("=", 1)
        params[k.strip()] = v
    for key, value, opt in (("since", since, "--since"), ("until", until, "--until"),
                            ("modality", modality, "--modality"), ("min_confidence", min_confidence, "--min-confidence")):
        if value is not None:
            if key in params and params[key] != value:
                raise click.UsageError(f"{opt} {value!r} and --param {key}={params[key]!r} disagree; give one")
            params[key] = value
    if params and not name:
        raise click.UsageError("--param is for canned questions (--name), as are --since, --until, --modality "
                               "and --min-confidence")
    limits = {"timeout": timeout or None, "max_memory": max_memory or None,
              "options": ("--timeout SECONDS (0: no limit)", "--max-memory MB (0: no ceiling)")}
    from kgraph.query.paging import MAX_LIMIT, Page, slice_page
    size = None if limit == 0 or (limit is None and not name) else limit
    if size is not None and size > MAX_LIMIT:
        raise click.UsageError(f"--limit {size} is over the largest page, {MAX_LIMIT:,}; use 0 for every row")
    with obj.kgraph(read_only=True) as kg:
        if name and size is None:
            result = kg.canned_query(name, limits=limits, **params)
            result = slice_page(result, None, offset) if isinstance(result, list) else result
        elif name:
            result = kg.ask(name, limit=size, offset=offset, count=count, limits=limits, **params)
        else:
            text = sparql if sparql is not None else file.read()
            result = kg.query(text, **limits, **({} if size is None else {"limit": offset + size}))
            if isinstance(result, list):
                result = slice_page(result, size, offset)
                if count and result.has_more:
                    result.total = len(kg.query(text, **limits))
    fmt = output_format(fmt)
    show(result_text(result, fmt))
    if isinstance(result, Page) and result.has_more:
        click.echo(result.more_text(), err=fmt != "table")


@main.command()
@click.argument("entity")
@click.argument("other", required=False)
@click.option("--lang", type=click.Choice(["en", "ko"]), default="en", help="Language of the names.")
@output_options
@common_options
@click.pass_obj
def explain(obj: Ctx, entity, other, lang, fmt):
    """Every fact about ENTITY (or between ENTITY and OTHER), with the sentences that state it.

    ENTITY and OTHER are names or aliases in either language, or IRIs. Facts come strongest
    first (stated, planned, discussed, speculated), each with its sentences and their
    documents (title, publisher, date). csv and tsv give one row per sentence.

    \b
    Example:
      kgraph explain 카카오 OpenAI
      kgraph explain "Sam Altman" --format json
    """
    from kgraph.query.output import facts_text
    with obj.kgraph(read_only=True) as kg:
        found = kg.explain(entity, other, lang)
    show(facts_text(found, output_format(fmt), entity, other))


@main.command()
@click.argument("what", type=click.Choice(["centrality", "communities", "path", "ego"]))
@click.argument("entities", nargs=-1)
@click.option("--top", type=click.IntRange(0), default=20, show_default=True,
              help="centrality: how many entities to show (0: all).")
@click.option("--method", type=click.Choice(["louvain", "greedy"]), default="louvain", show_default=True,
              help="communities: Louvain or greedy modularity.")
@click.option("--radius", type=click.IntRange(1, 5), default=1, show_default=True, help="ego: hops around X.")
@graph_filter_options
@output_options
@common_options
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
    from kgraph.api import check_analysis
    from kgraph.errors import KgraphError
    from kgraph.query.output import analysis_text
    try:
        check_analysis(what, list(entities))
    except KgraphError as err:
        raise click.UsageError(str(err)) from None
    with obj.kgraph(read_only=True) as kg:
        result = kg.analyze(what, entities, top=top, method=method, radius=radius, lang=lang,
                            filt=graph_filter(predicates, types, modalities, since, until, min_docs))
    show(analysis_text(result, output_format(fmt)))
