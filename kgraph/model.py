"""Plain data passed between stages: documents, entity mentions, relations."""
from __future__ import annotations

from dataclasses import dataclass, field

MODALITIES = ("stated", "planned", "discussed", "speculated")

# Ontology classes and the coarse type each belongs to (the scored types, plus Event and Place).
COARSE = {
    "Organization": "Organization", "Company": "Organization", "Group": "Organization", "Division": "Organization",
    "University": "Organization", "GovernmentBody": "Organization", "Media": "Organization",
    "FinancialInstitution": "Organization", "Foundation": "Organization",
    "Person": "Person",
    "Product": "Product", "AIModel": "Product", "Service": "Product", "Chip": "Product", "CloudPlatform": "Product",
    "Game": "Product", "Device": "Product", "Project": "Product",
    "Event": "Event", "Place": "Place",
}


def coarse(type_: str) -> str:
    """Organization, Person, Product, Event or Place for an ontology class name."""
    return COARSE.get(type_, type_)


@dataclass
class Document:
    """One article after loading and cleaning; offsets of evidence refer to `text`."""

    key: str                      # identity of the source: file name, plus #line for JSONL
    file_name: str                # base name of the source file
    text: str                     # cleaned text
    content_hash: str             # SHA-256 of the raw bytes (or of the JSONL line)
    title: str | None = None
    published: str | None = None  # ISO 8601 date or datetime
    publisher: str | None = None
    byline: list[str] = field(default_factory=list)
    url: str | None = None
    language: str = "und"
    tags: list[str] = field(default_factory=list)
    source_path: str = ""
    warnings: list[str] = field(default_factory=list)   # what was read but not kept, e.g. an impossible date
    line: int | None = None       # the line of a JSONL file that held the document (1-based); None for a file


@dataclass(frozen=True)
class EntityRef:
    """A canonical entity: a reference entry or one discovered in text."""

    key: str                  # stable key: reference id, or normalised name for discovered ones
    type: str                 # most specific ontology class local name (Company, Person, AIModel, ...)
    label: str                # preferred label
    discovered: bool = False

    def __hash__(self) -> int:        # the key identifies the entity; hashing one string is cheap
        return hash(self.key)


@dataclass
class Mention:
    """One place in a document where an entity is named."""

    entity: EntityRef
    text: str
    start: int
    end: int
    sent: int = 0             # index of the sentence in the document
    finder: str = ""          # id of what found it: reference, or a finder of nlp/entities*.py


@dataclass
class Relation:
    """One statement of a relation in one sentence."""

    subject: EntityRef
    predicate: str
    object: EntityRef
    sentence: str
    start: int                # sentence start in the document text
    end: int                  # sentence end (exclusive)
    trigger: str
    modality: str = "stated"
    confidence: float = 0.7
    role: str | None = None
    rule: str | None = None   # id of the rule that made it (data/{ko,en}/relations.jsonl)


@dataclass
class Extraction:
    """Everything the NLP stage found in one document."""

    mentions: list[Mention] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
