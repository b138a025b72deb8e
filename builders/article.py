"""Reading an article file: decoding, the optional metadata header, language, title,
date, boilerplate lines and photo captions.

The article text kept (``Article.text``) is the file body after the header, with
line ends normalised to ``\\n``; all offsets in the graph point into it.
"""
from __future__ import annotations

import hashlib
import html
import os
import re
import stat
from html.parser import HTMLParser
from pathlib import Path

from functools import lru_cache

from .encoding import decode_legacy, replace_controls
from .model import Article, Span
from .morph import SUPPORTED
from .packdata import rows
from summitkg.errors import InputError  # noqa: F401 - raised here, imported from here by callers

MAX_BYTES = 5_000_000

HEADER_KEYS = {"url", "title", "date", "language", "lang", "publisher", "source", "author", "published"}
UNSUPPORTED = "xx"      # the language code of an article in none of the supported languages
FOREIGN_RATIO = 1.5     # an unsupported language's common words cover this much more of the text
FOREIGN_MIN_WORDS = 8   # too few words to tell a language by its common words

_SENTENCE_END = (".", "!", "?", '."', '!"', '?"')     # a long line ending so is a paragraph


@lru_cache(maxsize=1)
def _cues() -> tuple[re.Pattern, re.Pattern, tuple[str, ...]]:
    """Boilerplate line cues, line-start cues and photo credit words of every language pack
    (a page in one language often carries another's menus and credits)."""
    line, start, credit = [], [], []
    for lang in SUPPORTED:
        for row in rows(lang, "boilerplate.tsv"):
            {"line": line, "line_start": start, "credit": credit}[row["class"]].append(row["phrase"])
    starts = "|".join(re.escape(w) + (r"[A-Z\u0100-\u024f\u0400-\u042f]" if w.endswith(" ") else "")
                      for w in sorted(set(start), key=len, reverse=True))
    words = "|".join(re.escape(w) for w in sorted(set(line), key=len, reverse=True))
    return (re.compile(rf"^\s*(?:{starts})|{words}", re.IGNORECASE),
            re.compile("|".join(re.escape(w) for w in sorted(set(credit), key=len, reverse=True)), re.IGNORECASE),
            tuple(sorted({w.lower() for w in credit})))



_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")      # control characters other than \t \n \f \r
_UTF16_32_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")
_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n:,} bytes"


def check_regular(path, mode: int) -> None:
    """InputError unless ``mode`` (of ``os.stat``) is a regular file's: a FIFO would block the
    build (and its store lock) until a writer comes, a device may never end."""
    if stat.S_ISREG(mode):
        return
    kind = next((k for test, k in _KINDS if test(mode)), "not a regular file")
    raise InputError(f"{path}: is {kind}, not an article file; only regular files are read")


