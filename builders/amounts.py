"""Numbers, money, quantities, percentages and dates in Polish and English text."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import Lexicon, lexicon
from .model import Amount

NUM = {
    "en": r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?",
    "pl": r"\d{1,3}(?:[ \u00a0]\d{3})+(?:,\d+)?|\d+(?:,\d+)?(?!\.\d)|\d+\.\d+",
}
SCALE = {
    "en": r"trillion|billion|million|thousand|bln|mln|bn|tn|mn|m|b|k",
    "pl": r"bilion\w*|miliard\w*|milion\w*|tysi\w*|tys\.|tys|mld|mln|bln|bn|m",
}
UNITS = {
    "Tonne": r"tonnes?|tons?|metric tons?|t(?=\W)|ton\w*|tonach",
    "Barrel": r"barrels?|bbl|baryłek|baryłki|baryłka",
    "CubicMetre": r"cubic met(?:re|er)s?|m3|m³|bcm|metrów sześciennych|metry sześcienne|m sześc\.",
    "Ounce": r"ounces?|oz|uncji|uncje",
    "Megawatt": r"megawatts?|MW|megawatów|GW|gigawatts?|gigawatów",
    "Aircraft": r"aircraft|jets?|planes?|airliners?|airplanes?|Dreamliners?|samolot\w*|odrzutow\w*|maszyn\w*",
    "Item": r"locomotives?|lokomotyw\w*|turbines?|turbin\w*|wagons?|wagon\w*|helicopters?|śmigłow\w*",
}
_UNIT_SCALE = {"GW": 1000, "gigawatt": 1000, "gigawatts": 1000, "gigawatów": 1000, "bcm": 10**9}

QUALIFIERS = {
    "en": [
        ("UpTo", r"(?:up to|as much as|as many as|a maximum of|no more than)"),
        ("About", r"(?:about|around|approximately|roughly|some|an estimated|estimated|circa|approx\.|between)"),
        ("Nearly", r"(?:nearly|almost|close to|just under|just shy of)"),
        ("Over", r"(?:over|more than|above|exceeding|in excess of|upwards of|over the)"),
        ("AtLeast", r"(?:at least|no less than|a minimum of|minimum)"),
    ],
    "pl": [
        ("UpTo", r"(?:do|nawet do|maksymalnie|maks\.)"),
        ("About", r"(?:około|ok\.|blisko|szacunkowo|mniej więcej|rzędu|od)"),
        ("Nearly", r"(?:prawie|niemal|niemalże)"),
        ("Over", r"(?:ponad|przeszło|powyżej|więcej niż|z górą)"),
        ("AtLeast", r"(?:co najmniej|minimum|przynajmniej|nie mniej niż)"),
    ],
}

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "fifteen": 15, "twenty": 20, "a": 1, "an": 1,
    "jeden": 1, "jednego": 1, "dwa": 2, "dwóch": 2, "dwu": 2, "trzy": 3, "trzech": 3, "cztery": 4,
    "czterech": 4, "pięć": 5, "pięciu": 5, "sześć": 6, "sześciu": 6, "siedem": 7, "siedmiu": 7,
    "osiem": 8, "ośmiu": 8, "dziewięć": 9, "dziewięciu": 9, "dziesięć": 10, "dziesięciu": 10,
    "piętnaście": 15, "piętnastu": 15, "dwadzieścia": 20, "dwudziestu": 20,
}


COUNT_WORDS = ("(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
               "dwa|dwie|trzy|cztery|pięć|sześć|siedem|osiem|dziewięć|dziesięć|dwanaście|piętnaście|dwadzieścia)")
_COUNT = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
          "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
          "dwa": 2, "dwie": 2, "trzy": 3, "cztery": 4, "pięć": 5, "sześć": 6, "siedem": 7, "osiem": 8,
          "dziewięć": 9, "dziesięć": 10, "dwanaście": 12, "piętnaście": 15, "dwadzieścia": 20}


_DIGIT = re.compile(r"\d")
_DIGIT_RUN = re.compile(r"\d+")


def _scan(pattern: re.Pattern, text: str, starts: list[int]):
    """The matches ``pattern.finditer(text)`` yields, for a pattern that can only begin at one of
    ``starts`` (ascending): trying those positions alone spares the pattern's long alternations
    at every other character of the sentence. (A lookbehind still sees the text before a start.)"""
    end = 0
    for s in starts:
        if s >= end:
            m = pattern.match(text, s)
            if m is not None:
                end = m.end()
                yield m


_TODAY_WORDS = ("today", "yesterday", "dzisiaj", "dziś", "wczoraj")
_TODAY = re.compile(rf"\b(?=[tTyYdDwW])(?P<w>{'|'.join(_TODAY_WORDS)})\b", re.IGNORECASE)
_LETTER_RUN = re.compile(r"[^\W\d_]+")


def letter_words(text: str) -> frozenset[str]:
    """The runs of letters in ``text``, lower case. Month and weekday words in the date patterns
    stand between non-letters, so a sentence without one of them in this set cannot match
    and the pattern's scan of the whole sentence is skipped."""
    return frozenset(_LETTER_RUN.findall(text.lower()))


