"""kgraph merge, alias, split (unmerge), reject and corrections: the analyst's corrections, kept in
the store (KGraph.merge, .alias, .split, .reject, .unreject, .corrections)."""
from __future__ import annotations

import click

from kgraph.cli.base import Ctx, common_options, fail, main, output_format, output_options, show
from kgraph.errors import KgraphError

BY_HELP = "Who makes the correction (default: $KGRAPH_USER, else your login name)."
REASON_HELP = "Why, in your words; kept with the correction."


def who_options(f):
    """--by and --reason: who makes a correction and why, kept with it."""
    return click.option("--by", help=BY_HELP)(click.option("--reason", help=REASON_HELP)(f))


@main.command()
@click.argument("survivor")
@click.argument("merged")
@who_options
@common_options
@click.pass_obj
def merge(obj: Ctx, survivor, merged, by, reason):
    """Make two entities one: MERGED's mentions and facts become SURVIVOR's and its names are
    aliases of SURVIVOR, in the stored documents now and in every document ingested later. Names in
    either language, or IRIs (to tell apart two entities that share a name). `kgraph split` undoes it.

    \b
    Example:
      kgraph merge "Sapeon" "사피온코리아" --reason "one company"
    """
    with obj.kgraph() as kg:
        try:
            iri = kg.merge(survivor, merged, by=by, reason=reason)
        except KgraphError as err:
            fail(err, obj.debug)
    click.echo(f"merged {merged} into {survivor} <{iri}>")


@main.command()
@click.argument("entity")
@click.argument("name")
@who_options
@click.option("--remove", is_flag=True, help="Withdraw the alias: the name and what was linked under it are no longer ENTITY's.")
@common_options
@click.pass_obj
def alias(obj: Ctx, entity, name, by, reason, remove):
    """Give ENTITY another NAME: every lookup (explain, query, the pages) resolves it, and an entity
    that ingest discovers under that name, now or later, is linked to ENTITY.

    \b
    Example:
      kgraph alias OpenAI "오픈에이아이"
      kgraph alias OpenAI "오픈에이아이" --remove
    """
    with obj.kgraph() as kg:
        try:
            iri = kg.unalias(entity, name) if remove else kg.alias(entity, name, by=by, reason=reason)
        except KgraphError as err:
            fail(err, obj.debug)
    click.echo(f"{name} is {'no longer' if remove else 'now'} an alias of {entity} <{iri}>")


def _split(obj: Ctx, survivor, merged):
    with obj.kgraph() as kg:
        try:
            iri = kg.split(survivor, merged)
        except KgraphError as err:
            fail(err, obj.debug)
    click.echo(f"split {merged} <{iri}> from {survivor}")


SPLIT_HELP = """Undo a merge: MERGED (a name it had, or its IRI) is an entity of its own again, with
    its mentions and facts, in every stored document.

    \b
    Example:
      kgraph split "Sapeon" "사피온코리아"
    """


@main.command(help=SPLIT_HELP)
@click.argument("survivor")
@click.argument("merged")
@common_options
@click.pass_obj
def split(obj: Ctx, survivor, merged):
    _split(obj, survivor, merged)


@main.command(help=SPLIT_HELP.replace("kgraph split", "kgraph unmerge"))
@click.argument("survivor")
@click.argument("merged")
@common_options
@click.pass_obj
def unmerge(obj: Ctx, survivor, merged):
    _split(obj, survivor, merged)


@main.command()
@click.argument("fact")
@who_options
@click.option("--withdraw", is_flag=True, help="Withdraw the rejection: the fact counts again.")
@common_options
@click.pass_obj
def reject(obj: Ctx, fact, by, reason, withdraw):
    """Reject a fact you judge wrong: it leaves the canned questions, explain, the graph page and
    the exports; `kgraph corrections` shows it with who, when and why, and the sentences stay in
    their documents. FACT is "SUBJECT PREDICATE OBJECT" (names in either language, a predicate such
    as partnerOf) or the fact's IRI.

    \b
    Example:
      kgraph reject "Kakao partnerOf OpenAI" --reason "the article denies it"
      kgraph reject "Kakao partnerOf OpenAI" --withdraw
    """
    with obj.kgraph() as kg:
        try:
            iri = kg.unreject(fact) if withdraw else kg.reject(fact, by=by, reason=reason)
        except KgraphError as err:
            fail(err, obj.debug)
    click.echo(f"{'withdrew the rejection of' if withdraw else 'rejected'} {fact} <{iri}>")


@main.command()
@click.option("--kind", type=click.Choice(["merge", "alias", "reject"]), help="Only merges, aliases or rejections.")
@output_options
@common_options
@click.pass_obj
def corrections(obj: Ctx, kind, fmt):
    """List the corrections in the store, oldest first: merges, aliases and rejected facts, each
    with who made it, when and why.

    \b
    Example:
      kgraph corrections
      kgraph corrections --kind reject --format json
    """
    from kgraph.ingest.corrections_list import COLUMNS, IRI_COLUMNS
    from kgraph.query.output import rows_text
    fmt = output_format(fmt)
    iris = fmt != "table"                 # the table stays readable; csv, tsv and json carry the IRIs
    with obj.kgraph(read_only=True) as kg:
        try:
            rows = [c.as_row(iris) for c in kg.corrections(kind)]
        except KgraphError as err:
            fail(err, obj.debug)
    show(rows_text(rows, fmt, IRI_COLUMNS if iris else COLUMNS))


def served_corrections(kg, location: str | None, remote=None):
    """The gate of kgraph serve --allow-corrections: each correction from a page is made as the
    command would make it, on a writer opened for it (the served snapshot shows it within a
    second), or on `kg` itself when it is no snapshot (a store in memory, a SPARQL server)."""
    import threading

    from kgraph.api import KGraph
    from kgraph.serve.corrections import CorrectionsGate
    lock = threading.Lock()

    def apply(operation: str, fields: dict) -> str:
        with lock:
            if getattr(kg.store, "follow", None):
                with KGraph(location, create=False, remote=remote) as writer:
                    return _apply(writer, operation, fields)
            return _apply(kg, operation, fields)

    return CorrectionsGate(apply)


def _apply(kg, operation: str, fields: dict) -> str:
    if operation == "merge":
        return kg.merge(fields["survivor"], fields["merged"], by=fields.get("by"), reason=fields.get("reason"))
    return kg.reject(fields["fact"], by=fields.get("by"), reason=fields.get("reason"))
