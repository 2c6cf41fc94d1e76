"""kgraph extract and kgraph import: each document's named graph into N-Quads shards without a store,
and shards (or an export) into one. Registered on `main` by kgraph/cli/__init__.py."""
from __future__ import annotations

import os
import sys

import click

from kgraph.cli.base import Ctx, common_options, debug_option, fail, main
from kgraph.cli.store import _timeout, print_report
from kgraph.errors import KgraphError


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--output", "-o", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Directory for the shards (created if missing; must hold no shards yet).")
@click.option("--jobs", "-j", type=click.IntRange(1, 256), default=None,
              help="Extraction worker processes for a batch of 64 documents or more (default: every core; "
                   "1 extracts in this process). Not with --dask, whose workers extract.")
@click.option("--threads", type=click.IntRange(1, 256), default=None,
              help="Kiwi threads when this process extracts itself (--jobs 1, or fewer than 64 documents; "
                   "default: every core).")
@click.option("--dask", "dask_address", metavar="ADDRESS", default=None,
              help="Extract on this dask.distributed cluster (its scheduler, tcp://host:8786).")
@click.option("--shard-size", type=click.IntRange(1), default=1000, show_default=True,
              help="Documents per shard file.")
@click.option("--gzip", "compress", is_flag=True, help="Write part-NNNNN.nq.gz instead of .nq.")
@click.option("--max-chars", type=click.IntRange(1), default=None,
              help="Longest article in characters (default 1,000,000); longer ones are reported, not read.")
@click.option("--doc-timeout", type=click.FloatRange(0), default=None, metavar="SECONDS",
              help="Time one document may take to extract (default 180; 0: no limit); a document past it "
                   "is reported and skipped, the others go on.")
@click.option("--reference", "reference", type=click.Path(dir_okay=False), default=None, metavar="FILE",
              help="Your own reference list beside the packaged one, as for ingest (see `kgraph reference --help`).")
@debug_option
@click.pass_obj
def extract(obj: Ctx, paths, out_dir, jobs, threads, dask_address, shard_size, compress, max_chars, doc_timeout,
            reference):
    """Extract articles into N-Quads shards, one named graph per document, without a store.

    For other engines, or to load later: `kgraph import DIR/*.nq` checks the shards against the
    graph contract, stores them and builds the facts graph. Shards are renamed into place when
    whole (part-00000.nq, part-00001.nq, …). A bad file is reported and the rest go on (exit 1).

    \b
    Example:
      kgraph extract news/ -o shards/ --jobs 2
      kgraph import shards/*.nq --store news-store
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from kgraph.ingest.extract import DOC_TIMEOUT
    from kgraph.sources.loaders import MAX_CHARS
    from kgraph.ingest.progress import ProgressLines
    from kgraph.ingest.shards import extract_files
    try:
        with Progress(TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), transient=True, disable=not sys.stderr.isatty()) as bar:
            task = bar.add_task("extracting", total=None)

            def progress(done, total, name):
                bar.update(task, completed=done, total=total, description=os.path.basename(name)[:30])

            report = extract_files(paths, out_dir, jobs=jobs, threads=threads, dask=dask_address,
                                   shard_size=shard_size,
                                   compress=compress,
                                   progress=progress if sys.stderr.isatty() else ProgressLines("extract"),
                                   max_chars=max_chars or MAX_CHARS, doc_timeout=_timeout(doc_timeout, DOC_TIMEOUT),
                                   reference=reference)
    except KgraphError as err:
        fail(err, obj.debug)
    print_report(report)


@main.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path())
@common_options
@click.pass_obj
def import_(obj: Ctx, files):
    """Load N-Quads or TriG files (what `kgraph export` writes, or shards made elsewhere) into the
    store, checked against the graph contract; each graph replaces the one of its name.

    A file is staged on disk first, so a file larger than memory is fine and a syntax error leaves
    the store untouched. Triples outside a named graph, and graphs that break the contract (a
    document graph without its document node, a graph that is not kgraph's), are refused and named;
    the rest is imported. Exit 1 if anything was refused.

    \b
    Example:
      kgraph export --format nquads -o backup.nq
      kgraph import backup.nq --store restored-store
      kgraph import shards/*.nq.gz
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with obj.kgraph(create=True) as kg, \
            Progress(TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                     TimeElapsedColumn(), transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task("importing", total=None)

        def progress(done, total, name):
            bar.update(task, completed=done, total=total, description=os.path.basename(name)[:30])

        report = kg.import_files(files, progress=progress)
    print_report(report)
