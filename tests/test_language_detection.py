"""An article in a language summitkg does not read is told apart, not read as English: it gets a
warning naming the language it reads as, no facts, and is stored. None of our own articles (en,
pl, ru) is flagged. The German, Turkish and French sentences below were written for this test."""
from __future__ import annotations

from pathlib import Path

import pytest

from summitkg.builders.article import UNSUPPORTED, article_from_text, detect_language, foreign_language, parse_header
from summitkg.builders.extract import extract

REPO = Path(__file__).resolve().parents[1]

FOREIGN = {
    "de": ("BERLIN, 12. März – Bundeskanzler Friedrich Merz hat am Dienstag in Berlin den Präsidenten "
           "Kasachstans empfangen. Die beiden Politiker unterzeichneten ein Abkommen über die Lieferung "
           "von Uran im Wert von 1,5 Milliarden Euro. Die Deutsche Bank wird das Projekt mit einem Kredit "
           "in Höhe von 300 Millionen Euro unterstützen. „Kasachstan ist für uns ein verlässlicher Partner "
           "in Zentralasien“, sagte Merz nach dem Treffen."),
    "tr": ("ANKARA, 12 Mart – Cumhurbaşkanı Erdoğan, Kazakistan Cumhurbaşkanı Tokayev'i Ankara'da resmi "
           "törenle karşıladı. İki lider, enerji, ulaştırma ve tarım alanlarında işbirliğini geliştirmeye "
           "yönelik on iki anlaşma imzaladı. Erdoğan, \"Kazakistan bizim için kardeş bir ülkedir ve "
           "ilişkilerimizi her alanda güçlendireceğiz\" dedi. Taraflar ayrıca ticaret hacmini 10 milyar "
           "dolara çıkarma hedefini teyit etti."),
    "fr": ("PARIS, 12 mars – Le président Emmanuel Macron a reçu mardi à l'Élysée son homologue kazakh pour "
           "une visite d'État. Les deux dirigeants ont signé un accord sur la fourniture d'uranium d'une "
           "valeur de 1,5 milliard d'euros. « Le Kazakhstan est un partenaire fiable en Asie centrale », a "
           "déclaré M. Macron à l'issue de la rencontre."),
}


@pytest.mark.parametrize("code", sorted(FOREIGN))
def test_unsupported_language_is_flagged(code):
    text = FOREIGN[code]
    assert detect_language(text) is None
    assert foreign_language(text) == code
    article = article_from_text(text, source_path="x.txt")
    assert article.language == UNSUPPORTED
    assert any("not in a language summitkg reads" in w and f"'{code}'" in w for w in article.warnings)
    ex = extract(article)
    assert not ex.agreements and not ex.entities and not ex.facts


def _own_articles():
    for path in sorted((REPO / "tests").rglob("*.txt")) + sorted((REPO / "data" / "articles").glob("*.txt")):
        yield pytest.param(path, id=str(path.relative_to(REPO)))


@pytest.mark.parametrize("path", list(_own_articles()))
def test_own_articles_are_not_flagged(path):
    fields, body = parse_header(path.read_text(encoding="utf-8"))
    assert foreign_language(body) is None
    if fields.get("language"):
        assert detect_language(body) == fields["language"][:2]
