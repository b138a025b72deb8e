#!/usr/bin/env python3
"""Write builders/lexicons/language_words.tsv: the commonest words of each language that
language detection compares (wordfreq's frequency lists, which ship inside its wheel).

Run once when the list of languages changes; the extractor reads the table, not wordfreq, so
detection costs no load of wordfreq's tables.  Usage: python scripts/make_language_words.py
"""
import re
from pathlib import Path

from wordfreq import top_n_list

N = 200
LANGUAGES = ("en pl ru de tr fr es it pt nl uk cs sk sv da nb fi ro hu id bg sh sl lt lv")
OUT = Path(__file__).resolve().parents[1] / "builders" / "lexicons" / "language_words.tsv"


def main() -> None:
    lines = ["lang\twords\tnote"]
    for lang in LANGUAGES.split():
        words = [w for w in top_n_list(lang, N * 2) if re.fullmatch(r"[^\W\d_]+", w)][:N]
        lines.append(f"{lang}\t{' '.join(words)}\tthe {N} commonest words of the language (wordfreq)")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
