"""Corrections from the pages: `kgraph serve --allow-corrections` lets the graph page and the query
page merge entities and reject facts (POST /corrections/merge, /corrections/reject).

Off by default. When on:

- the server must listen on a loopback address (127.0.0.1, ::1, localhost), and not with --cors;
- every request carries the random token printed when the server starts, in the header
  `X-Kgraph-Token` (the pages read it from their address, `/#token=...`, which browsers never
  send to a server or put in a Referer);
- only POST with `Content-Type: application/json`; a request whose Origin is not this server's is
  refused. A custom header and a JSON body cannot be sent by another site's form or image, and
  without CORS a script of another origin cannot send them either: that and the token are the
  CSRF defence;
- the body is JSON: {"survivor", "merged"} for a merge, {"fact"} or {"subject", "predicate",
  "object"} for a reject, each with optional "reason" and "by"; the answer is JSON {"ok", "iri",
  "message"} or an error with a status and a message.

The change itself is made by the `apply` callable the command line gives (it opens the store
for writing, as `kgraph reject` would); the served snapshot shows it within a second.
"""
from __future__ import annotations

import hmac
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from kgraph.errors import KgraphError

LOOPBACK = ("127.0.0.1", "::1", "localhost")
OPERATIONS = ("merge", "reject")
TOKEN_HEADER = "X-Kgraph-Token"
MAX_BODY = 16 * 1024


@dataclass
class CorrectionsGate:
    """What a server that allows corrections needs: its token and how to apply one."""
    apply: Callable[[str, dict], str]            # (operation, fields) -> the IRI it made or changed
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))


def check_host(host: str, cors: bool) -> None:
    """Corrections are served on loopback only, and never with CORS."""
    if host not in LOOPBACK:
        raise KgraphError(f"--allow-corrections serves on a loopback address only (127.0.0.1, ::1 or localhost), "
                          f"not {host}: anyone who can reach {host} could change the store")
    if cors:
        raise KgraphError("--allow-corrections cannot be combined with --cors: other web sites must not be able "
                          "to send corrections")


def refusal(gate: CorrectionsGate | None, headers, host_header: str | None, length: int) -> tuple[int, str] | None:
    """(status, message) when a correction request must be refused, else None."""
    if gate is None:
        return 403, "corrections are off: start the server with kgraph serve --allow-corrections"
    token = headers.get(TOKEN_HEADER) or ""
    if not token or not hmac.compare_digest(token.encode(), gate.token.encode()):
        return 403, f"a correction needs the {TOKEN_HEADER} header with the token kgraph serve printed at start"
    ctype = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
    if ctype != "application/json":
        return 415, "send the correction as application/json"
    origin = headers.get("Origin")
    if origin and origin not in (f"http://{host_header}", f"https://{host_header}"):
        return 403, f"a correction from another origin ({origin}) is refused"
    if length > MAX_BODY:
        return 413, f"a correction's body is at most {MAX_BODY} bytes"
    return None


def fields_of(operation: str, body: bytes) -> dict:
    """The request's fields, checked: what `apply` gets."""
    if operation not in OPERATIONS:
        raise ValueError(f"no correction {operation!r}; POST /corrections/merge or /corrections/reject")
    try:
        data = json.loads(body.decode("utf-8") or "{}")
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ValueError("the body is not JSON") from None
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise ValueError("the body must be one JSON object of strings")
    if operation == "merge":
        need = ("survivor", "merged")
    elif "fact" in data:
        need = ("fact",)
    else:
        need = ("subject", "predicate", "object")
    missing = [k for k in need if not data.get(k, "").strip()]
    if missing:
        raise ValueError(f"a {operation} needs {', '.join(need)}; missing {', '.join(missing)}")
    if operation == "reject" and "fact" not in data:
        data["fact"] = " ".join(data[k].strip() for k in need)
    return {k: data[k] for k in (*need, "fact", "reason", "by") if data.get(k)}


def answer(gate: CorrectionsGate | None, operation: str, headers, host_header: str | None,
           read: Callable[[int], bytes]) -> tuple[int, dict]:
    """The status and JSON answer of POST /corrections/<operation>."""
    try:
        length = int(headers.get("Content-Length", "0"))
    except ValueError:
        return 400, {"ok": False, "message": "bad Content-Length"}
    refused = refusal(gate, headers, host_header, length)
    if refused:
        return refused[0], {"ok": False, "message": refused[1]}
    try:
        fields = fields_of(operation, read(length) if length else b"")
    except ValueError as err:
        return 400, {"ok": False, "message": str(err)}
    try:
        iri = gate.apply(operation, fields)
    except KgraphError as err:
        return 409, {"ok": False, "message": str(err)}
    done = f"merged {fields['merged']} into {fields['survivor']}" if operation == "merge" else f"rejected {fields['fact']}"
    return 200, {"ok": True, "iri": str(iri), "message": done}


__all__ = ["CorrectionsGate", "check_host", "answer", "refusal", "fields_of", "TOKEN_HEADER", "LOOPBACK"]
