"""A SPARQL syntax error in words: where it is, what is open there, and what could come next.

Oxigraph's parser reports a position and the set of terminals it could have read there, character
classes included (`['A' ..= 'Z' | 'a' ..= 'z' | '\\u{00C0}'..='\\u{00D6}' | …]`): a query missing one
`}` printed a wall of Unicode ranges. `explain_syntax_error` keeps the position, says what was
expected as a person would ("a variable", "an IRI", "}"), names the bracket or string left open
(read from the query's tokens, so brackets inside strings, IRIs and comments do not count) and
points at the place under the query line.
"""
from __future__ import annotations

import re

from kgraph.rdf.sparql import tokens

_MESSAGE = re.compile(r"error at (\d+):(\d+): expected (?:one of )?(.*)", re.DOTALL)
_ITEM = re.compile(r'"(?:[^"\\]|\\.)*"|\[(?:\'(?:[^\'\\]|\\.)*\'|[^\]\'])*\]|[^,\s][^,]*')
_PAIRS = {"(": ")", "{": "}", "[": "]"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}

# terminals as the grammar names them -> words; None drops one that says nothing to a reader
_WORDS = {'"$"': "a variable", '"?"': "a variable", '"<"': "an IRI", '":"': "a prefixed name",
          '"\'"': "a string", '"\'\'\'"': "a string", '"\\""': "a string", '"\\"\\"\\""': "a string",
          '"+"': "a number", '"-"': "a number", '"_:"': "a blank node", '"true"': "true or false",
          '"false"': "true or false", '"<<"': None, '"<<("': None, '"{|"': None, '"~"': None,
          '"\\\\"': None, '"\\\\u"': None, '"\\\\U"': None, "[_]": None,
          "Prefix not found": None, "IRI parsing failed": "a valid IRI"}


def _words(expected: str) -> list[str]:
    out: list[str] = []
    for item in _ITEM.findall(expected):
        item = item.strip()
        if item in _WORDS:
            word = _WORDS[item]
        elif item.startswith("["):            # a character class
            word = "a name" if "'A'" in item and "'a'" in item else "a number" if item.startswith("['0'") and \
                "'\\u" not in item else None
        elif item.startswith('"'):
            word = f'"{item[1:-1]}"'
        else:
            word = item                       # a keyword: LATERAL, SERVICE, BY, ...
        if word and word not in out:
            out.append(word)
    return out


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _position(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _offset(text: str, line: int, col: int) -> int:
    lines = text.split("\n")
    if line > len(lines):
        return len(text)
    start = sum(len(x) + 1 for x in lines[:line - 1])
    return min(start + col - 1, len(text))


def _caret(text: str, offset: int) -> str:
    """The query line of `offset` with a caret under it; at the end of the query, the last line that
    has something on it, with the caret just after it."""
    if not text[offset:].strip():
        body = text.rstrip()
        offset = len(body)
        text = body
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    return f"  {line}\n  {' ' * (offset - line_start)}^"


def explain_syntax_error(message: str, text: str) -> str:
    """The parser's `message` about `text` (`error at L:C: expected …`) in words; other messages as
    they are."""
    m = _MESSAGE.match(message.strip())
    if not m:
        return message
    line, col, expected = int(m.group(1)), int(m.group(2)), m.group(3)
    offset = _offset(text, line, col)
    at_end = not "".join(t.text for t in tokens(text[offset:]))
    open_: list = []                   # brackets open before the position
    unclosed_string = None
    for tok in tokens(text):
        if tok.start >= offset:
            break
        if tok.text in _PAIRS:
            open_.append(tok)
        elif tok.text in _CLOSERS and open_ and open_[-1].text == _CLOSERS[tok.text]:
            open_.pop()
        elif tok.kind == "other" and tok.text in "\"'":
            unclosed_string = tok
    where = f"line {line}, column {col}" + (" (the end of the query)" if at_end else "")
    here = next(tokens(text[offset:]), None)
    words = _words(expected)
    problem = ""
    if "Prefix not found" in expected:
        names = [t for t in tokens(text) if t.kind == "pname" and t.start <= offset]
        if names:
            prefix = names[-1].text.split(":", 1)[0]
            problem = f"the prefix {prefix}: is not declared; add PREFIX {prefix}: <…> before the query"
            words = []
    elif unclosed_string is not None:
        sl, sc = _position(text, unclosed_string.start)
        problem = f"the string that starts at line {sl}, column {sc} is not closed; add the closing {unclosed_string.text}"
        words = []
    elif open_ and (at_end or (here is not None and here.text in _CLOSERS and here.text != _PAIRS[open_[-1].text])):
        last = open_[-1]
        ol, oc = _position(text, last.start)
        ends = "the query ends" if at_end else f'"{here.text}" comes'
        if f'"{_PAIRS[last.text]}"' not in words:
            words = []                  # the parser's guesses elsewhere (LANGMATCHES, …) would mislead
        if len(open_) == 1:
            problem = f'{ends} before the "{last.text}" at line {ol}, column {oc} is closed; add "{_PAIRS[last.text]}"'
        else:
            problem = (f'{ends} with {len(open_)} brackets open; the last, "{last.text}" at line {ol}, column {oc}, '
                       f'needs "{_PAIRS[last.text]}"')
    found = "found the end of the query" if at_end else f"found {here.text[:40]!r}" if here is not None else ""
    wanted = f"expected {_join(words)}" if words else ""
    if problem:
        head, more = problem, (f"\n  ({wanted})" if wanted else "")
    else:
        head, more = ", ".join(x for x in (wanted, found) if x) or "the parser stopped here", ""
    return f"SPARQL syntax error at {where}: {head}{more}\n{_caret(text, offset)}"


__all__ = ["explain_syntax_error"]
