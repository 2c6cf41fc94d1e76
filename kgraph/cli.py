"""The kgraph command line: each command parses options and calls one library function."""
from __future__ import annotations

import csv
import io
import json
import os
import sys
import unicodedata
from contextlib import contextmanager

import click

from kgraph.errors import KgraphError

STORE_HELP = "Store: a directory (default ./kgraph-store, or $KGRAPH_STORE) or ':memory:'."


def _fail(err: Exception, debug: bool = False):
    if debug:
        raise err
    raise click.ClickException(str(err))


class Ctx:
    def __init__(self, store: str | None, debug: bool):
        self.location = store
        self.debug = debug

    def open(self, read_only: bool = False):
        from kgraph.store import open_store
        try:
            return open_store(self.location, read_only=read_only)
        except KgraphError as err:
            _fail(err, self.debug)

    @contextmanager
    def store(self, read_only: bool = False):
        """The store for one command: library errors become one-line messages; always closed."""
        store = self.open(read_only=read_only)
        try:
            yield store
        except (KgraphError, OSError) as err:
            _fail(err, self.debug)
        finally:
            store.close()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--store", "store", envvar="KGRAPH_STORE", default=None, help=STORE_HELP)
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.version_option(package_name="kgraph")
@click.pass_context
def main(ctx, store, debug):
    """Knowledge graphs of AI partnerships from Korean and English news.

    \b
    Example:
      kgraph ingest seeds
      kgraph query --name partners --param entity=OpenAI
    """
    ctx.obj = Ctx(store, debug)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--force", is_flag=True, help="Re-extract files whose content has not changed.")
@click.option("--jobs", "-j", type=click.IntRange(1, 256), default=None,
              help="Tokenizer worker threads (default: every core).")
