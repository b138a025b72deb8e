"""Unit tests of the text helpers the extractor stands on: the sentence splitter, language
detection, the boilerplate finder and ``english_name``. Every text here was written for this
test; the people and companies in it are invented."""
from __future__ import annotations

import pytest

from summitkg.builders.article import article_from_text, detect_language, find_boilerplate
from summitkg.builders.names import english_name
from summitkg.builders.pack import language_pack
from summitkg.builders.text import split_sentences


def _sentences(text: str, lang: str):
    article = article_from_text(text, language=lang)
    found = split_sentences(article, language_pack(lang))
    for s in found:                      # every sentence is the text at its offsets
        assert article.text[s.start:s.end] == s.text
    return found


# ------------------------------------------------------------------ sentence splitter

def test_abbreviations_decimals_and_initialisms_do_not_end_a_sentence():
    text = ("Noval Corp signed a deal worth 1.5 billion dollars with the U.S. government on Monday. "
            "Mr. Kowal said the talks took a week.\n")
    assert [s.text for s in _sentences(text, "en")] == [
        "Noval Corp signed a deal worth 1.5 billion dollars with the U.S. government on Monday.",
        "Mr. Kowal said the talks took a week."]


def test_a_full_stop_inside_quotation_marks_does_not_end_the_sentence():
    text = 'Anna Kowal said the talks were "long. Very long." She left for Vilnius.\n'
    first = _sentences(text, "en")[0].text
    assert first.startswith('Anna Kowal said the talks were "long. Very long."')


def test_paragraphs_and_question_marks_end_sentences():
    text = "Will the pipeline be built? Nobody knows.\n\nJonas Petraitis met Anna Kowal in Vilnius.\n"
    assert [s.text for s in _sentences(text, "en")] == [
        "Will the pipeline be built?", "Nobody knows.", "Jonas Petraitis met Anna Kowal in Vilnius."]


def test_polish_abbreviation_and_russian_sentences():
    pl = "Minister Anna Kowal podpisała m.in. umowę z firmą Noval Corp. Umowa obowiązuje od maja.\n"
    assert [s.text for s in _sentences(pl, "pl")] == [
        "Minister Anna Kowal podpisała m.in. umowę z firmą Noval Corp.", "Umowa obowiązuje od maja."]
    ru = "Министр Анна Коваль подписала соглашение с компанией Noval Corp. По словам министра, это важный шаг.\n"
    assert len(_sentences(ru, "ru")) == 2


def test_boilerplate_lines_are_no_sentences_and_repeats_and_captions_are_marked():
    text = ("Jonas Petraitis met Anna Kowal in Vilnius on Monday to discuss a new gas pipeline.\n\n"
            "Share this\nRead more\n\n"
            "The two ministers signed a memorandum on energy cooperation. Photo: Reuters\n\n"
            "Talks will continue in May. "
            "Jonas Petraitis met Anna Kowal in Vilnius on Monday to discuss a new gas pipeline.\n")
    found = _sentences(text, "en")
    assert [s.text for s in found] == [
        "Jonas Petraitis met Anna Kowal in Vilnius on Monday to discuss a new gas pipeline.",
        "The two ministers signed a memorandum on energy cooperation.",
        "Talks will continue in May.",
        "Jonas Petraitis met Anna Kowal in Vilnius on Monday to discuss a new gas pipeline."]
    assert [s.is_caption for s in found] == [False, True, False, False]
    assert [s.duplicate_of for s in found] == [None, None, None, 0]


# ------------------------------------------------------------------ language detection

@pytest.mark.parametrize("lang, text", [
    ("en", "The minister said on Monday that the agreement with the company would be signed in May."),
    ("pl", "Minister powiedział w poniedziałek, że umowa z firmą zostanie podpisana w maju, a rząd ją poprze."),
    ("ru", "Министр сказал в понедельник, что соглашение с компанией будет подписано в мае."),
])
def test_detect_language_of_each_supported_language(lang, text):
    assert detect_language(text) == lang


@pytest.mark.parametrize("text", [
    "",
    "12345 678 90 — 2025",
    "Die beiden Minister unterzeichneten ein Abkommen über die Lieferung von Gas, und der Kanzler sagte, "
    "dass es für uns ein verlässlicher Partner ist und bleiben wird.",
])
def test_detect_language_answers_none_for_no_supported_language(text):
    assert detect_language(text) is None


def test_cyrillic_script_decides_against_latin_languages():
    # Russian function words written in Latin letters are not Russian text
    assert detect_language("Ministr skazal, chto soglashenie budet podpisano v mae.") != "ru"


# ------------------------------------------------------------------ boilerplate finder

def test_boilerplate_finder_takes_page_lines_and_leaves_sentences():
    body = "Jonas Petraitis, the minister, met Anna Kowal in Vilnius to discuss a new gas pipeline."
    text = f"Share this\nRead more\n{body}\nCopyright 2026 Noval Media. All rights reserved\nPodcasts\n"
    found = [text[s.start:s.end] for s in find_boilerplate(text)]
    assert found == ["Share this", "Read more", "Copyright 2026 Noval Media. All rights reserved", "Podcasts"]


def test_a_long_sentence_with_a_cue_word_is_not_boilerplate():
    text = ("The minister said the newsletter of the ministry would publish the full text of the agreement "
            "with Noval Corp next week, after both parliaments have approved it.\n")
    assert find_boilerplate(text) == []


def test_short_headings_without_a_stop_are_boilerplate_and_numbers_are_not():
    text = "World\nPolitics\nOn 12 May 2026\n"
    assert [text[s.start:s.end] for s in find_boilerplate(text)] == ["World", "Politics"]


# ------------------------------------------------------------------ english_name

@pytest.mark.parametrize("name, lang, english", [
    ("Анна Коваль", "ru", "Anna Koval"),
    ("Анна Коваль", "pl", "Anna Koval"),          # Cyrillic is romanised by the Russian rules, whatever the article
    ("Jonas Petraitis", "pl", "Jonas Petraitis"),   # Latin names keep their spelling
    ("Anna Kowal-Nowak", "pl", "Anna Kowal-Nowak"),  # both halves of a double name
])
def test_english_name(name, lang, english):
    assert english_name(name, lang) == english
