"""Numbers, money, quantities, counts, percentages and dates, from the words of a language pack.

Every pattern is built from the pack's ``amounts.tsv`` (scale, qualifier, unit, range, period
and count words, the decimal and thousands separators) and the general currency, month and
weekday tables: a currency written as a symbol, an ISO 4217 code before or after the number,
or a currency word in any inflected form. An amount in brackets right after another in a
different currency is its stated equivalent.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from .model import Amount, DateMention
from .pack import LanguagePack, language_pack

_DIGIT = re.compile(r"\d")
_DIGIT_RUN = re.compile(r"\d+")
_LETTER_RUN = re.compile(r"[^\W\d_]+")
# a product code after a count: 777-9s, A321neos, 787-9, 737 MAX 8 (letters and digits mixed)
_MODEL = (r"(?-i:[A-Z]{1,2}-?\d{2,4}[A-Za-z]*|[1-9]\d{2}-\d{1,3}[A-Za-z]*|[1-9]\d{2}(?=\s+[A-Z]{2,4}))"
          r"(?-i:\s+[A-Z]{2,4}(?:\s+\d{1,2})?)?")


def _alternation(words, wildcard: str = r"\w*") -> str:
    """A regex alternation of pack words, longest first; ``*`` at a word's end is any ending."""
    parts = []
    for w in sorted({w for w in words if w}, key=len, reverse=True):
        parts.append(re.escape(w[:-1]) + wildcard if w.endswith("*") else re.escape(w))
    return "|".join(parts) or r"(?!)"


def _number_rx(pack: LanguagePack) -> str:
    fmt = dict(pack.amount_class("number_format"))
    dec = re.escape(fmt.get("decimal", "."))
    th = fmt.get("thousands", ",")
    th = r"[ \u00a0]" if th == "space" else re.escape(th)
    other = "." if fmt.get("decimal", ".") == "," else ","
    return rf"\d{{1,3}}(?:{th}\d{{3}})+(?:{dec}\d+)?|\d+(?:{dec}\d+)?(?!{re.escape(other)}\d)|\d+{re.escape(other)}\d+"


def parse_number(text: str, language: str) -> float:
    """'1,1' (pl) -> 1.1, '410 000' -> 410000, '1,100.5' (en) -> 1100.5."""
    fmt = dict(language_pack(language).amount_class("number_format"))
    dec, th = fmt.get("decimal", "."), fmt.get("thousands", ",")
    th = " " if th == "space" else th
    t = text.replace("\u00a0", " ").strip()
    if re.fullmatch(r"\d{1,3}(?:" + re.escape(th) + r"\d{3})+(?:" + re.escape(dec) + r"\d+)?", t):
        t = t.replace(th, "")
    other = "." if dec == "," else ","
    if dec == "," and re.fullmatch(r"\d+\.\d{3}", t):
        t = t.replace(".", "")
    t = t.replace(" ", "")
    if dec == ",":
        t = t.replace(",", ".")
    elif re.fullmatch(r"\d+" + re.escape(other) + r"\d+", t) and not re.fullmatch(r"\d+,\d{3}", t):
        t = t.replace(other, ".")
    else:
        t = t.replace(",", "")
    return float(t)


@dataclass
class _Patterns:
    money_sym: re.Pattern
    money_code: re.Pattern
    money_word: re.Pattern
    quantity: re.Pattern
    count: re.Pattern
    percent: re.Pattern
    qualifiers: list[tuple[str, re.Pattern]]
    period: re.Pattern
    equivalent: re.Pattern
    units: dict[str, str]
    unit_scales: list[tuple[re.Pattern, float]]
    counts: dict[str, int]
    period_units: list[tuple[str, int]]


