"""The kgraph command line: each command parses options, calls one method of kgraph.api.KGraph and
prints what kgraph.query.output makes of the answer.

Commands live in modules by area (store.py, ask.py, web.py); this module holds what they share
(the command modules import it, and kgraph/cli/__init__.py imports them, so no import runs in a circle):
the group, the store and debug options every command takes (before or after its name), the one
output option of every command that prints rows, and the graph filters.
"""
from __future__ import annotations

import os
import sys
from contextlib import contextmanager

import click

from kgraph.errors import KgraphError
from kgraph.query.output import FORMATS

STORE_HELP = ("Store: a directory (default ./kgraph-store, or $KGRAPH_STORE), ':memory:', or the URL of a "
              "SPARQL 1.1 server, e.g. http://127.0.0.1:7878.")
DEBUG_HELP = "Show tracebacks instead of one-line errors."
FORMAT_HELP = ("Output: table (aligned; the default on a terminal), csv, tsv (the default when piped), or json "
               "(SPARQL 1.1 JSON results for queries, one object of counts for stats, a JSON array of rows "
               "elsewhere). $KGRAPH_FORMAT sets the default.")


def fail(err: Exception, debug: bool = False):
    """A library error as one line for the user (or the traceback with --debug)."""
    if debug:
        raise err
    raise click.ClickException(str(err))


class Ctx:
    def __init__(self, store: str | None, debug: bool, remote=None):
        self.location = store
        self.debug = debug
        self.remote = remote

    def open(self, read_only: bool = False, create: bool = False, serving: bool = False):
        from kgraph.store import open_store
        try:
            return open_store(self.location, read_only=read_only, remote=self.remote, create=create,
                              serving=serving)
        except KgraphError as err:
            fail(err, self.debug)

    @contextmanager
    def store(self, read_only: bool = False, create: bool = False, serving: bool = False):
        """The store for one command: library errors become one-line messages; always closed. Only
        commands that fill a store (`create`) make one where there is none."""
        store = self.open(read_only=read_only, create=create, serving=serving)
        try:
            yield store
        except (KgraphError, OSError) as err:
            try:
                store.close()
            except (KgraphError, OSError):
                pass
            fail(err, self.debug)
        else:
            try:
                store.close()
            except (KgraphError, OSError) as err:
                fail(err, self.debug)

    @contextmanager
    def kgraph(self, read_only: bool = False, create: bool = False, serving: bool = False):
        """The library on the store for one command (see `store`; `serving`: kgraph serve's snapshot)."""
        from kgraph.api import KGraph
        with self.store(read_only=read_only, create=create, serving=serving) as store:
            yield KGraph(store)


def _set_store(ctx: click.Context, _param, value):
    if value is not None:
        ctx.ensure_object(Ctx).location = value


def _set_debug(ctx: click.Context, _param, value):
    if value:
        ctx.ensure_object(Ctx).debug = True


def common_options(f):
    """--store and --debug after the command's name too (kgraph stats --store X)."""
    f = click.option("--debug", is_flag=True, expose_value=False, callback=_set_debug, help=DEBUG_HELP)(f)
    return click.option("--store", expose_value=False, callback=_set_store, metavar="PATH|URL", help=STORE_HELP)(f)


def debug_option(f):
    """--debug after the command's name, for commands that use no store."""
    return click.option("--debug", is_flag=True, expose_value=False, callback=_set_debug, help=DEBUG_HELP)(f)


def output_options(f):
    """The one output option of every command that prints rows."""
    return click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, help=FORMAT_HELP)(f)


def output_format(fmt: str | None) -> str:
    """The format asked for, else $KGRAPH_FORMAT, else table on a terminal and tsv in a pipe."""
    if fmt:
        return fmt
    env = os.environ.get("KGRAPH_FORMAT")
    if env:
        if env not in FORMATS:
            raise click.UsageError(f"KGRAPH_FORMAT={env!r} is not a format; use one of {', '.join(FORMATS)}")
        return env
    return "table" if sys.stdout.isatty() else "tsv"


def show(text: str) -> None:
    """Print what kgraph.query.output made (it ends with its own newline)."""
    click.echo(text, nl=False)


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


def graph_filter(predicates, types, modalities, since, until, min_docs):
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
            if ctx.params.get("debug") or (isinstance(ctx.obj, Ctx) and ctx.obj.debug):
                raise
            click.echo(f"Error: internal error: {type(err).__name__}: {err} "
                       "(run with --debug for the traceback, and please report it)", err=True)
            ctx.exit(1)


@click.group(cls=KgraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--store", "store", envvar="KGRAPH_STORE", default=None, metavar="PATH|URL", help=STORE_HELP)
@click.option("--query-endpoint", envvar="KGRAPH_QUERY_ENDPOINT", metavar="URL",
              help="Remote store: the SPARQL query endpoint (default: URL/query).")
@click.option("--update-endpoint", envvar="KGRAPH_UPDATE_ENDPOINT", metavar="URL",
              help="Remote store: the SPARQL update endpoint (default: URL/update).")
@click.option("--gsp-endpoint", envvar="KGRAPH_GSP_ENDPOINT", metavar="URL",
              help="Remote store: a Graph Store Protocol endpoint; documents are then written by PUT.")
@click.option("--user", envvar="KGRAPH_USER", help="Remote store: user for HTTP basic auth.")
@click.option("--password", envvar="KGRAPH_PASSWORD", help="Remote store: password (better: $KGRAPH_PASSWORD).")
@click.option("--debug", is_flag=True, help=DEBUG_HELP)
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

