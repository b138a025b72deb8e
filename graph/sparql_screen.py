"""Screening of untrusted SPARQL: what runs is what was checked.

A query is split into the terminals of the SPARQL 1.1 grammar (with Oxigraph's
extensions: LATERAL, triple terms, base directions) and checked token by token:
every bare word must be a query keyword or built-in function of an allow-list that
has no SERVICE, LOAD, FROM, NAMED nor any update word; brackets may nest at most
``MAX_DEPTH`` deep and chains of operators are bounded, since the engine's parser
and evaluator recurse on both. The query that is then run is not the text that was
sent but one written anew from those tokens, in a form with one reading only:

- every IRI and prefixed name of the body becomes a generated prefix with an empty
  local part (``skgq3:``) declared in a new prologue, so the body holds no ``<…>``
  IRI that a parser could read as ``<`` and the rest as something else;
- comments are dropped, strings are written again as ``"…"`` with their quotes,
  backslashes and line breaks escaped, blank node labels are renamed;
- tokens are separated by spaces, so no two of them can be read as one.

A difference between this lexer and the engine's can therefore only make the
engine fail to parse the query, never run a keyword the check did not see.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

from summitkg.errors import UserError

MAX_QUERY_CHARS = 100_000
MAX_DEPTH = 64          # nested (), {}, [] and << >>
MAX_OPERATORS = 1_000   # binary operators, path steps, UNION, MINUS, OPTIONAL in one query
GENERATED_PREFIX = "skgq"

KEYWORDS = frozenset("""
SELECT CONSTRUCT DESCRIBE ASK WHERE DISTINCT REDUCED AS GROUP BY HAVING ORDER ASC DESC LIMIT OFFSET
VALUES UNDEF OPTIONAL GRAPH UNION MINUS FILTER BIND NOT EXISTS IN LATERAL
COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT SEPARATOR
STR LANG LANGMATCHES DATATYPE BOUND IRI URI BNODE RAND ABS CEIL FLOOR ROUND CONCAT STRLEN UCASE LCASE
ENCODE_FOR_URI CONTAINS STRSTARTS STRENDS STRBEFORE STRAFTER YEAR MONTH DAY HOURS MINUTES SECONDS
TIMEZONE TZ NOW UUID STRUUID MD5 SHA1 SHA256 SHA384 SHA512 COALESCE IF STRLANG STRDT SAMETERM
ISIRI ISURI ISBLANK ISLITERAL ISNUMERIC REGEX SUBSTR REPLACE
TRIPLE ISTRIPLE SUBJECT PREDICATE OBJECT LANGDIR HASLANG HASLANGDIR STRLANGDIR ADJUST
""".split())
# lowercase only, as the grammar has them
CASE_SENSITIVE = frozenset(("a", "true", "false"))
# words with their own refusal message
REFUSED = {
    "SERVICE": "SERVICE would send the query to another server",
    "SILENT": "SILENT belongs to SERVICE and updates",
    "FROM": "FROM and FROM NAMED choose graphs outside the store's dataset",
    "NAMED": "FROM NAMED chooses graphs outside the store's dataset",
    "LOAD": "LOAD reads data from the network",
}
UPDATE_WORDS = frozenset("INSERT DELETE DROP CLEAR CREATE ADD MOVE COPY WITH USING DATA DEFAULT ALL TO INTO".split())

_CHAIN = frozenset(("||", "&&", "=", "!=", "<", ">", "<=", ">=", "+", "-", "*", "/", "|", "^",
                    "UNION", "MINUS", "OPTIONAL"))
_OPEN = {"(": ")", "{": "}", "[": "]", "<<": ">>", "<<(": ")>>", "{|": "|}"}
_CLOSE = frozenset(_OPEN.values())

_PN_CHARS_BASE = ("A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D"
                  "\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF")
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + r"\-0-9\u00B7\u0300-\u036F\u203F-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PN_PREFIX = f"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PN_LOCAL = (f"(?:[{_PN_CHARS_U}:0-9]|{_PLX})"
             f"(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?")
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_ECHAR = r"\\[tbnrf\\\"']"

_LEX = re.compile(rf"""
  (?P<ws>[ \t\r\n]+)
| (?P<comment>\#[^\r\n]*)
| (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|{_UCHAR})*>)
| (?P<string>\"\"\"(?:(?:"|"")?(?:[^"\\]|{_ECHAR}|{_UCHAR}))*\"\"\"
            |'''(?:(?:'|'')?(?:[^'\\]|{_ECHAR}|{_UCHAR}))*'''
            |"(?:[^"\\\r\n]|{_ECHAR}|{_UCHAR})*"
            |'(?:[^'\\\r\n]|{_ECHAR}|{_UCHAR})*')