def parse_number(text: str, language: str) -> float:
    """'1,1' (pl) -> 1.1, '410 000' -> 410000, '1,100.5' (en) -> 1100.5."""
    t = text.replace("\u00a0", " ").strip()
    if language == "pl":
        if re.fullmatch(r"\d{1,3}(?: \d{3})+(?:,\d+)?", t):
            t = t.replace(" ", "")
        if re.fullmatch(r"\d+\.\d{3}", t):
            t = t.replace(".", "")
        t = t.replace(",", ".")
    else:
        t = t.replace(",", "").replace(" ", "")
    return float(t)


@dataclass
class _Regexes:
    money_sym: re.Pattern
    money_code_before: re.Pattern
    money_word_after: re.Pattern
    quantity: re.Pattern
    aircraft: re.Pattern
    percent: re.Pattern


@lru_cache(maxsize=4)
def _regexes(language: str) -> _Regexes:
    lex = lexicon(language)
    num, scale = NUM[language], SCALE[language]
    symbols = sorted(lex.currency_symbols, key=len, reverse=True)
    sym = "|".join(re.escape(s) for s in symbols)
    code_list = sorted({v for v in lex.currency_symbols.values()} | {"USD", "EUR", "GBP", "JPY", "CNY", "PLN", "KZT", "UZS", "RUB", "CHF", "INR", "AED", "SAR", "KRW", "TRY", "CAD", "AUD"})
    codes = "|".join(code_list)
    # first characters a match can start with, tested before the alternations
    sym_starts = "".join(sorted({re.escape(c[0]) for c in code_list} | {re.escape(s[0]) for s in symbols}))
    count_starts = "".join(sorted({re.escape(w[0]) for w in COUNT_WORDS[3:-1].split("|")}))
    words: set[str] = set()
    for pattern_list in lex.currency_words.index.values():
        for p in pattern_list:
            phrase = " ".join(p.words)
            if p.words[0].isupper():
                continue
            if language == "pl" and len(phrase) > 4 and " " not in phrase:
                words.add(re.escape(phrase[:5]) + r"\w*")
            words.add(re.escape(phrase) + (r"s?" if language == "en" else r"\w*"))
    curword = "|".join(sorted(words, key=len, reverse=True))
    scale_opt = rf"(?:\s?(?P<scale>{scale})\b\.?)?"
    rng = rf"(?:\s?(?:-|–|—|to|do|and|i)\s?(?P<num2>{num}))?"
    return _Regexes(
        money_sym=re.compile(rf"(?=[{sym_starts}])(?P<code>(?:{codes})\s?)?(?P<sym>{sym})\s?(?P<num>{num}){rng}{scale_opt}(?!\w)"),
        money_code_before=re.compile(rf"(?<![\w$])(?P<code>{codes})\s?(?P<num>{num}){rng}{scale_opt}(?!\w)"),
        money_word_after=re.compile(
            rf"(?<![\w.,])(?P<num>{num}){rng}{scale_opt}\s+(?:(?:US|U\.S\.|American|amerykańskich|amerykańskiego)\s+)?(?P<cur>{curword}|{codes})(?!\w)",
            re.IGNORECASE if language == "pl" else 0),
        quantity=re.compile(
            rf"(?<![\w.,])(?P<num>{num}){rng}{scale_opt}\s?(?P<unit>" + "|".join(f"(?P<{u}>{p})" for u, p in UNITS.items() if u != "Aircraft") + r")(?!\w)"),
        aircraft=re.compile(
            rf"(?<![\w.,])(?=[\d{count_starts}])(?P<num>\d{{1,4}}|{COUNT_WORDS})\s+(?P<mid>(?:(?:[A-Z][\w-]*|\d{{3}}[\w-]*|[a-ząćęłńóśźż-]+(?:ych|ich|owe|owych|body|bodied))\s+){{0,2}})(?P<unit>{UNITS['Aircraft']})(?!\w)"),
        percent=re.compile(rf"(?<![\w.,])(?P<num>{num})\s?(?:%|percent\b|per cent\b|proc\.|procent\w*)"),
    )


