"""Pausing the cyclic garbage collector while one article is extracted or written.

One article allocates a few hundred thousand small objects that mostly live until the article
is done, so the collector's thresholds trip several times per article, and every full pass walks
all the long-lived objects of the process as well (lexicons, morphology caches): about a quarter
of the extraction time went there. Reference counting frees an article's objects as soon as they
are dropped and they form few cycles, so the collector is paused for the article and runs at its
usual thresholds again afterwards.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def gc_paused():
    """The collector off for the block (also usable as a decorator); left as it was found."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
