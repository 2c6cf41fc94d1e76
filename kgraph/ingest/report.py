"""What one ingest did (kgraph.ingest.runner.ingest's answer), counted in the words of README "Counts"."""
from __future__ import annotations

from dataclasses import dataclass, field

from kgraph.errors import LoadError
from kgraph.sources.loaders import Skipped


@dataclass
class IngestReport:
    """What one ingest did; the CLI prints it as its closing summary."""

    ingested: int = 0
    unchanged: int = 0
    failed: list[LoadError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)    # stored, but something in it was not kept
    skipped: list[Skipped] = field(default_factory=list)   # files of a directory that are not articles
    copies: list[tuple[str, str, float]] = field(default_factory=list)   # (copy, document it joined, similarity)
    # counts, named as `kgraph stats` names them (README "Counts"): mentions are (document, entity)
    # pairs, entities distinct ones; relations are statements with their sentence, facts the distinct
    # (subject, predicate, object) they state; quads are written into the documents' graphs
    mentions: int = 0
    entities: int = 0
    relations: int = 0
    facts: int = 0
    quads: int = 0
    seconds: float = 0.0
    _entities: set = field(default_factory=set, repr=False)
    _facts: set = field(default_factory=set, repr=False)

    @property
    def ok(self) -> bool:
        return not self.failed

    @property
    def triples(self) -> int:
        """The quads written (each is a triple in a document's graph); the name older code used."""
        return self.quads

    def count(self, result) -> None:
        """Add one stored document's counts (an extract.DocumentQuads)."""
        self.mentions += result.entity_count
        self.relations += result.relation_count
        self.quads += result.triple_count
        self._entities.update(result.entities)
        self._facts.update(result.facts)
        self.entities, self.facts = len(self._entities), len(self._facts)

    def summary(self) -> str:
        parts = [f"{self.ingested} ingested"]
        if self.unchanged:
            parts.append(f"{self.unchanged} unchanged")
        if self.copies:
            parts.append(f"{len(self.copies)} merged as cop{'ies' if len(self.copies) != 1 else 'y'}")
        parts.append(f"{len(self.failed)} failed")
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped")
        return (f"{', '.join(parts)}; {self.mentions} mentions of {self.entities} entities, "
                f"{self.relations} relations stating {self.facts} facts, {self.quads} quads in {self.seconds:.1f} s")


__all__ = ["IngestReport"]