def _qualifier(before: str, language: str) -> str | None:
    for name, rx in _qualifier_regexes(language):
        if rx.search(before):
            return name
    return None


@lru_cache(maxsize=None)
def _qualifier_regexes(language: str) -> list[tuple[str, re.Pattern]]:
    return [(name, re.compile(rf"(?:^|\W){pattern}\s*$", re.IGNORECASE)) for name, pattern in QUALIFIERS[language]]


def _currency_of(word: str, lex: Lexicon) -> str | None:
    w = word.strip()
    if w.upper() in {"USD", "EUR", "GBP", "JPY", "CNY", "PLN", "KZT", "UZS", "RUB", "CHF", "INR", "AED", "SAR", "KRW", "TRY", "CAD", "AUD"}:
        return w.upper()
    if w in lex.currency_symbols:
        return lex.currency_symbols[w]
    from .text import tokenize
    tokens = tokenize(w, 0, lex.language)
    if tokens:
        m = lex.currency_words.match_at(tokens, 0)
        if m:
            return m[1].id
    low = w.lower()
    for stem, code in (("dolar", "USD"), ("dollar", "USD"), ("euro", "EUR"), ("funt", "GBP"), ("pound", "GBP"),
                       ("jen", "JPY"), ("yen", "JPY"), ("juan", "CNY"), ("yuan", "CNY"), ("złot", "PLN"),
                       ("tenge", "KZT"), ("rubl", "RUB"), ("rubel", "RUB")):
        if low.startswith(stem):
            return code
    return None


def _value(m: re.Match, language: str, lex: Lexicon) -> tuple[float, float | None]:
    mult = 1
    if m.groupdict().get("scale"):
        mult = lex.scale_of(m.group("scale")) or 1
    v = parse_number(m.group("num"), language) * mult
    v2 = None
    if m.groupdict().get("num2"):
        v2 = parse_number(m.group("num2"), language) * mult
    return v, v2