def _currency_word_rx(pack: LanguagePack) -> str:
    words: set[str] = set()
    for patterns in pack.currency_words.index.values():
        for p in patterns:
            if p.words[0].isupper():
                continue
            phrase = " ".join(p.words)
            if not pack.cased:
                words.update({phrase, pack.morph.plural(phrase)})
                continue
            words.add(phrase + "*")                # inflected: any ending (dolarów, dolarach)
            if len(phrase) > 4 and " " not in phrase:
                words.add(phrase[:5] + "*")
    return _alternation(words)


@lru_cache(maxsize=8)
def _patterns(language: str) -> _Patterns:
    pack = language_pack(language)
    num = _number_rx(pack)
    scale = _alternation(w for w, _ in pack.amount_class("scale"))
    symbols = sorted(pack.currency_symbols, key=len, reverse=True)
    sym = "|".join(re.escape(s) for s in symbols)
    codes = "|".join(sorted(pack.currency_codes, key=len, reverse=True))
    rng_words = _alternation(w for w, _ in pack.amount_class("range"))
    scale_opt = rf"(?:[\s-]?(?P<scale>{scale})(?!\w)\.?)?"
    rng = rf"(?:\s?(?:{rng_words})\s?(?P<num2>{num}))?"
    modifier = _alternation(w for w, _ in pack.amount_class("currency_modifier"))
    units: dict[str, str] = {}
    for word, unit in pack.amount_class("unit"):
        units.setdefault(unit, [])
        units[unit].append(word)
    unit_rx = "|".join(f"(?P<{u}>{_alternation(ws)})" for u, ws in units.items())
    counts = {w.lower(): int(v) for w, v in pack.amount_class("count")}
    count_words = _alternation(w for w in counts if " " not in w and len(w) > 2)
    aircraft = _alternation(w for w, _ in pack.amount_class("aircraft_word"))
    percent = _alternation(w for w, _ in pack.amount_class("percent_word"))
    flags = re.IGNORECASE
    qualifiers = []
    for name in ("UpTo", "About", "Nearly", "Over", "AtLeast"):
        ws = [w for w, v in pack.amount_class("qualifier") if v == name]
        if ws:
            qualifiers.append((name, re.compile(rf"(?:^|\W)(?P<q>{_alternation(ws)})\s*$", flags)))
    period_prep = _alternation(w for w, _ in pack.amount_class("period_prep"))
    period_mod = _alternation(w for w, _ in pack.amount_class("period_mod"))
    period_unit = _alternation(w for w, _ in pack.amount_class("period_unit"))
    equivalent = _alternation(w for w, _ in pack.amount_class("equivalent"))
    return _Patterns(
        money_sym=re.compile(rf"(?P<code>(?:{codes})\s?)?(?P<sym>{sym})\s?(?P<num>{num}){rng}{scale_opt}(?!\w)"),
        money_code=re.compile(rf"(?<![\w$])(?P<code>{codes})\s?(?P<num>{num}){rng}{scale_opt}(?!\w)"),
        money_word=re.compile(rf"(?<![\w.,])(?P<num>{num}){rng}{scale_opt}[\s-]+(?:(?:{modifier})\s+)?"
                              rf"(?P<cur>{_currency_word_rx(pack)}|{codes})(?!\w)", flags),
        quantity=re.compile(rf"(?<![\w.,])(?P<num>{num}){rng}{scale_opt}\s?(?P<unit>{unit_rx})(?!\w)"),
        count=re.compile(rf"(?<![\w.,])(?P<num>\d{{1,4}}|{count_words})\s+(?:(?P<mid>(?:[^\W_][\w-]*\s+){{0,3}}?)"
                         rf"(?P<unit>{aircraft})(?!\w)|(?P<model>{_MODEL})(?:\s+(?P<unit2>{aircraft}))?(?!\w))", flags),
        percent=re.compile(rf"(?<![\w.,])(?P<num>{num})[\s-]?(?:{percent})(?!\w)", flags),
        qualifiers=qualifiers,
        period=re.compile(rf"\s*[)\]]?\s*,?\s*(?P<phrase>(?:{period_prep})\s+(?:(?:{period_mod})\s+)*"
                          rf"(?:(?P<count>\w+)\s+)?(?P<unit>{period_unit}))(?!\w)", flags),
        equivalent=re.compile(rf"\s*[(\[]\s*(?:(?:{equivalent})\s*)?", flags),
        units={u: u for u in units},
        unit_scales=[(re.compile(rf"^(?:{_alternation([w])})$", flags), float(v))
                     for w, v in pack.amount_class("unit_scale")],
        counts=counts,
        period_units=[(w.lower(), int(v)) for w, v in pack.amount_class("period_unit")],
    )


