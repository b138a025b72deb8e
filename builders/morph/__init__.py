"""Morphology adapters: one per language, each answering the same questions of a word.

``morphology(lang)`` gives the adapter. Every adapter has ``info(word) -> WordInfo`` (lemmas,
coarse parts of speech, cases, name classes, commonness), ``keys(word)`` (the forms lexicon
phrases are matched on), ``name_bases(word, case)`` (candidate nominatives of a name in an
oblique case, best first) and ``nominative(words)`` (a name phrase in the nominative).
Languages that mark no case return the word as it is. Adding a language means adding its
pack under ``builders/lexicons/<lang>/`` and, where its words inflect, an adapter here.
"""
from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache
from pathlib import Path

# the languages summitkg reads: one adapter module each in this package
SUPPORTED = tuple(sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if len(m.name) == 2))


@lru_cache(maxsize=None)
def morphology(language: str):
    if language not in SUPPORTED:
        raise ValueError(f"no morphology for language {language!r}")
    return importlib.import_module(f"summitkg.builders.morph.{language}").Morphology()


@lru_cache(maxsize=400_000)
def zipf(word: str, language: str) -> float:
    """How common a word is in the language (wordfreq's Zipf scale: 0 unknown, 7 very common).
    The frequency tables ship inside the wordfreq wheel; nothing is downloaded."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, language)