def find_amounts(text: str, offset: int, language: str, sentence: int = -1) -> list[Amount]:
    """All money amounts, quantities and percentages in a sentence, with equivalents linked."""
    lex = lexicon(language)
    rx = _regexes(language)
    found: list[Amount] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(m: re.Match, amount: Amount) -> None:
        taken.append((m.start(), m.end()))
        found.append(amount)

    # every pattern but the aircraft count and money_sym starts with a number, at a run of digits
    numbers = [m.start() for m in _DIGIT_RUN.finditer(text)]
    digits = bool(numbers)
    for m in rx.aircraft.finditer(text):
        if not free(m.start(), m.end()):
            continue
        v = float(_COUNT[m.group("num").lower()]) if m.group("num").lower() in _COUNT else float(m.group("num"))
        if v < 1 or (m.group("mid") and re.match(r"\d", m.group("num")) and len(m.group("num")) == 4 and 1900 < v < 2100):
            continue
        add(m, Amount(v, offset + m.start(), offset + m.end(), unit="Aircraft", sentence=sentence))
    for pattern in (rx.money_sym, rx.money_word_after, rx.money_code_before) if digits else ():
        for m in _scan(pattern, text, numbers) if pattern is rx.money_word_after else pattern.finditer(text):
            if not free(m.start(), m.end()):
                continue
            gd = m.groupdict()
            cur = None
            if gd.get("sym"):
                cur = lex.currency_symbols.get(gd["sym"])
                if gd.get("code"):
                    cur = gd["code"].strip() if gd["code"].strip() != "US" else "USD"
            elif gd.get("cur"):
                cur = _currency_of(gd["cur"], lex)
            elif gd.get("code"):
                cur = gd["code"]
            if not cur:
                continue
            if pattern is rx.money_code_before and not gd.get("scale") and re.fullmatch(r"\d{4}", gd["num"]):
                continue
            v, v2 = _value(m, language, lex)
            a = Amount(v2 if v2 else v, offset + m.start(), offset + m.end(), currency=cur, sentence=sentence)
            if v2:
                a.min_value, a.max_value, a.qualifier = v, v2, "Range"
            add(m, a)
    for m in _scan(rx.quantity, text, numbers):
        if not free(m.start(), m.end()):
            continue
        unit = next(u for u in UNITS if u != "Aircraft" and m.groupdict().get(u))
        v, v2 = _value(m, language, lex)
        unit_word = m.group("unit")
        if unit_word in _UNIT_SCALE:
            v *= _UNIT_SCALE[unit_word]
            v2 = v2 * _UNIT_SCALE[unit_word] if v2 else None
        a = Amount(v2 if v2 else v, offset + m.start(), offset + m.end(), unit=unit, sentence=sentence)
        if v2:
            a.min_value, a.max_value, a.qualifier = v, v2, "Range"
        add(m, a)
    for m in _scan(rx.percent, text, numbers):
        if not free(m.start(), m.end()):
            continue
        v = parse_number(m.group("num"), language)
        add(m, Amount(v, offset + m.start(), offset + m.end(), unit="Percent", sentence=sentence))

    found.sort(key=lambda a: a.start)
    for a in found:
        before = text[max(0, a.start - offset - 30): a.start - offset]
        q = _qualifier(before, language)
        if q and not a.qualifier:
            a.qualifier = q
            start = re.search(rf"{dict(QUALIFIERS[language])[q]}\s*$", before, re.IGNORECASE)
            if start:
                a.start -= len(before) - start.start()
        after = text[a.end - offset: a.end - offset + 90]
        period = _period(after, language)
        if period:
            a.period, a.period_years = period
    # an amount in brackets right after another is its stated equivalent
    for prev, cur in zip(found, found[1:]):
        between = text[prev.end - offset: cur.start - offset]
        if re.fullmatch(r"\s*[(\[]\s*(?:(?:ok\.|około|about|approx\.|approximately|or|czyli|i\.e\.|równowartość|equivalent to)\s*)?", between, re.IGNORECASE) \
                and prev.currency and cur.currency and prev.currency != cur.currency:
            prev.equivalent = cur
            cur.is_equivalent = True
            if prev.period and not cur.period:
                cur.period, cur.period_years = prev.period, prev.period_years
            if prev.qualifier and not cur.qualifier and prev.qualifier != "Range":
                cur.qualifier = prev.qualifier
    # period stated after the bracketed equivalent belongs to the main amount too
    for a in found:
        if a.equivalent and not a.period:
            tail = text[a.equivalent.end - offset: a.equivalent.end - offset + 90]
            tail = re.sub(r"^\s*[)\]]", "", tail)
            period = _period(tail, language)
            if period:
                a.period, a.period_years = period
                a.equivalent.period, a.equivalent.period_years = period
    return found


