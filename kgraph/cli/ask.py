"""Commands that ask the store: query, explain, analyze."""
from __future__ import annotations

import json

import click

from kgraph.cli import (Ctx, common_options, graph_filter, graph_filter_options, main, output_format,
                        output_options, print_rows)
from kgraph.errors import KgraphError


@main.command()
@click.argument("sparql", required=False)
@click.option("--file", "-f", "file", type=click.File("r", encoding="utf-8"), help="Read the query from a file.")
@click.option("--name", "-n", help="Run a canned question by name (see --list).")
@click.option("--param", "-p", multiple=True, help="key=value for a canned question; entities take any name.")
@click.option("--list", "list_", is_flag=True, help="List the canned questions and their parameters.")
@click.option("--limit", type=click.IntRange(0), default=0, help="Show at most this many rows (0: all).")
@click.option("--timeout", type=click.FloatRange(0), default=30.0, show_default=True, metavar="SECONDS",
              help="Stop the query after this many seconds (exit 1), as the endpoint does; 0: no limit.")
@click.option("--max-memory", type=click.IntRange(0), default=1024, show_default=True, metavar="MB",
              help="Stop the query when its process uses more memory than this, as the endpoint does; "
                   "0: no ceiling.")
@output_options
@common_options
@click.pass_obj
def query(obj: Ctx, sparql, file, name, param, list_, limit, timeout, max_memory, fmt):
    """Run SPARQL against the store: a query string, a file, or a canned question.

    Parameters are bound as RDF terms, never pasted into the query. SELECT prints rows,
    ASK prints true or false (SPARQL JSON with --format json), CONSTRUCT and DESCRIBE print
    Turtle. The store is read-only here: updates belong to kgraph ingest and kgraph remove.
    As on the endpoint, the query runs in a process of its own that is stopped at the time
    limit or the memory ceiling.

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
    given = [x for x in (sparql, file, name) if x is not None]
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
            text, bindings = (sparql if sparql is not None else file.read()), None
        try:
            result = run(store, text, bindings, timeout=timeout or None, max_memory=max_memory or None,
                         options=("--timeout SECONDS (0: no limit)", "--max-memory MB (0: no ceiling)"))
        except KgraphError as err:
            raise click.ClickException(str(err)) from None
    fmt = output_format(fmt)
    if isinstance(result, bool):
        if fmt == "json":        # SPARQL 1.1 Query Results JSON for ASK
            click.echo(json.dumps({"head": {}, "boolean": result}))
        else:                    # what Oxigraph and Jena write for ASK in CSV and TSV, and on a terminal
            click.echo("true" if result else "false")
    elif not isinstance(result, list):
        click.echo(result.serialize(format="turtle"))
    else:
        print_rows(result[:limit] if limit else result, fmt, getattr(result, "vars", None), sparql=True)


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
    from dataclasses import asdict

    from kgraph.query.explain import explain_text, facts
    from kgraph.query.sparql import resolve_entity
    with obj.store(read_only=True) as store:
        x = resolve_entity(store, entity)
        y = resolve_entity(store, other) if other else None
        found = facts(store, x, y, lang)
    fmt = output_format(fmt)
    if fmt == "json":
        click.echo(json.dumps([{**asdict(f), "modality": f.modality, "documents": f.documents,
                                "text": f.sentence()} for f in found], ensure_ascii=False, indent=2))
    elif fmt in ("csv", "tsv"):
        rows = [{"subject": f.subject_label, "predicate": f.predicate, "object": f.object_label,
                 "modality": e.modality, "sentence": " ".join(e.sentence.split()), "title": e.title,
                 "publisher": e.publisher, "published": e.published, "url": e.url, "document": e.document}
                for f in found for e in f.evidence]
        print_rows(rows, fmt, ["subject", "predicate", "object", "modality", "sentence", "title", "publisher",
                               "published", "url", "document"])
    else:
        click.echo(explain_text(found, entity, other))


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
    from kgraph.query import analyze as an
    from kgraph.query.graph import build_graph
    from kgraph.query.sparql import resolve_entity
    need = {"centrality": 0, "communities": 0, "path": 2, "ego": 1}[what]
    if len(entities) != need:
        raise click.UsageError(f"analyze {what} takes {need or 'no'} entit{'y' if need == 1 else 'ies'}"
                               f"{' (X Y)' if need == 2 else ' (X)' if need == 1 else ''}, got {len(entities)}")
    with obj.store(read_only=True) as store:
        iris = [str(resolve_entity(store, e)) for e in entities]
        g = build_graph(store, graph_filter(predicates, types, modalities, since, until, min_docs), lang)
        if what == "path":
            hops = an.path_with_evidence(store, g, iris[0], iris[1], lang)
    if what == "path":
        return _print_path(hops, output_format(fmt))
    if what == "centrality":
        rows = an.centrality(g, top)
        cols = ["label", "type", "neighbours", "degree", "betweenness", "eigenvector"]
    elif what == "communities":
        rows = [{**c, "members": ", ".join(c["members"])} for c in an.communities(g, method)]
        cols = ["community", "size", "members"]
    else:
        rows = an.ego(g, iris[0], radius)
        cols = ["subject", "predicate", "object", "modality", "documents", "hops"]
    print_rows(rows, fmt, cols)


def _print_path(hops: list[dict], fmt: str) -> None:
    from dataclasses import asdict

    from kgraph.query.explain import MODALITY_WORDS
    if fmt == "json":
        click.echo(json.dumps([{**h, "facts": [asdict(f) for f in h["facts"]]} for h in hops],
                              ensure_ascii=False, indent=2))
    elif fmt in ("csv", "tsv"):
        rows = [{"hop": n, "from": h["from_label"], "to": h["to_label"], "fact": f.sentence(), "modality": f.modality,
                 "sentence": " ".join(f.evidence[0].sentence.split()), "source": f.evidence[0].source()}
                for n, h in enumerate(hops, 1) for f in h["facts"]]
        print_rows(rows, fmt, ["hop", "from", "to", "fact", "modality", "sentence", "source"])
    else:
        click.echo(" → ".join([hops[0]["from_label"]] + [h["to_label"] for h in hops]) if hops else "")
        for n, h in enumerate(hops, 1):
            click.echo(f"\n{n}. {h['from_label']} — {h['to_label']}")
            for f in h["facts"]:
                click.echo(f"   {f.sentence()} — {MODALITY_WORDS.get(f.modality, f.modality)}")
                e = f.evidence[0]
                click.echo(f"     “{' '.join(e.sentence.split())}”\n       — {e.source()}")
