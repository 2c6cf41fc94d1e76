"""Commands that fill, list, check and export the store: ingest, extract, docs, remove, stats, export,
validate, eval."""
from __future__ import annotations

import os
import sys

import click

from kgraph.cli.base import (Ctx, common_options, fail, graph_filter, graph_filter_options, main,
                        output_format, output_options, show)
from kgraph.api import GRAPH_FORMATS, RDF_FORMATS, TABLE_FORMATS
from kgraph.errors import KgraphError


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--urls", "urls_files", multiple=True, type=click.Path(dir_okay=False), metavar="FILE",
              help="A file of article addresses, one a line (# comments); repeatable.")
@click.option("--feed", "feeds", multiple=True, metavar="URL", help="An RSS or Atom feed: its articles are fetched; "
              "repeatable.")
@click.option("--sitemap", "sitemaps", multiple=True, metavar="URL",
              help="A sitemap or sitemap index: its pages are fetched; repeatable.")
@click.option("--save-html", type=click.Path(file_okay=False), default=None, metavar="DIR",
              help="Keep each fetched page in DIR (HTML and a .json of its address, headers and time); "
                   "`kgraph ingest DIR` reads them again offline.")
@click.option("--delay", type=click.FloatRange(0), default=1.0, show_default=True, metavar="SECONDS",
              help="Time between two requests to one host (longer if its robots.txt asks).")
@click.option("--timeout", type=click.FloatRange(0.01), default=20.0, show_default=True, metavar="SECONDS",
              help="Time to wait for a web server to connect or send.")
@click.option("--max-bytes", type=click.IntRange(1), default=10_000_000, show_default=True,
              help="Largest web page read; a larger one is reported, not read.")
@click.option("--retries", type=click.IntRange(0, 10), default=3, show_default=True,
              help="Tries again after a timeout or a 5xx answer, waiting 2, 4, 8 s (not after a 4xx).")
@click.option("--max-pages", type=click.IntRange(1), default=1000, show_default=True,
              help="Most pages read from the feeds and sitemaps of one run.")
@click.option("--force", is_flag=True, help="Re-extract files whose content has not changed.")
@click.option("--jobs", "-j", type=click.IntRange(1, 256), default=None,
              help="Extraction worker processes for a batch of 64 documents or more (default: every core; "
                   "1 extracts in this process). Not with --dask, whose workers extract.")
@click.option("--threads", type=click.IntRange(1, 256), default=None,
              help="Kiwi threads when this process extracts itself (--jobs 1, or fewer than 64 documents; "
                   "default: every core).")
@click.option("--max-chars", type=click.IntRange(1), default=None,
              help="Longest article in characters (default 1,000,000); longer ones are reported, not read.")
@click.option("--dask", "dask_address", metavar="ADDRESS", default=None,
              help="Extract on this dask.distributed cluster (its scheduler, tcp://host:8786); "
                   "this process still writes the store.")
@click.option("--doc-timeout", type=click.FloatRange(0), default=None, metavar="SECONDS",
              help="Time one document may take to extract (default 180; 0: no limit); a document past it "
                   "is reported and skipped, the others go on.")
@click.option("--reference", "reference", type=click.Path(dir_okay=False), default=None, metavar="FILE",
              help="Your own reference list (a TSV like the packaged entities.tsv) beside the packaged one: "
                   "adds entities, and a packaged id overrides that entry. Default: reference.tsv in the "
                   "store's directory, if any. Check it first with `kgraph reference check FILE`.")
@click.option("--copy-threshold", type=click.FloatRange(0, 1, min_open=True), default=None, metavar="J",
              help="Similarity (estimated Jaccard of the texts, 0-1) from which an article is a syndicated copy "
                   "of a stored one and joins it as a source instead of being extracted again (default 0.5).")
@click.option("--no-dedupe", is_flag=True, help="Store every article as a document of its own, copies too.")
@click.option("--dedupe-files", is_flag=True,
              help="Take files without a source address (no url in their metadata) for copies too; by default "
                   "only articles with an address (web pages, a url field) can be copies of another.")