def _period(after: str, language: str) -> tuple[str, int | None] | None:
    if language == "pl":
        m = re.match(r"\s*[)\]]?\s*,?\s*((?:w ciągu|przez|na przestrzeni|w okresie)\s+(?:(?:najbliższ|następn|kolejn|przyszł)\w*\s+)?(?:(\w+)\s+)?(lat|roku|miesięcy|dekady|dekadę|dziesięciolecia|dekad))", after)
    else:
        m = re.match(r"\s*[)\]]?\s*,?\s*((?:over|within|during|in)\s+(?:the\s+)?(?:(?:next|coming|following|first)\s+)?(?:(\w+)\s+)?(years?|decades?|months?))", after)
    if not m:
        return None
    phrase, count, unit = m.group(1), m.group(2), m.group(3)
    n = None
    if count:
        n = NUMBER_WORDS.get(count.lower()) or (int(count) if count.isdigit() else None)
    if unit.startswith(("dekad", "decade", "dziesięcio")):
        years = 10 * (n or 1)
    elif unit.startswith(("mies", "month")):
        years = None
    else:
        years = n or 1
    return phrase, years


# ---------------------------------------------------------------- dates

@dataclass
class DateMention:
    start: int
    end: int
    iso: str            # YYYY-MM-DD or YYYY-MM
    relative: bool = False


@lru_cache(maxsize=4)
def _date_regexes(language: str):
    """Full-date, day-month and relative-weekday patterns, compiled once per language."""
    lex = lexicon(language)
    months = "|".join(sorted((re.escape(m) for m in lex.months), key=len, reverse=True))
    weekdays = "|".join(sorted((re.escape(w) for w in lex.weekdays), key=len, reverse=True))
    flags = re.IGNORECASE
    full = [
        re.compile(rf"(?:(?:{weekdays}),?\s+)?(?P<d>\d{{1,2}})\s+(?P<m>{months})\.?\s+(?P<y>\d{{4}})(?:\s*r\.)?", flags),
        re.compile(rf"(?:(?:{weekdays}),?\s+)?(?P<m>{months})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})", flags),
        re.compile(r"(?P<y>\d{4})-(?P<mn>\d{2})-(?P<d>\d{2})"),
        re.compile(r"(?P<d>\d{1,2})\.(?P<mn>\d{2})\.(?P<y>\d{4})"),
    ]
    no_year = [re.compile(rf"(?<!\d)(?P<d>\d{{1,2}})\s+(?P<m>{months})\b(?!\.?\s+\d{{4}})", flags),
               re.compile(rf"\b(?P<m>{months})\.?\s+(?P<d>\d{{1,2}})\b(?!,?\s+\d{{4}})(?!\d)", flags)]
    rel = re.compile(rf"\b(?=[wWoOlLtTiIsS])(?:w|we|on|last|this|in|od|since)\s+(?P<w>{weekdays})\b", flags)
    return full, no_year, rel


# What a sentence must contain for each pattern of ``_date_regexes`` to match anywhere in it
# (day then month word; day and year after a month word; month word then day): running these
# cheap searches first spares the long month alternations on most sentences.
_DAY_WORD = re.compile(r"\d\s+[^\W\d_]")
_YEAR = re.compile(r"\s\d{4}")
_DAY_YEAR = re.compile(r"\d(?:st|nd|rd|th)?,?\s+\d{4}", re.IGNORECASE)
_WORD_DAY = re.compile(r"[^\W\d_]\.?\s+\d")


