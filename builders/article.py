"""Reading an article file: decoding, the optional metadata header, language, title,
date, boilerplate lines and photo captions.

The article text kept (``Article.text``) is the file body after the header, with
line ends normalised to ``\\n``; all offsets in the graph point into it.
"""
from __future__ import annotations

import hashlib
import html
import re
from html.parser import HTMLParser
from pathlib import Path

from .model import Article, Span

MAX_BYTES = 5_000_000

HEADER_KEYS = {"url", "title", "date", "language", "lang", "publisher", "source", "author", "published"}

_BOILERPLATE = re.compile(
    r"(newsletter|udostępnij|skopiuj|copy to clipboard|share this|share on|follow us|śledź nas|"
    r"reklama|advertisement|all rights reserved|prawo autorskie|copyright|©|przejdź do|"
    r"skip to|cookie|subscribe|subskrybuj|zapisz się|sign up|read more|czytaj (też|także|więcej)|"
    r"opublikowano|published on|updated|zaktualizowano|dodatkowe źródła|additional sources|"
    r"^\s*(przez|by)\s+[A-ZŁŚŻ]|loader|podcasty|^\s*(photo|foto|fot\.)\s*:|getty images|reuters/|ap photo)",
    re.IGNORECASE,
)
_CREDIT = re.compile(r"\s*(Prawo autorskie|Copyright|©|Photo:|Fot\.|AP Photo|Getty|Reuters/)", re.IGNORECASE)


class InputError(ValueError):
    """An article that cannot be used; the message is one line for the user."""


def decode(data: bytes, name: str) -> tuple[str, list[str]]:
    """Text from bytes: UTF-8, or the usual Polish legacy encodings with a warning."""
    warnings: list[str] = []
    if not data.strip():
        raise InputError(f"{name}: the article is empty")
    if b"\x00" in data[:4096]:
        raise InputError(f"{name}: binary data, not a text article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None
        for encoding in ("cp1250", "iso-8859-2"):
            try:
                candidate = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if re.search(r"[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]", candidate) and not re.search(r"[\x80-\x9f]", candidate):
                text = candidate
                warnings.append(f"{name}: not UTF-8, decoded as {encoding}")
                break
        if text is None:
            raise InputError(f"{name}: the file is not UTF-8 text (and not Windows-1250 or ISO-8859-2 Polish)")
    control = sum(1 for c in text[:20000] if ord(c) < 32 and c not in "\n\r\t\f")
    if control > max(5, len(text[:20000]) // 100):
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


def detect_language(text: str) -> str:
    sample = text[:20000].lower()
    pl = len(re.findall(r"[ąćęłńśźż]", sample)) + 3 * len(
        re.findall(r"\b(się|nie|jest|oraz|który|która|które|przez|dla|jak|że|został[aoy]?|będzie|roku|także|również|w|z|na|do)\b", sample))
    en = 3 * len(re.findall(r"\b(the|and|of|to|in|is|was|that|with|for|said|will|has|have|on|by|from)\b", sample))
    return "pl" if pl > en else "en"


def read_article(path: str | Path, language: str | None = None, max_bytes: int = MAX_BYTES) -> Article:
    """Read one article file; raises InputError with a one-line message."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{path}: no such file")
    if p.is_dir():
        raise InputError(f"{path}: is a directory, not an article")
    size = p.stat().st_size
    if size > max_bytes:
        raise InputError(f"{path}: {size} bytes is over the article size limit of {max_bytes} bytes")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    text, warnings = decode(data, str(path))
    return article_from_text(text, source_path=str(path), language=language, warnings=warnings)


def article_from_text(text: str, source_path: str | None = None, language: str | None = None,
                      warnings: list[str] | None = None) -> Article:
    warnings = list(warnings or [])
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    html_title = None
    if looks_like_html(text):
        text, html_title = html_to_text(text)
        warnings.append(f"{source_path or 'article'}: HTML page given, its text was extracted (scripts and styles dropped)")
    fields, body = parse_header(text)
    if not body.strip():
        raise InputError(f"{source_path or 'article'}: the article is empty")
    lang = (language or fields.get("language") or fields.get("lang") or "").lower()[:2] or detect_language(body)
    if lang not in ("pl", "en"):
        lang = detect_language(body)
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
    article.title = fields.get("title") or html_title or guess_title(body, article.boilerplate)
    raw_date = fields.get("date") or fields.get("published")
    if raw_date:
        m = re.match(r"(\d{4}-\d{2}-\d{2})", raw_date)
        article.date = m.group(1) if m else None
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
        if _BOILERPLATE.search(stripped) and (words <= 14 or not re.search(r"[.!?]\"?$", stripped)):
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


def credit_start(line: str) -> int | None:
    """Where a photo credit begins inside a caption line, if any."""
    m = _CREDIT.search(line)
    return m.start() if m and m.start() > 20 else None
