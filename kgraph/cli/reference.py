"""kgraph reference check: a user's reference list checked before an ingest uses it (kgraph.reference.check_file)."""
from __future__ import annotations

import sys

import click

from kgraph.cli.base import Ctx, debug_option, main


@main.group()
def reference():
    """Your own reference list: a TSV like the packaged kgraph/data/entities.tsv (id, type, English
    name, Korean name, aliases separated by |, the id it belongs to), given to ingest with
    --reference FILE or put in the store's directory as reference.tsv.

    \b
    Example:
      kgraph reference check my-companies.tsv
    """


@reference.command()
@click.argument("file", type=click.Path(dir_okay=False))
@debug_option
@click.pass_obj
def check(obj: Ctx, file):
    """Check a reference list: columns, types the ontology knows, ids (well formed, not repeated, and
    those that override a packaged entry), names (not empty, no control characters, not repeated across
    entries, not a packaged entity's), and what each entry belongs to. Prints each problem as
    FILE:LINE with what to do; exit status 1 when there are errors (notes alone: 0).

    \b
    Example:
      kgraph reference check my-companies.tsv
      kgraph ingest news/ --reference my-companies.tsv
    """
    from kgraph.reference import check_file, parse_reference
    problems = check_file(file)
    for p in problems:
        click.echo(str(p))
    errors = sum(p.error for p in problems)
    notes = len(problems) - errors
    if errors:
        click.echo(f"{file}: {errors} error{'s' if errors != 1 else ''}, {notes} note{'s' if notes != 1 else ''}; "
                   "fix the errors before ingesting with it", err=True)
        sys.exit(1)
    with open(file, encoding="utf-8") as fh:
        entries = len(parse_reference(fh.read(), file))
    click.echo(f"{file}: {entries} entr{'ies' if entries != 1 else 'y'}, no errors"
               f"{f', {notes} note' + ('s' if notes != 1 else '') if notes else ''}")
