"""Deterministic IRIs: the same input always mints the same IRI, and every IRI is valid."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import quote, urlsplit

from rdflib import URIRef

from kgraph.names import label_language, normalise_name  # noqa: F401  (re-exported)
from kgraph.rdf.namespaces import DOC, ENTITY, REL


def local_name(iri) -> str:
    """The last part of an IRI: after '#', else after the last '/' (kg:partnerOf -> partnerOf)."""
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _segment(text: str, limit: int = 60) -> str:
    """A readable, percent-encoded IRI segment, shortened with a hash when long."""
    text = unicodedata.normalize("NFC", text)
    # Drop characters that are invalid in IRIs, then percent-encode what remains unsafe.
    cleaned = "".join(ch for ch in text if ch.isprintable() and not ch.isspace()) or "x"
    if len(cleaned) > limit:
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
        cleaned = cleaned[:limit] + "-" + digest
    return quote(cleaned, safe="-._~")


def document_iri(key: str) -> URIRef:
    """IRI of a document and of its named graph: one key, one IRI, and two keys never share one
    (when readable cleaning dropped a character, as in `my article.txt`, a hash of the key is added)."""
    seg = _segment(key, 80)
    text = unicodedata.normalize("NFC", key)
    if len(text) <= 80 and any(not ch.isprintable() or ch.isspace() for ch in text):
        seg += "-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    return DOC[seg]


def entity_iri(key: str, type_: str | None = None) -> URIRef:
    """IRI of an entity: reference keys as they are; discovered ones by type and normalised name."""
    if type_ is None:
        return ENTITY[_segment(key)]
    return ENTITY[f"{type_}/{_segment(normalise_name(key))}"]


def relation_iri(doc_key: str, subject: str, predicate: str, obj: str, start: int) -> URIRef:
    """IRI of one relation node: stable for the same statement in the same sentence of a document."""
    digest = hashlib.sha1(f"{doc_key}\x00{subject}\x00{predicate}\x00{obj}\x00{start}".encode()).hexdigest()[:16]
    return REL[digest]


_UNSAFE_IN_IRI = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f]')


def source_url(value, warnings: list[str] | None = None) -> str | None:
    """The article's address as an absolute http(s) IRI (characters an IRI may not hold percent-encoded),
    or None; a value that is not one is named in `warnings` rather than dropped without a word."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    s = str(value).strip()
    try:
        parts = urlsplit(s)
    except ValueError:                   # "http://[bad": not an address at all
        parts = urlsplit("")
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        if warnings is not None:
            warnings.append(f"url {s[:200]!r} is not an absolute http(s) address; the document is stored without it")
        return None
    return _UNSAFE_IN_IRI.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), s)