def _currency_of(word: str, pack: LanguagePack) -> str | None:
    w = word.strip()
    if w.upper() in pack.currency_codes:
        return w.upper()
    if w in pack.currency_symbols:
        return pack.currency_symbols[w]
    low = w.lower()
    best = None
    for patterns in pack.currency_words.index.values():
        for p in patterns:
            phrase = " ".join(p.words).lower()
            stem = phrase[:5] if len(phrase) > 4 and " " not in phrase else phrase
            if low == phrase or low.startswith(stem) and (best is None or len(stem) > best[0]):
                best = (len(stem), p.entry.id)
    return best[1] if best else None


def _value(m: re.Match, pack: LanguagePack) -> tuple[float, float | None]:
    mult = 1
    if m.groupdict().get("scale"):
        mult = pack.scale_of(m.group("scale")) or 1
    v = parse_number(m.group("num"), pack.language) * mult
    v2 = parse_number(m.group("num2"), pack.language) * mult if m.groupdict().get("num2") else None
    return v, v2


def find_amounts(text: str, offset: int, language: str, sentence: int = -1) -> list[Amount]:
    """All money amounts, quantities, counts and percentages in a sentence, equivalents linked."""
    pack = language_pack(language)
    rx = _patterns(language)
    found: list[Amount] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(m: re.Match, amount: Amount) -> None:
        taken.append((m.start(), m.end()))
        found.append(amount)

    if not _DIGIT.search(text) and not rx.counts:
        return []
    if _DIGIT.search(text):
        for pattern in (rx.money_sym, rx.money_word, rx.money_code):
            for m in pattern.finditer(text):
                if not free(m.start(), m.end()):
                    continue
                cur = _money_currency(m, pack)
                if not cur or (pattern is rx.money_code and not m.group("scale") and re.fullmatch(r"\d{4}", m.group("num"))):
                    continue
                v, v2 = _value(m, pack)
                a = Amount(v2 if v2 else v, offset + m.start(), offset + m.end(), currency=cur, sentence=sentence)
                if v2:
                    a.min_value, a.max_value, a.qualifier = v, v2, "Range"
                add(m, a)
        for m in rx.quantity.finditer(text):
            if not free(m.start(), m.end()):
                continue
            unit = next(u for u in rx.units if m.groupdict().get(u))
            v, v2 = _value(m, pack)
            for unit_rx, factor in rx.unit_scales:
                if unit_rx.match(m.group("unit")):
                    v, v2 = v * factor, (v2 * factor if v2 else None)
            a = Amount(v2 if v2 else v, offset + m.start(), offset + m.end(), unit=unit, sentence=sentence)
            if v2:
                a.min_value, a.max_value, a.qualifier = v, v2, "Range"
            add(m, a)
        for m in rx.percent.finditer(text):
            if free(m.start(), m.end()):
                add(m, Amount(parse_number(m.group("num"), language), offset + m.start(), offset + m.end(),
                              unit="Percent", sentence=sentence))
    for m in rx.count.finditer(text):
        if not free(m.start(), m.end()):
            continue
        word = m.group("num").lower()
        v = float(rx.counts[word]) if word in rx.counts else float(word) if word.isdigit() else 0.0
        if v < 1 or (word.isdigit() and len(word) == 4 and 1900 < v < 2100):
            continue
        model = (m.group("mid") or m.group("model") or "").strip() or None
        unit = "Aircraft" if m.group("unit") or m.group("unit2") else "Model"
        add(m, Amount(v, offset + m.start(), offset + m.end(), unit=unit, sentence=sentence, model=model))
    found.sort(key=lambda a: a.start)
    _qualify(found, text, offset, rx)
    _link_equivalents(found, text, offset, rx)
    return found


