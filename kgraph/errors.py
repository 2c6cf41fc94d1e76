"""The library's error types. Each message names what failed, shows the value, and says what to do."""
from __future__ import annotations


class KgraphError(Exception):
    """Base class: any error kgraph reports to a user as one clear line."""


class StoreLockedError(KgraphError):
    """Another process holds the embedded store for writing."""

    def __init__(self, location: str, holder: str = "another process"):
        super().__init__(
            f"store {location!r} is in use by {holder}, which holds it for writing; wait for it to finish "
            "or stop it, or use another --store (commands that only read work meanwhile)"
        )
        self.location = location
        self.holder = holder


class NoStoreError(KgraphError):
    """There is no store at the location given, and the command does not create one."""

    def __init__(self, location: str, reason: str = "there is no kgraph store there"):
        super().__init__(f"no store at {location!r}: {reason}; create one with `kgraph ingest FILES --store "
                         f"{location}`, or point --store (or $KGRAPH_STORE) at an existing store")
        self.location = location


class StoreError(KgraphError):
    """The store could not be opened, read or written."""


class LoadError(KgraphError):
    """A source file could not be read as an article."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class ExtractionError(KgraphError):
    """A document could not be read or extracted (kgraph.extract_document)."""


class QueryError(KgraphError):
    """A SPARQL query was refused or failed."""


class UnknownEntityError(KgraphError):
    """A name given on the command line matches no entity in the store."""

    def __init__(self, name: str, suggestions: list[str]):
        hint = f"; did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        super().__init__(f"no entity named {name!r} in the store{hint}")
        self.name = name
        self.suggestions = suggestions


class QueryTimeout(QueryError):
    """A query ran past its time limit."""
