"""English names of organisations a Russian text names in words ("Экспортно-импортный банк США"
-> "Export-Import Bank of the United States", "Французское агентство развития" -> "French
Development Agency"): the name's words translated by the general tables (``org_words.tsv``, the
states' names and adjectives), in English order: adjectives, then the complements in the
genitive as modifiers, then the head noun, then "of" and the state it belongs to. A name with a
word the tables do not translate keeps its transliteration."""
from __future__ import annotations

from functools import lru_cache

from .packdata import rows, split


@lru_cache(maxsize=None)
def _words(language: str) -> tuple[dict[str, str], frozenset, dict[str, str]]:
    """(word in ``language`` -> English, the English linking words, state word -> English phrase)."""
    table, link = {}, frozenset()
    for r in rows(None, "org_words.tsv"):
        if r["kind"] == "word":
            for w in split(r.get(language)):
                table.setdefault(w.lower(), r["en"])
        elif r["kind"] == "state_link":
            link = frozenset(split(r.get("en")))
    states = {}
    for r in rows(None, "states.tsv"):
        adj = split(r.get("adj_en"))
        for w in split(r.get(f"adj_{language}")):
            if adj:
                table.setdefault(w.lower(), adj[0])
        name = " ".join(p for p in (r.get("article_en"), r["name_en"]) if p)
        for w in split(r.get(f"name_{language}")) + split(r.get(f"aliases_{language}")):
            states[w.lower()] = name
    return table, link, states


def english_org_name(pack, words: list[str]) -> str | None:
    """The English name of an organisation named in words of ``pack``'s language, or None."""
    table, link, states = _words(pack.language)
    if not link or len(words) < 2:
        return None
    adjectives, modifiers, head, state = [], [], None, None
    for w in words:
        keys = [w.lower(), *sorted(pack.morph.info(w).lemmas)]
        found = next((table[k] for k in keys if k in table), None) or _joined(pack, w, table)
        if state is None and head is not None and any(k in states for k in keys):
            state = next(states[k] for k in keys if k in states)
            continue
        if found is None or state is not None:
            return None
        english = ("-" if "-" in w else " ").join(p[:1].upper() + p[1:] for p in found.split())
        info = pack.morph.info(w)
        if head is None and "noun" not in info.pos:
            adjectives.append(english)
        elif head is None:
            head = english
        else:
            modifiers.append(english)
    if head is None:
        return None
    name = " ".join(adjectives + modifiers + [head])
    return f"{name} {next(iter(link))} {state}" if state else name


def _joined(pack, word: str, table: dict[str, str]) -> str | None:
    """A joined adjective of two peoples ("российско-монгольский" -> "russian-mongolian"): each
    part translated, the first ones after their link vowel is put back to an adjective ending."""
    parts = word.lower().split("-")
    if len(parts) < 2:
        return None
    links = sorted(pack.words("compound_link").items())
    out = []
    for part in parts[:-1]:
        found = next((table[part[: -len(link)] + ending] for ending, link in links
                      if link and part.endswith(link) and part[: -len(link)] + ending in table), None)
        if found is None:
            return None
        out.append(found)
    last = next((table[k] for k in [parts[-1], *sorted(pack.morph.info(parts[-1]).lemmas)] if k in table), None)
    return "-".join(out + [last]) if last else None
