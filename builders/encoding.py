"""Decoding article bytes, and the characters no RDF format can carry.

A file that is not UTF-8 is decoded with a legacy code page only when exactly one reading
is plausible: the letters it gives fit one language's alphabet (``lexicons/encodings.tsv``),
with no stray symbols or control characters, no swapped case (a Cyrillic code page read as
another swaps nearly every letter's case), and charset-normalizer finds no mess in it. A
language summitkg has a pack for must also be recognised in that reading, so Spanish read as
Windows-1250 does not pass for Polish. Anything else is refused with one line: guessing
gives mojibake that looks like text and is stored as facts.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .packdata import rows, split

LABELS = {"cp1250": "Windows-1250", "iso8859_2": "ISO-8859-2", "cp1252": "Windows-1252",
          "iso8859_15": "ISO-8859-15", "cp1254": "Windows-1254", "iso8859_9": "ISO-8859-9",
          "koi8_r": "KOI8-R", "koi8_u": "KOI8-U", "cp1251": "Windows-1251", "iso8859_5": "ISO-8859-5",
          "cp866": "CP866", "mac_cyrillic": "Mac Cyrillic", "cp1253": "Windows-1253",
          "iso8859_7": "ISO-8859-7", "cp1257": "Windows-1257", "iso8859_13": "ISO-8859-13"}
SAMPLE_BYTES = 200_000      # the readings are judged on the file's start (a single-byte code page)
MISFIT_SHARE = 0.03         # non-ASCII characters outside the alphabet tolerated (foreign names)
UPPER_SHARE = 0.6           # more capitals than this among the non-ASCII letters: swapped case
MESS_LIMIT = 0.4            # charset-normalizer's mess ratio above which a reading is garbage
_SYMBOLS_OK = frozenset("°©®™×²³½¼¾№")
_SYMBOLS_BAD = frozenset("¶¦§¤")            # what Polish letters become in the other code page

# Characters XML 1.0 forbids (and C1 controls and DEL, which are never text): replaced one for
# one, so every offset into the text stays valid; form feed and vertical tab end a line.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_LINE_ENDS = {"\x0b", "\x0c"}
_GLUED = re.compile(r"(?<=[A-Za-z])[^\x00-\x7f]|[^\x00-\x7f](?=[A-Za-z])")


@dataclass(frozen=True)
class Reading:
    encoding: str
    text: str
    language: str
    code: str
    misfit: int

    @property
    def label(self) -> str:
        return f"{LABELS.get(self.encoding, self.encoding)} ({self.language})"


@lru_cache(maxsize=1)
def _alphabets() -> tuple[tuple[str, str, tuple[str, ...], frozenset], ...]:
    """(language, code, encodings, letters in both cases) of each row of the table."""
    out = []
    for r in rows(None, "encodings.tsv"):
        letters = r["letters"]
        out.append((r["language"], r["code"], tuple(split(r["encodings"])),
                    frozenset(letters) | frozenset(letters.upper())))
    return tuple(out)


@lru_cache(maxsize=None)
def _latin(alphabet: frozenset) -> bool:
    return any(unicodedata.name(ch, "").startswith("LATIN") for ch in alphabet)


def encodings() -> list[str]:
    """The code pages tried, in table order."""
    seen: dict[str, None] = {}
    for _, _, encs, _ in _alphabets():
        seen.update(dict.fromkeys(encs))
    return list(seen)


def _judge(encoding: str, text: str) -> Reading | None:
    """The best-fitting language of one reading, or None if the reading is implausible."""
    counts = Counter(ch for ch in re.findall(r"[^\x00-\x7f]", text))
    total = sum(counts.values())
    if not total:
        return None
    letters, odd, upper = Counter(), 0, 0
    for ch, n in counts.items():
        cat = unicodedata.category(ch)
        if cat[0] in "LM":
            letters[ch] = n
            upper += n if ch != ch.lower() else 0
        elif ch in _SYMBOLS_BAD or not (cat[0] in "PZ" or cat == "Sc" or ch in _SYMBOLS_OK):
            odd += n
    if upper > UPPER_SHARE * max(1, sum(letters.values())):
        return None
    # Cyrillic or Greek letters inside Latin words ("Espa\u0441a") are a Western text misread
    glued = len(_GLUED.findall(text))
    best = None
    for language, code, encs, alphabet in _alphabets():
        if encoding not in encs:
            continue
        misfit = odd + sum(n for ch, n in letters.items()
                           if ch not in alphabet and unicodedata.category(ch)[0] != "M")
        misfit += 0 if _latin(alphabet) else glued
        if misfit <= MISFIT_SHARE * total and (best is None or misfit < best.misfit):
            best = Reading(encoding, text, language, code, misfit)
    if best is None or _mess(text) > MESS_LIMIT:
        return None
    return best


def _mess(text: str) -> float:
    try:
        from charset_normalizer.md import mess_ratio
    except ImportError:  # pragma: no cover - a declared dependency
        return 0.0
    return mess_ratio(text[:20_000], maximum_threshold=1.0)


def readings(data: bytes) -> list[Reading]:
    """The plausible readings of non-UTF-8 bytes, best first: a reading in a language with a
    pack that the pack does not recognise comes last, then fewer misfits first."""
    sample = data[:SAMPLE_BYTES]
    found: dict[str, Reading] = {}
    for enc in encodings():
        try:
            text = sample.decode(enc)
        except UnicodeDecodeError:
            continue
        r = _judge(enc, text)
        if r is not None and (text not in found or r.misfit < found[text].misfit):
            found[text] = r

    return sorted(found.values(), key=_rank)


def _rank(r: Reading) -> tuple[bool, int]:
    from .article import detect_language
    from .morph import SUPPORTED

    return r.code in SUPPORTED and detect_language(r.text) != r.code, r.misfit


def decode_legacy(data: bytes, name: str, bad_offset: int) -> tuple[str, str]:
    """(text, warning) of bytes that are not UTF-8, or InputError when no single reading is sure."""
    from .article import InputError

    found = readings(data)
    detail = f"the file is not UTF-8 text (invalid byte at offset {bad_offset})"
    if not found:
        raise InputError(f"{name}: {detail} and its encoding cannot be told with confidence; "
                         f"convert it to UTF-8")
    best, rivals = found[0], [r for r in found[1:] if _rank(r) == _rank(found[0])]
    if rivals:
        raise InputError(f"{name}: {detail} and could be {best.label} or {rivals[0].label}; "
                         f"convert it to UTF-8")
    try:
        text = data.decode(best.encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: {detail}, and not {best.label} either (byte at offset {exc.start}); "
                         f"convert it to UTF-8") from None
    return text, f"{name}: not UTF-8, decoded as {best.label}; convert it to UTF-8 to silence this"


def replace_controls(text: str) -> tuple[str, int]:
    """The text with each control character (other than tab and line ends) and each XML
    non-character replaced by a space (a line end for form feed and vertical tab); and how many."""
    n = len(_CONTROL.findall(text))
    if not n:
        return text, 0
    return _CONTROL.sub(lambda m: "\n" if m.group() in _LINE_ENDS else " ", text), n