def _money_currency(m: re.Match, pack: LanguagePack) -> str | None:
    gd = m.groupdict()
    if gd.get("sym"):
        code = (gd.get("code") or "").strip()
        return code if code in pack.currency_codes else pack.currency_symbols.get(gd["sym"])
    if gd.get("cur"):
        return _currency_of(gd["cur"], pack)
    return gd.get("code")


def _qualify(found: list[Amount], text: str, offset: int, rx: _Patterns) -> None:
    for a in found:
        before = text[max(0, a.start - offset - 30): a.start - offset]
        for name, q_rx in rx.qualifiers:
            m = q_rx.search(before)
            if m and not a.qualifier:
                a.qualifier = name
                a.start -= len(before) - m.start("q")
                break
        p = _period(text[a.end - offset: a.end - offset + 90], rx)
        if p:
            a.period, a.period_years = p


def _link_equivalents(found: list[Amount], text: str, offset: int, rx: _Patterns) -> None:
    for prev, cur in zip(found, found[1:]):
        between = text[prev.end - offset: cur.start - offset]
        if rx.equivalent.fullmatch(between) and prev.currency and cur.currency and prev.currency != cur.currency:
            prev.equivalent = cur
            cur.is_equivalent = True
            if prev.period and not cur.period:
                cur.period, cur.period_years = prev.period, prev.period_years
            if prev.qualifier and not cur.qualifier and prev.qualifier != "Range":
                cur.qualifier = prev.qualifier
    for a in found:
        if a.equivalent and not a.period:
            tail = re.sub(r"^\s*[)\]]", "", text[a.equivalent.end - offset: a.equivalent.end - offset + 90])
            p = _period(tail, rx)
            if p:
                a.period, a.period_years = p
                a.equivalent.period, a.equivalent.period_years = p


def _period(after: str, rx: _Patterns) -> tuple[str, int | None] | None:
    """"over the next ten years" after an amount: the phrase and its length in years."""
    m = rx.period.match(after)
    if not m:
        return None
    unit = m.group("unit").lower()
    per = next((years for w, years in rx.period_units
                if (w.endswith("*") and unit.startswith(w[:-1])) or unit == w), 1)
    count = m.group("count")
    n = (int(count) if count.isdigit() else rx.counts.get(count.lower())) if count else None
    return m.group("phrase"), (None if per == 0 else per * (n or 1))


# ---------------------------------------------------------------- dates

@lru_cache(maxsize=8)
def _date_patterns(language: str):
    pack = language_pack(language)
    months = "|".join(sorted((re.escape(m) for m in pack.months), key=len, reverse=True))
    weekdays = "|".join(sorted((re.escape(w) for w in pack.weekdays), key=len, reverse=True)) or r"(?!)"
    suffix = _alternation(w for w, _ in pack.amount_class("date_suffix"))
    flags = re.IGNORECASE
    full = [
        re.compile(rf"(?:(?:{weekdays}),?\s+)?(?:(?<!\d)(?P<day0>\d{{1,2}})\s*[-–]\s*)?(?<!\d)(?P<day>\d{{1,2}})\s+(?P<month>{months})\.?\s+(?P<year>\d{{4}})(?:\s*(?:{suffix}))?", flags),
        re.compile(rf"(?:(?:{weekdays}),?\s+)?(?P<month>{months})\.?\s+(?P<day0>\d{{1,2}})(?:{suffix})?\s*[-–]\s*(?P<day>\d{{1,2}})(?:{suffix})?,?\s+(?P<year>\d{{4}})", flags),
        re.compile(rf"(?:(?:{weekdays}),?\s+)?(?P<month>{months})\.?\s+(?P<day>\d{{1,2}})(?:{suffix})?,?\s+(?P<year>\d{{4}})", flags),
        re.compile(r"(?P<year>\d{4})-(?P<monthnum>\d{2})-(?P<day>\d{2})"),
        re.compile(r"(?P<day>\d{1,2})\.(?P<monthnum>\d{2})\.(?P<year>\d{4})"),
    ]
    no_year = [re.compile(rf"(?<!\d)(?P<day>\d{{1,2}})\s+(?P<month>{months})(?!\w)(?!\.?\s+\d{{4}})", flags),
               re.compile(rf"(?<!\w)(?P<month>{months})\.?\s+(?P<day>\d{{1,2}})(?!\w)(?!,?\s+\d{{4}})(?!\d)", flags)]
    preps = _alternation(w for w, _ in pack.amount_class("weekday_prep"))
    rel = re.compile(rf"(?<!\w)(?:{preps})\s+(?P<weekday>{weekdays})(?!\w)", flags)
    today = {w.lower(): int(v) for w, v in pack.amount_class("today")}
    today_rx = re.compile(rf"(?<!\w)(?P<weekday>{_alternation(today)})(?!\w)", flags) if today else None
    return full, no_year, rel, today_rx, today