| (?P<var>[?$][{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00B7\u0300-\u036F\u203F-\u2040]*)
| (?P<lang>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*(?:--[a-zA-Z]+)?)
| (?P<number>[0-9]+\.[0-9]*[eE][+-]?[0-9]+|\.[0-9]+[eE][+-]?[0-9]+|[0-9]+[eE][+-]?[0-9]+
            |[0-9]*\.[0-9]+|[0-9]+)
| (?P<bnode>_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)
| (?P<pname>(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?)
| (?P<word>[A-Za-z_][A-Za-z0-9_]*)
| (?P<punct><<\(|\)>>|<<|>>|\{{\||\|\}}|\^\^|&&|\|\||!=|<=|>=|[{{}}()\[\];,.=<>!+\-*/^|?])
""", re.X)

_UNESCAPE = re.compile(rf"{_ECHAR}|{_UCHAR}")
_ECHARS = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", "\\": "\\", '"': '"', "'": "'"}
_PLX_ESC = re.compile(r"\\(.)")


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int


@dataclass
class Screened:
    """A checked query: ``text`` is what runs; ``origin`` maps its offsets to the query's."""
    text: str
    tokens: list[Token]
    origin: list[tuple[int, int]]

    def position(self, line: int, column: int) -> int | None:
        """The offset in the original query of a (1-based) line and column of ``text``."""
        lines = self.text.split("\n")
        if not 1 <= line <= len(lines):
            return None
        at = sum(len(x) + 1 for x in lines[:line - 1]) + column - 1
        best = None
        for out_at, orig in self.origin:
            if out_at > at:
                break
            best = orig
        return best


def _unescape(body: str) -> str:
    def one(m):
        s = m.group()
        return _ECHARS[s[1]] if len(s) == 2 else chr(int(s[2:], 16))
    return _UNESCAPE.sub(one, body)


def _string_value(tok: str) -> str:
    quote = 3 if tok[:3] in ('"""', "'''") else 1
    return _unescape(tok[quote:-quote])


def _iri_value(tok: str) -> str:
    return _unescape(tok[1:-1])


def lex(text: str) -> list[Token]:
    """The query's tokens, comments and white space left out; UserError where no terminal fits.

    ``<`` right after an operand inside an expression's parentheses is the operator,
    as the grammar reads ``FILTER(?a<?b&&?c>?d)``; elsewhere it starts an IRI."""
    out: list[Token] = []
    brackets: list[bool] = []           # per open bracket: is it an expression's "("?
    at, n = 0, len(text)
    while at < n:
        m = _LEX.match(text, at)
        if not m:
            raise UserError(f"query refused: unexpected character {text[at]!r} at {_line_col(text, at)}")
        kind = m.lastgroup
        if kind == "iri" and out and out[-1].kind in _OPERAND and brackets and brackets[-1]:
            m = _PUNCT.match(text, at)
            kind = "punct"
        if kind in ("ws", "comment"):
            at = m.end()
            continue
        tok = Token(kind, m.group(), at)
        if kind == "punct" and tok.text in _OPEN:
            brackets.append(tok.text == "(" and _opens_expression(out, brackets))
        elif kind == "punct" and tok.text in _CLOSE and brackets:
            brackets.pop()
        out.append(tok)
        at = m.end()
    return out


_OPERAND = frozenset(("var", "number", "string", "lang"))
_PUNCT = re.compile(r"<=|<")


def _opens_expression(before: list[Token], brackets: list[bool]) -> bool:
    """Whether a "(" starts an expression: after a function or clause word, a function IRI,
    a variable (``SELECT ?a (COUNT(?b) AS ?n)``), or inside another expression."""
    if brackets and brackets[-1]:
        return True
    if not before:
        return False
    prev = before[-1]
    if prev.kind == "word":
        return prev.text.upper() != "VALUES"
    return prev.kind in ("iri", "pname", "var") or (prev.kind == "punct" and prev.text == ")")


def _line_col(text: str, at: int) -> str:
    line = text.count("\n", 0, at) + 1
    return f"line {line}, column {at - (text.rfind(chr(10), 0, at) + 1) + 1}"


def _refuse(text: str, tok: Token, why: str):
    raise UserError(f"query refused at {_line_col(text, tok.start)}: {why} "
                    f"(queries run read-only and never reach the network)")


def _check_word(text: str, tok: Token) -> str:
    word, upper = tok.text, tok.text.upper()
    if word in CASE_SENSITIVE:
        return word
    if upper in REFUSED:
        _refuse(text, tok, REFUSED[upper])
    if upper in UPDATE_WORDS:
        _refuse(text, tok, f"{upper} belongs to SPARQL Update; only queries are run")
    if upper in KEYWORDS:
        return upper
    if upper in ("PREFIX", "BASE"):
        _refuse(text, tok, f"{upper} is only allowed at the start of the query")
    raise UserError(f"query refused at {_line_col(text, tok.start)}: '{word}' is not a SPARQL keyword "
                    f"or function (a prefixed name needs its colon, e.g. skg:Agreement)")


def _prologue(text: str, toks: list[Token]) -> tuple[dict[str, str], str | None, int]:
    """Namespaces and base declared by the prologue, and the index of the first body token."""
    ns, base, i = {}, None, 0
    while i < len(toks) and toks[i].kind == "word" and toks[i].text.upper() in ("PREFIX", "BASE"):
        if toks[i].text.upper() == "BASE":
            if i + 1 >= len(toks) or toks[i + 1].kind != "iri":
                raise UserError(f"query is not valid SPARQL: BASE needs an <IRI> at {_line_col(text, toks[i].start)}")
            base = _resolve(_iri_value(toks[i + 1].text), base)
            i += 2
            continue
        if i + 2 >= len(toks) or toks[i + 1].kind != "pname" or not toks[i + 1].text.endswith(":") \
                or toks[i + 2].kind != "iri":
            raise UserError(f"query is not valid SPARQL: PREFIX needs 'name: <IRI>' at {_line_col(text, toks[i].start)}")
        ns[toks[i + 1].text[:-1]] = _resolve(_iri_value(toks[i + 2].text), base)
        i += 3
    return ns, base, i


def _resolve(iri: str, base: str | None) -> str:
    if base is None or re.match(r"[A-Za-z][A-Za-z0-9+.\-]*:", iri):
        return iri
    return urljoin(base, iri)


def _expand(text: str, tok: Token, ns: dict[str, str]) -> str:
    prefix, _, local = tok.text.partition(":")
    if prefix not in ns and (prefix.upper() in REFUSED or prefix.upper() in UPDATE_WORDS):
        _check_word(text, Token("word", prefix, tok.start))   # "SERVICE:x" reads as SERVICE <:x>
    if prefix not in ns:
        raise UserError(f"query is not valid SPARQL: the prefix '{prefix}:' of '{tok.text}' is not declared "
                        f"at {_line_col(text, tok.start)} (add: PREFIX {prefix}: <...>)")
    return ns[prefix] + _PLX_ESC.sub(r"\1", local)


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


_IRI_OK = re.compile(r'[^<>"{}|^`\\\x00-\x20]*')


def screen(text: str) -> Screened:
    """Check a query and write it anew in a form with one reading; UserError when refused."""
    if len(text) > MAX_QUERY_CHARS:
        raise UserError(f"query refused: it is over {MAX_QUERY_CHARS} characters")
    toks = lex(text)
    ns, base, first = _prologue(text, toks)
    iris: dict[str, str] = {}
    bnodes: dict[str, str] = {}
    parts: list[str] = []
    origin: list[tuple[int, int]] = []
    depth_stack: list[str] = []
    operators = 0
    prev: Token | None = None

    def name_for(iri: str, tok: Token) -> str:
        if not _IRI_OK.fullmatch(iri):
            raise UserError(f"query refused at {_line_col(text, tok.start)}: the IRI {iri!r} holds characters "
                            f"an IRI may not")
        if iri not in iris:
            iris[iri] = f"{GENERATED_PREFIX}{len(iris)}:"
        return iris[iri]

    for tok in toks[first:]:
        kind = tok.kind
        if kind == "word":
            out = _check_word(text, tok)
            operators += out in _CHAIN
        elif kind == "iri":
            out = name_for(_resolve(_iri_value(tok.text), base), tok)
        elif kind == "pname":
            out = name_for(_expand(text, tok, ns), tok)
        elif kind == "string":
            out = _quote(_string_value(tok.text))
        elif kind == "bnode":
            out = bnodes.setdefault(tok.text, f"_:b{len(bnodes)}")
        elif kind == "punct":
            out = tok.text
            if out in _OPEN:
                depth_stack.append(_OPEN[out])
                if len(depth_stack) > MAX_DEPTH:
                    raise UserError(f"query refused at {_line_col(text, tok.start)}: brackets nest more than "
                                    f"{MAX_DEPTH} deep")
            elif out in _CLOSE:
                if depth_stack and depth_stack[-1] == out:
                    depth_stack.pop()
            operators += out in _CHAIN
        else:                                   # var, lang, number
            out = tok.text
        if operators > MAX_OPERATORS:
            raise UserError(f"query refused: it chains more than {MAX_OPERATORS} operators, UNIONs or path steps")
        if kind == "lang" and parts:
            parts[-1] += out                    # "text"@en, glued as the grammar wants it
            prev = tok
            continue
        glue = (out == "(" and prev is not None and prev.kind in ("word", "iri", "pname")
                and prev.start + len(prev.text) == tok.start)   # a function's "(": CONCAT(
        prev = tok
        if glue and parts:
            parts[-1] += out
            continue
        origin.append((0, tok.start))
        parts.append(out)

    prologue = "".join(f"PREFIX {label} <{iri}>\n" for iri, label in iris.items())
    body, at = [], len(prologue)
    fixed = []
    for (_, orig), part in zip(origin, parts):
        fixed.append((at, orig))
        body.append(part)
        at += len(part) + 1
    return Screened(prologue + " ".join(body), toks, fixed)