def _full_needs(text: str, month: bool) -> tuple[bool, ...]:
    """(``month``: a month name is one of the sentence's words; the second pattern may find one
    inside a word, so it is not told.)"""
    day_word = month and bool(_DAY_WORD.search(text))
    return (day_word and bool(_YEAR.search(text)), bool(_DAY_YEAR.search(text)), True, True)


@lru_cache(maxsize=4)
def _date_words(language: str) -> tuple[frozenset[str], frozenset[str]]:
    lex = lexicon(language)
    return frozenset(lex.months), frozenset(lex.weekdays)


def find_dates(text: str, offset: int, language: str, anchor: str | None) -> list[DateMention]:
    """Full dates, and with an ``anchor`` date also day-month dates and relative days."""
    lex = lexicon(language)
    out: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    patterns, no_year, rel = _date_regexes(language)
    months, weekdays = _date_words(language)
    words = letter_words(text)
    if not _DIGIT.search(text):
        patterns, no_year = (), ()      # every numeric date pattern needs a digit
    else:
        month = not words.isdisjoint(months)
        patterns = [p for p, need in zip(patterns, _full_needs(text, month)) if need]
        no_year = [p for p, need in zip(no_year, (month and _DAY_WORD.search(text), month and _WORD_DAY.search(text)))
                   if need]
    if words.isdisjoint(weekdays):
        rel = None
    for p in patterns:
        for m in p.finditer(text):
            if any(not (m.end() <= s or m.start() >= e) for s, e in taken):
                continue
            month = int(m.group("mn")) if m.groupdict().get("mn") else lex.months.get(m.group("m").lower().rstrip("."))
            try:
                d = dt.date(int(m.group("y")), int(month), int(m.group("d")))
            except (TypeError, ValueError):
                continue
            taken.append((m.start(), m.end()))
            out.append(DateMention(offset + m.start(), offset + m.end(), d.isoformat()))
    if anchor:
        try:
            base = dt.date.fromisoformat(anchor[:10])
        except ValueError:
            base = None
        if base:
            for p in no_year:
                for m in p.finditer(text):
                    if any(not (m.end() <= s or m.start() >= e) for s, e in taken):
                        continue
                    month = lex.months.get(m.group("m").lower().rstrip("."))
                    year = base.year if month <= base.month else base.year - 1
                    try:
                        d = dt.date(year, month, int(m.group("d")))
                    except (TypeError, ValueError):
                        continue
                    taken.append((m.start(), m.end()))
                    out.append(DateMention(offset + m.start(), offset + m.end(), d.isoformat(), relative=True))
            for m in rel.finditer(text) if rel is not None else ():
                if any(not (m.end() <= s or m.start() >= e) for s, e in taken):
                    continue
                wd = lex.weekdays.get(m.group("w").lower())
                if wd is None:
                    continue
                delta = (base.weekday() - wd) % 7
                d = base - dt.timedelta(days=delta)
                taken.append((m.start(), m.end()))
                out.append(DateMention(offset + m.start(), offset + m.end(), d.isoformat(), relative=True))
            for m in _TODAY.finditer(text) if not words.isdisjoint(_TODAY_WORDS) else ():
                if any(not (m.end() <= s or m.start() >= e) for s, e in taken):
                    continue
                shift = 1 if m.group("w").lower() in ("yesterday", "wczoraj") else 0
                out.append(DateMention(offset + m.start(), offset + m.end(),
                                       (base - dt.timedelta(days=shift)).isoformat(), relative=True))
    out.sort(key=lambda d: d.start)
    return out


def find_dateline(text: str, language: str) -> str | None:
    """The article date from a dateline or the first full date near the top."""
    head = text[:1500]
    dates = find_dates(head, 0, language, None)
    if dates:
        return dates[0].iso
    dates = find_dates(text, 0, language, None)
    counts: dict[str, int] = {}
    for d in dates:
        counts[d.iso] = counts.get(d.iso, 0) + 1
    if counts:
        return max(counts, key=lambda k: (counts[k], k))
    return None