@common_options
@click.pass_obj
def ingest(obj: Ctx, paths, urls_files, feeds, sitemaps, save_html, delay, timeout, max_bytes, retries, max_pages,
           force, jobs, threads, max_chars, dask_address, doc_timeout, reference, copy_threshold, no_dedupe,
           dedupe_files):
    """Load articles (.txt, .md, .html, .jsonl, directories, web pages, feeds, sitemaps) into the store.

    Each document becomes one named graph; re-ingesting a changed file replaces its graph,
    an unchanged one is skipped. A bad file is reported and the rest go on. Extraction runs in
    worker processes (--jobs), or on a Dask cluster (--dask; install kgraph[dask] everywhere).
    An article already read from another site (the same text under another headline, byline or page
    layout) is recorded as a copy of that document, its facts not counted twice (--no-dedupe). Only an
    article with a source address (a web page, a url in its metadata) is taken for a copy; files
    without one stay documents of their own (--dedupe-files compares them too).
    A document that takes longer than --doc-timeout is reported and skipped. When the output is not
    a terminal, progress is a line every 100 documents on stderr (every 10 from the web).

    Web pages are fetched politely: robots.txt is obeyed, one host is asked at most once per --delay,
    5xx answers and timeouts are tried again (4xx are not), pages over --max-bytes are refused, and
    the User-Agent names kgraph. A page whose text and metadata did not change is skipped. A file or
    address that fails is reported with its reason and the rest go on (exit 1 if any failed).

    \b
    Example:
      kgraph ingest article.txt                       # a file
      kgraph ingest seeds/                            # a directory
      kgraph ingest news/2025-02.jsonl --jobs 2       # one article a line
      kgraph ingest https://news.example/ai/1234      # a web page
      kgraph ingest --urls reading-list.txt           # a file of addresses
      kgraph ingest --feed https://news.example/rss.xml --save-html pages/
      kgraph ingest --sitemap https://news.example/sitemap.xml --max-pages 200
      kgraph ingest pages/                            # saved pages again, offline
      kgraph ingest news/ --dask tcp://10.0.0.5:8786
      kgraph ingest news/ --reference my-companies.tsv
      kgraph ingest news/ --copy-threshold 0.7       # merge only closer copies
    """
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from kgraph.ingest.extract import DOC_TIMEOUT
    from kgraph.sources.loaders import MAX_CHARS
    from kgraph.ingest.progress import ProgressLines
    from kgraph.ingest.dedupe import THRESHOLD as COPY_THRESHOLD
    from kgraph.ingest.runner import IngestInterrupted
    if no_dedupe and (copy_threshold is not None or dedupe_files):
        raise click.UsageError("--no-dedupe contradicts --copy-threshold and --dedupe-files: give one")
    from kgraph.sources.fetch import FetchOptions
    if not (paths or urls_files or feeds or sitemaps):
        raise click.UsageError("give files, directories or web addresses to ingest, or --urls, --feed, --sitemap")
    web = dict(urls_files=urls_files, feeds=feeds, sitemaps=sitemaps, save_html=save_html, max_pages=max_pages,
               fetch=FetchOptions(delay=delay, timeout=timeout, max_bytes=max_bytes, retries=retries))
    from_web = bool(urls_files or feeds or sitemaps or any("://" in p for p in paths))
    interrupted = None
    with obj.kgraph(create=True) as kg, \
            Progress(TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                     TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("ETA"),
                     TimeRemainingColumn(), transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task("ingesting", total=None, rate="")

        def progress(done, total, name):
            elapsed = bar.tasks[0].elapsed or 0
            rate = f"{done / elapsed:,.1f} docs/s" if elapsed > 1 else ""
            bar.update(task, completed=done, total=total, rate=rate,
                       description=os.path.basename(name)[:30] or "ingesting")

        try:
            report = kg.ingest(paths, force=force, jobs=jobs, threads=threads,
                                progress=progress if sys.stderr.isatty() else
                                ProgressLines("ingest", every=10 if from_web else None), **web,
                                max_chars=max_chars or MAX_CHARS, dask=dask_address,
                                doc_timeout=_timeout(doc_timeout, DOC_TIMEOUT), reference=reference,
                                copy_threshold=None if no_dedupe else copy_threshold or COPY_THRESHOLD,
                                copies_without_address=dedupe_files)
        except IngestInterrupted as stop:
            interrupted = stop
    if interrupted is not None:
        click.echo(str(interrupted), err=True)
        sys.exit(130)
    print_report(report)


def _timeout(given: float | None, default: float) -> float | None:
    """--doc-timeout in seconds: the default when not given, None (no limit) for 0."""
    if given is None:
        return default
    return given or None


def print_report(report) -> None:
    """An ingest's, extract's or import's report: its problems on stderr, then the summary; exit 1
    when a file failed."""
    from kgraph.query.output import report_problems
    for line in report_problems(report):
        click.echo(line, err=True)
    click.echo(report.summary())
    if report.failed:
        sys.exit(1)


@main.command()
@output_options
@common_options
@click.pass_obj
def docs(obj: Ctx, fmt):
    """List the documents in the store with title, date, language, publisher and source URL.

    \b
    Example:
      kgraph docs --format json
    """
    from kgraph.query.output import docs_text
    with obj.kgraph(read_only=True) as kg:
        rows = kg.docs()
    show(docs_text(rows, output_format(fmt)))


@main.command()
@click.argument("doc")
@common_options
@click.pass_obj
def remove(obj: Ctx, doc):
    """Remove a document and everything extracted from it: by its name (`kgraph docs` lists them),
    its IRI, or the name of a JSONL file (all of that file's documents). The records of its
    syndicated copies go with it; the name of a copy removes that copy's record only.

    \b
    Example:
      kgraph remove 000_2c4785145359766b.txt
      kgraph remove 'news.jsonl#a-17'       # one line of a JSONL file
      kgraph remove news.jsonl              # every document of that file
      kgraph remove amp-copy.html           # a syndicated copy: its record leaves its document
    """
    with obj.kgraph() as kg:
        iris = kg.remove(doc)
    if len(iris) == 1:
        click.echo(f"removed {iris[0]}")
    else:
        click.echo(f"removed {len(iris)} documents of {doc}")


@main.command()
@output_options
@common_options
@click.pass_obj
def stats(obj: Ctx, fmt):
    """Counts: documents, entities by type, relations by predicate, quads.

    \b
    Example:
      kgraph stats
      kgraph stats --format csv
    """
    from kgraph.query.output import stats_text
    with obj.kgraph(read_only=True) as kg:
        st = kg.stats()
    show(stats_text(st, output_format(fmt)))


@main.command()
@click.option("--format", "fmt", type=click.Choice(RDF_FORMATS + GRAPH_FORMATS + TABLE_FORMATS),
              default="nquads", show_default=True,
              help="nquads, trig and jsonld keep the named graphs; graphml and gexf write the entity graph; "
                   "csv and parquet write entities, facts and documents as three tables into the directory -o.")
@click.option("--output", "-o", type=click.Path(writable=True), default=None,
              help="File to write (default: standard output); a directory for csv and parquet.")
@graph_filter_options
@common_options
@click.pass_obj
def export(obj: Ctx, fmt, output, predicates, types, modalities, since, until, min_docs, lang):
    """Export the store: RDF (nquads, trig and jsonld keep the named graphs), or the entity graph
    as GraphML or GEXF for Gephi and Cytoscape (the filters apply to those two only).

    \b
    Example:
      kgraph export --format nquads -o graph.nq
      kgraph export --format gexf --modality stated -o partners.gexf
      kgraph export --format csv -o tables
    """
    with obj.kgraph(read_only=True) as kg:
        counted = kg.export(output or sys.stdout.buffer, fmt, graph_filter(predicates, types, modalities, since,
                                                                           until, min_docs), lang)
    if output:                     # on standard output the data alone
        click.echo(f"wrote {output}: {counted}")


@main.command()
@common_options
@click.pass_obj
def reindex(obj: Ctx):
    """Rebuild the derived facts graph (one node per distinct fact, each entity's summary and name
    keys) from the document graphs. Ingest and remove keep it up to date; run this after changing
    the store by other means (SPARQL updates, another tool), or to check it.

    One pass over the document graphs in bounded memory, with a progress bar on a terminal (a
    line every 100 documents otherwise); the new facts graph replaces the old one whole, so
    kgraph serve never shows half of it.

    \b
    Example:
      kgraph reindex
    """
    import time

    from kgraph.ingest.progress import ProgressLines
    started = time.perf_counter()
    with obj.kgraph() as kg:
        if sys.stderr.isatty():
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
            with Progress(TextColumn("reindex"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                          transient=True) as bar:
                task = bar.add_task("reindex", total=None)

                def progress(done, total, name):
                    bar.update(task, completed=done, total=total)
                n = kg.reindex(progress=progress)
        else:
            n = kg.reindex(progress=ProgressLines("reindex"))
    click.echo(f"facts graph rebuilt: {n} facts in {time.perf_counter() - started:.1f} s")


@main.command()
@common_options
@click.pass_obj
def validate(obj: Ctx):
    """Check the store against the SHACL shapes (ontology/shapes.ttl).

    \b
    Example:
      kgraph validate
    """
    with obj.kgraph(read_only=True) as kg:
        violations = kg.validate()
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
@common_options
@click.pass_obj
def eval_cmd(obj: Ctx, gold, texts, show):
    """Score the store (or --texts) against gold annotations: precision, recall, F1.

    Figures per document language, per predicate and per extraction rule, then the misses.

    \b
    Example:
      kgraph eval --gold tests/data/seeds/gold.jsonl --texts seeds
      kgraph eval --gold tests/data/dev/gold.jsonl --texts tests/data/dev/texts --show 0
    """
    from kgraph.evaluate import score_texts
    try:
        if texts:
            score = score_texts(list(texts), gold)
        else:
            with obj.kgraph(read_only=True) as kg:
                score = kg.evaluate(gold)
    except KgraphError as err:
        fail(err, obj.debug)
    click.echo(score.report(show))