def find_dates(text: str, offset: int, language: str, anchor: str | None) -> list[DateMention]:
    """Full dates, and with an ``anchor`` date also day-month dates and relative days."""
    pack = language_pack(language)
    out: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    full, no_year, rel, today_rx, today = _date_patterns(language)

    def free(m) -> bool:
        return all(m.end() <= s or m.start() >= e for s, e in taken)

    def add(m, iso: str, relative: bool) -> None:
        taken.append((m.start(), m.end()))
        out.append(DateMention(offset + m.start(), offset + m.end(), iso, relative))

    words = frozenset(_LETTER_RUN.findall(text.lower()))
    if _DIGIT.search(text):
        for p in full:
            for m in p.finditer(text):
                if not free(m):
                    continue
                month = int(m.group("monthnum")) if m.groupdict().get("monthnum") else pack.months.get(m.group("month").lower().rstrip("."))
                day = m.groupdict().get("day0") or m.group("day")      # a range of days (6-7 July) starts on its first
                try:
                    add(m, dt.date(int(m.group("year")), int(month), int(day)).isoformat(), False)
                except (TypeError, ValueError):
                    continue
    base = _anchor(anchor)
    if base is None:
        return sorted(out, key=lambda d: d.start)
    if _DIGIT.search(text):
        for p in no_year:
            for m in p.finditer(text):
                if not free(m):
                    continue
                month = pack.months.get(m.group("month").lower().rstrip("."))
                year = base.year if month <= base.month else base.year - 1
                try:
                    add(m, dt.date(year, month, int(m.group("day"))).isoformat(), True)
                except (TypeError, ValueError):
                    continue
    if not words.isdisjoint(pack.weekdays):
        for m in rel.finditer(text):
            wd = pack.weekdays.get(m.group("weekday").lower())
            if free(m) and wd is not None:
                add(m, (base - dt.timedelta(days=(base.weekday() - wd) % 7)).isoformat(), True)
    if today_rx is not None and not words.isdisjoint(today):
        for m in today_rx.finditer(text):
            if free(m):
                add(m, (base - dt.timedelta(days=today[m.group("weekday").lower()])).isoformat(), True)
    return sorted(out, key=lambda d: d.start)


def _anchor(anchor: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(anchor[:10]) if anchor else None
    except ValueError:
        return None


def find_article_date(text: str, language: str) -> str | None:
    """The article's date from the first full date near the top, else its commonest full date."""
    dates = find_dates(text[:1500], 0, language, None)
    if dates:
        return dates[0].iso
    counts: dict[str, int] = {}
    for d in find_dates(text, 0, language, None):
        counts[d.iso] = counts.get(d.iso, 0) + 1
    return max(counts, key=lambda k: (counts[k], k)) if counts else None