def decode(data: bytes, name: str) -> tuple[str, list[str]]:
    """Text from bytes: UTF-8, or a legacy code page with a warning when exactly one reading of
    the bytes is plausible (``encoding.decode_legacy``: Polish Windows-1250 and ISO-8859-2,
    KOI8-R Russian, Latin-1 Spanish ...). Anything else is refused with one line, and so is
    binary data (NUL bytes near the start, or control characters over 1 % of the text)."""
    warnings: list[str] = []
    if not data.strip():
        raise InputError(f"{name}: the article is empty")
    if data.startswith(_UTF16_32_BOMS):
        raise InputError(f"{name}: UTF-16 or UTF-32 text; save the article as UTF-8")
    if b"\x00" in data[:4096]:
        raise InputError(f"{name}: binary data, not a text article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text, warning = decode_legacy(data, name, exc.start)
        warnings.append(warning)
    control = len(_CONTROL.findall(text))
    if control > max(5, len(text) // 100):
        raise InputError(f"{name}: binary data, not a text article")
    if not text.strip():
        raise InputError(f"{name}: the article is empty")
    return text, warnings


class _TextOfHtml(HTMLParser):
    BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article",
             "header", "footer", "figcaption", "blockquote", "title"}
    SKIP = {"script", "style", "noscript", "template", "svg", "head", "nav"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.title: str | None = None
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self._in_title = True
        if tag in self.SKIP and tag != "head":
            self.skip += 1
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if tag in self.SKIP and tag != "head" and self.skip:
            self.skip -= 1
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if self._in_title:
            self.title = (self.title or "") + data
            return
        if not self.skip:
            self.parts.append(data)


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return bool(re.search(r"<!doctype html|<html[\s>]|<body[\s>]|<head[\s>]", head)) or (
        len(re.findall(r"</?(p|div|span|a|script)\b", head)) >= 5)


def html_to_text(text: str) -> tuple[str, str | None]:
    parser = _TextOfHtml()
    parser.feed(text)
    parser.close()
    body = html.unescape("".join(parser.parts))
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in body.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip() + "\n", (parser.title or "").strip() or None


def parse_header(text: str) -> tuple[dict, str]:
    """An optional block of ``key: value`` lines, then a blank line, at the top."""
    lines = text.split("\n")
    fields: dict[str, str] = {}
    for i, line in enumerate(lines[:20]):
        if not line.strip():
            if fields and i > 0:
                return fields, "\n".join(lines[i + 1:])
            return {}, text
        m = re.match(r"^([A-Za-z_]+)\s*:\s*(.*)$", line)
        if not m or m.group(1).lower() not in HEADER_KEYS:
            return {}, text
        fields[m.group(1).lower()] = m.group(2).strip()
    return {}, text


_WORD_RUN = re.compile(r"\w+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")


@lru_cache(maxsize=1)
def _detection() -> dict[str, tuple[frozenset, str]]:
    """Each pack's common function words and the letters only it uses."""
    out = {}
    for lang in SUPPORTED:
        words = frozenset(r["word"] for r in rows(lang, "grammar.tsv") if r["class"] == "function_word")
        letters = "".join(r["word"] for r in rows(lang, "grammar.tsv") if r["class"] == "letters")
        out[lang] = (words, letters)
    return out


def detect_language(text: str) -> str | None:
    """The language of a text among the supported ones, by its script, its commonest function
    words and the letters only one language uses; None when it is none of them."""
    sample = text[:20000].lower()
    words = _WORD_RUN.findall(sample)
    if not words:
        return None
    scores = {}
    cyrillic = len(_CYRILLIC.findall(sample))
    latin = len(_LATIN.findall(sample))
    for lang, (vocab, letters) in _detection().items():
        hits = sum(1 for w in words if w in vocab)
        extra = sum(sample.count(ch) for ch in letters) if letters else 0
        scores[lang] = 3 * hits + extra
    best = max(scores, key=lambda k: (scores[k], k))
    share = sum(1 for w in words if w in _detection()[best][0]) / len(words)
    script_ok = (cyrillic > latin) == (best == "ru")
    if share < 0.04 or not script_ok or foreign_language(text) is not None:
        return None
    return best


@lru_cache(maxsize=1)
def _common_words() -> dict[str, frozenset]:
    """language -> its commonest words (wordfreq's lists, kept in ``language_words.tsv``)."""
    return {r["lang"]: frozenset(r["words"].split()) for r in rows(None, "language_words.tsv")}


def foreign_language(text: str) -> str | None:
    """The code of a language summitkg does not read when the text is clearly in it: the share of
    the text's words among that language's commonest words is over FOREIGN_RATIO times the best
    share of any supported language (German text is 40% German common words, under 10% English)."""
    words = _WORD_RUN.findall(text[:20000].lower())
    if len(words) < FOREIGN_MIN_WORDS:
        return None
    cover = {lang: sum(1 for w in words if w in vocab) / len(words) for lang, vocab in _common_words().items()}
    own = max((cover.get(lang, 0.0) for lang in SUPPORTED), default=0.0)
    other = max((lang for lang in cover if lang not in SUPPORTED), key=lambda k: (cover[k], k), default=None)
    if other is None or cover[other] <= FOREIGN_RATIO * own:
        return None
    return other


def find_dateline(text: str) -> str | None:
    """An agency dateline opening the first lines ("WASHINGTON, Nov. 6 (AA) – "): the words in
    capitals before a dash."""
    for line in text.split("\n")[:3]:
        m = _DATELINE.match(line)
        if m and m.group(1).split(",")[0].replace(".", "").replace(" ", "").isupper():
            return line[:m.end()]
    return None


_DATELINE = re.compile(r"^([^\W\d_][^\W\d_.'’ -]{2,}(?: [^\W\d_][^\W\d_.'’ -]+){0,3}(?:,\s*[^\W\d_][^\W\d_]{1,30})?)(?:,\s*[^—–\n]{0,70}?)?\s(?:—|–|--|-)\s+")


def read_article(path: str | Path, language: str | None = None, max_bytes: int = MAX_BYTES) -> Article:
    """Read one article file; raises InputError with a one-line message."""
    p = Path(path)
    try:
        check_regular(path, os.stat(p).st_mode)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    too_big = (f"{path}: the article is over the size limit of {_mb(max_bytes)} per article "
               f"(split it into smaller files)")
    try:
        # O_NONBLOCK: should the path become a FIFO after the check, opening it does not wait
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        with open(fd, "rb") as fh:  # bounded: a growing file cannot exhaust memory
            st = os.fstat(fh.fileno())
            check_regular(path, st.st_mode)
            if st.st_size > max_bytes:
                raise InputError(f"{path}: the article is {_mb(st.st_size)}, over the size limit of "
                                 f"{_mb(max_bytes)} per article (split it into smaller files)")
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise InputError(too_big)
    text, warnings = decode(data, str(path))
    return article_from_text(text, source_path=str(path), language=language, warnings=warnings)


def article_from_text(text: str, source_path: str | None = None, language: str | None = None,
                      warnings: list[str] | None = None) -> Article:
    warnings = list(warnings or [])
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text, controls = replace_controls(text)
    if controls:
        warnings.append(f"{source_path or 'article'}: {controls} control character(s) replaced by spaces "
                        f"(no RDF format can carry them)")
    html_title = None
    if looks_like_html(text):
        text, html_title = html_to_text(text)
        if not text.strip():
            raise InputError(f"{source_path or 'article'}: an HTML page with no text once scripts and styles are dropped")
        warnings.append(f"{source_path or 'article'}: HTML page given, its text was extracted (scripts and styles dropped)")
    fields, body = parse_header(text)
    if not body.strip():
        raise InputError(f"{source_path or 'article'}: the article is empty")
    lang = (language or fields.get("language") or fields.get("lang") or "").lower()[:2]
    if lang not in SUPPORTED:
        lang = detect_language(body) or UNSUPPORTED
    if lang == UNSUPPORTED:
        seems = foreign_language(body)
        like = f" (it reads as '{seems}')" if seems else ""
        warnings.append(f"{source_path or 'article'}: not in a language summitkg reads ({', '.join(SUPPORTED)}){like}; "
                        f"the article is stored, no facts are extracted from it")
    article = Article(
        text=body,
        language=lang,
        url=fields.get("url") or fields.get("source"),
        publisher=fields.get("publisher"),
        source_path=source_path,
        header_fields=fields,
        warnings=warnings,
        content_hash=hashlib.sha256(body.encode("utf-8")).hexdigest(),
    )
    article.boilerplate = find_boilerplate(body)
    article.dateline = find_dateline(body)
    if article.dateline:
        article.dateline_place = _DATELINE.match(article.dateline).group(1).strip()
    article.title = fields.get("title") or html_title or guess_title(body, article.boilerplate)
    raw_date = fields.get("date") or fields.get("published")
    if raw_date:
        m = re.match(r"(\d{4}-\d{2}-\d{2})", raw_date)
        article.date = m.group(1) if m else None
    if not article.date and lang != UNSUPPORTED:
        from .numbers import find_article_date
        article.date = find_article_date(body, lang)
    return article


def line_spans(text: str):
    start = 0
    for line in text.split("\n"):
        yield start, start + len(line), line
        start += len(line) + 1


def find_boilerplate(text: str) -> list[Span]:
    """Menu, share, credit and byline lines: short lines with boilerplate cue words."""
    spans: list[Span] = []
    for start, end, line in line_spans(text):
        stripped = line.strip()
        if not stripped:
            continue
        words = len(stripped.split())
        if (words <= 14 or not stripped.endswith(_SENTENCE_END)) and _cues()[0].search(stripped):
            spans.append(Span(start, end))
        elif words <= 3 and not re.search(r"[.!?:]$", stripped) and not re.search(r"\d", stripped):
            spans.append(Span(start, end))
    return spans


def guess_title(text: str, boilerplate: list[Span]) -> str | None:
    skip = {(s.start, s.end) for s in boilerplate}
    for start, end, line in line_spans(text):
        stripped = line.strip()
        if (start, end) in skip or len(stripped.split()) < 4:
            continue
        if len(stripped) <= 200:
            return stripped.rstrip(".")
        return None
    return None


def credit_start(line: str, pack=None) -> int | None:
    """Where a photo credit begins inside a caption line (the whitespace before its first credit
    word included), if any."""
    _, credit, words = _cues()
    low = line.lower()
    if not any(w in low for w in words):
        return None             # substring tests spare the regex on nearly every line
    m = credit.search(line)
    if m is None:
        return None
    start = len(line[:m.start()].rstrip())
    return start if start > 20 else None


def distinct_inputs(paths, suffixes) -> tuple[list[str], list[str]]:
    """The article files among ``paths`` (files, or folders of files with ``suffixes``),
    each once, and a warning for each one given twice or with the same bytes as
    an earlier one (which is dropped). Paths that are not files or usable folders
    are passed through unchanged for the builder to report."""
    out: list[str] = []
    warnings: list[str] = []
    seen: dict[Path, Path] = {}
    by_size: dict[int, list[tuple[Path, str | None]]] = {}
    for arg in paths:
        p = Path(arg)
        try:
            if p.is_dir():
                files = sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in suffixes)
            elif p.is_file():
                files = [p]
            else:
                files = []
        except OSError:
            files = []
        if not files:
            out.append(str(arg))
            continue
        for f in files:
            try:
                real = f.resolve()
                size = f.stat().st_size
            except OSError:
                out.append(str(f))
                continue
            if real in seen:
                warnings.append(f"{f}: given more than once; built once")
                continue
            seen[real] = f
            twin = _same_bytes(f, size, by_size)
            if twin is not None:
                warnings.append(f"{f}: same text as {twin}; skipped, the article is built once")
                continue
            out.append(str(f))
    return out, warnings


def _same_bytes(f: Path, size: int, by_size: dict) -> Path | None:
    """An earlier file with exactly the bytes of ``f`` (files are hashed only when sizes match)."""
    group = by_size.setdefault(size, [])
    if size > MAX_BYTES or not group:
        group.append((f, None))
        return None

    def digest(path: Path) -> str | None:
        try:
            with open(path, "rb") as fh:
                return hashlib.sha256(fh.read(MAX_BYTES + 1)).hexdigest()
        except OSError:
            return None

    mine = digest(f)
    for i, (other, other_digest) in enumerate(group):
        if other_digest is None:
            other_digest = digest(other)
            group[i] = (other, other_digest)
        if mine is not None and mine == other_digest:
            return other
    group.append((f, mine))
    return None
