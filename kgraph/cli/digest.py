"""kgraph digest: what is new since a date, as a Markdown or HTML brief (KGraph.digest)."""
from __future__ import annotations

from pathlib import Path

import click

from kgraph.cli.base import Ctx, common_options, fail, main
from kgraph.errors import KgraphError


@main.command()
@click.option("--since", required=True, metavar="7d|2w|YYYY-MM-DD",
              help="Facts first reported on or after this date, or this many days (7d) or weeks (2w) ago.")
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="md", show_default=True,
              help="Markdown, or an HTML page (every text escaped).")
@click.option("--lang", type=click.Choice(["en", "ko"]), default="en", show_default=True,
              help="Language of the entity names.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write to FILE (default: print).")
@common_options
@click.pass_obj
def digest(obj: Ctx, since, fmt, lang, output):
    """A short brief of what is new: the facts first reported since a date, grouped by entity, each
    with its sentence and the document (and link) that first reported it.

    \b
    Example:
      kgraph digest --since 7d
      kgraph digest --since 2025-03-01 --format html -o digest.html
    """
    with obj.kgraph(read_only=True) as kg:
        try:
            text = kg.digest(since, lang=lang).render(fmt)
        except KgraphError as err:
            fail(err, obj.debug)
    if output:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as err:
            fail(KgraphError(f"cannot write the digest to {output!r}: {err.strerror}; check the path"), obj.debug)
        click.echo(f"wrote {output}")
    else:
        click.echo(text, nl=False)