@click.pass_obj
def ingest(obj: Ctx, paths, force, jobs):
    """Load articles (.txt, .md, .html, .jsonl, or directories) into the store.

    Each document becomes one named graph; re-ingesting a changed file replaces its graph,
    an unchanged one is skipped. A bad file is reported and the rest go on.

    \b
    Example:
      kgraph ingest seeds/ news/2025-02.jsonl --jobs 2
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from kgraph.ingest.runner import ingest as run_ingest
    with obj.store() as store, \
            Progress(TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                     TimeRemainingColumn(), transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task("ingesting", total=None)

        def progress(done, total, name):
            bar.update(task, completed=done, total=total, description=os.path.basename(name)[:30])

        report = run_ingest(store, paths, force=force, jobs=jobs, progress=progress)
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
@click.option("--format", "fmt", type=click.Choice(["nquads", "trig", "turtle", "ntriples", "jsonld"]),
              default="nquads", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), default=None,
              help="File to write (default: standard output).")
@click.pass_obj
def export(obj: Ctx, fmt, output):
    """Export the whole store; quad formats (nquads, trig, jsonld) keep the named graphs.

    \b
    Example:
      kgraph export --format nquads -o graph.nq
    """
    with obj.store(read_only=True) as store:
        if output:
            tmp = output + ".part"
            with open(tmp, "wb") as fh:
                store.dump(fh, fmt)
            os.replace(tmp, output)
        else:
            store.dump(sys.stdout.buffer, fmt)


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
@click.option("--show", type=int, default=20, help="How many misses to list.")
@click.pass_obj
def eval_cmd(obj: Ctx, gold, show):
    """Score the store against gold annotations: precision, recall, F1.

    \b
    Example:
      kgraph eval --gold gold/seeds.jsonl
    """
    from kgraph.evaluate import evaluate
    with obj.store(read_only=True) as store:
        score = evaluate(store, gold)
    if score.missing_documents:
        click.echo(f"documents with no named graph: {', '.join(score.missing_documents)}")
    for name, c in (("entities (per doc)", score.entities), ("relations (per doc)", score.relations)):
        p, r, f = c.prf()
        click.echo(f"{name:22} P {p:.3f} R {r:.3f} F1 {f:.3f}   tp={c.tp} fp={c.fp} fn={c.fn}")
    for pred, c in sorted(score.per_predicate.items()):
        p, r, f = c.prf()
        click.echo(f"  {pred:20} P {p:.3f} R {r:.3f} F1 {f:.3f}   tp={c.tp} fp={c.fp} fn={c.fn}")
    for line in score.misses[:show]:
        click.echo("  " + line)
    click.echo(score.summary())


@main.command()
@click.argument("sparql", required=False)
@click.option("--file", "-f", "file", type=click.File("r", encoding="utf-8"), help="Read the query from a file.")
@click.option("--name", "-n", help="Run a canned question by name (see --list).")
@click.option("--param", "-p", multiple=True, help="key=value for a canned question; names resolve to entities.")
@click.option("--list", "list_", is_flag=True, help="List the canned questions.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default=None,
              help="Output format (default: table on a terminal, tsv otherwise).")
@click.pass_obj
def query(obj: Ctx, sparql, file, name, param, list_, fmt):
    """Run SPARQL against the store: a query string, a file, or a canned question.

    Parameters are bound as RDF terms, never pasted into the query.

    \b
    Example:
      kgraph query 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }'
      kgraph query --name partners --param entity=오픈AI
    """
    from rdflib import Literal

    from kgraph.query.sparql import canned, canned_names, query as run, resolve_entity
    if list_:
        click.echo("\n".join(canned_names()))
        return
    given = [x for x in (sparql, file, name) if x]
    if len(given) != 1:
        raise click.UsageError("give exactly one of: a query, --file, or --name")
    text = sparql or (file.read() if file else canned(name))
    with obj.store(read_only=True) as store:
        bindings = {}
        for p in param:
            if "=" not in p:
                raise click.UsageError(f"--param {p!r}: use key=value")
            k, v = p.split("=", 1)
            bindings[k] = resolve_entity(store, v) if k in ("entity", "other", "org", "x", "y") else Literal(v)
        result = run(store, text, bindings)
    if isinstance(result, bool):
        click.echo("true" if result else "false")
        return
    if not isinstance(result, list):
        click.echo(result.serialize(format="turtle"))
        return
    fmt = fmt or ("table" if sys.stdout.isatty() else "tsv")
    cols = list(dict.fromkeys(k for r in result for k in r)) if result else []
    rows = [{k: ("" if r.get(k) is None else str(r[k])) for k in cols} for r in result]
    if fmt == "json":
        click.echo(json.dumps({"head": {"vars": cols}, "results": {"bindings": [
            {k: _json_term(r[k]) for k in r} for r in result]}}, ensure_ascii=False, indent=2))
    elif fmt in ("csv", "tsv"):
        buf = io.StringIO()
        w = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        w.writerow(cols)
        for r in rows:
            w.writerow([r[c] for c in cols])
        click.echo(buf.getvalue(), nl=False)
    else:
        click.echo(render_table(rows, cols))


def _json_term(t) -> dict:
    from rdflib import BNode, Literal, URIRef
    if isinstance(t, URIRef):
        return {"type": "uri", "value": str(t)}
    if isinstance(t, BNode):
        return {"type": "bnode", "value": str(t)}
    d = {"type": "literal", "value": str(t)}
    if isinstance(t, Literal) and t.language:
        d["xml:lang"] = t.language
    elif isinstance(t, Literal) and t.datatype:
        d["datatype"] = str(t.datatype)
    return d


def display_width(s: str) -> int:
    """Terminal columns of a string: East Asian wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1 for ch in s)


def render_table(rows: list[dict], cols: list[str], limit: int = 60) -> str:
    """An aligned text table that lines up Korean (wide) characters."""
    def cut(v: str) -> str:
        v = " ".join(str(v).split())
        out, w = "", 0
        for ch in v:
            cw = display_width(ch)
            if w + cw > limit:
                return out + "…"
            out, w = out + ch, w + cw
        return out
    cells = [[cut(c) for c in cols]] + [[cut(r.get(c, "") or "") for c in cols] for r in rows]
    widths = [max(display_width(row[i]) for row in cells) for i in range(len(cols))]
    lines = []
    for n, row in enumerate(cells):
        lines.append("  ".join(v + " " * (widths[i] - display_width(v)) for i, v in enumerate(row)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines) + f"\n({len(rows)} rows)"


if __name__ == "__main__":
    main()
