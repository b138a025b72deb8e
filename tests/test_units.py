"""Unit tests of number, amount and date parsing in Polish and English
(``summitkg.builders.numbers``): real functions, real lexicons."""
from __future__ import annotations

import pytest

from summitkg.builders.numbers import find_amounts, find_dates, parse_number


def one(text: str, lang: str, offset: int = 0, main_only: bool = True):
    found = find_amounts(text, offset, lang)
    if main_only:
        found = [a for a in found if not a.is_equivalent]
    assert len(found) == 1, f"{text!r}: expected one amount, got {found}"
    return found[0]


# ------------------------------------------------------------------ numbers


@pytest.mark.parametrize("text, lang, value", [
    ("1,1", "pl", 1.1),
    ("410 000", "pl", 410000),
    ("410\u00a0000", "pl", 410000),
    ("30,3", "pl", 30.3),
    ("2.500", "pl", 2500),
    ("900", "pl", 900),
    ("1.1", "en", 1.1),
    ("1,100.5", "en", 1100.5),
    ("410,000", "en", 410000),
    ("37", "en", 37),
])
def test_parse_number(text, lang, value):
    assert parse_number(text, lang) == pytest.approx(value)


# ------------------------------------------------------------------ money, quantities, percentages


def test_pl_mld_dolarow():
    a = one("1,1 mld dolarów", "pl")
    assert a.value == pytest.approx(1.1e9)
    assert a.currency == "USD" and a.unit is None


def test_pl_tonnes_with_space_thousands():
    a = one("410 000 ton", "pl")
    assert a.value == pytest.approx(410000)
    assert a.unit == "Tonne" and a.currency is None


def test_pl_equivalent_in_brackets():
    text = "35 miliardów dolarów (30,3 miliarda euro)"
    found = find_amounts(text, 0, "pl")
    main = [a for a in found if not a.is_equivalent]
    assert len(main) == 1
    a = main[0]
    assert a.value == pytest.approx(35e9) and a.currency == "USD"
    assert a.equivalent is not None
    assert a.equivalent.value == pytest.approx(30.3e9) and a.equivalent.currency == "EUR"
    assert a.equivalent.is_equivalent
    assert text[a.start:a.end] == "35 miliardów dolarów"
    assert text[a.equivalent.start:a.equivalent.end] == "30,3 miliarda euro"


def test_pl_up_to():
    a = one("do 900 mln dolarów", "pl")
    assert a.value == pytest.approx(9e8) and a.currency == "USD"
    assert a.qualifier == "UpTo"


def test_en_dollar_billion():
    a = one("$1.1 billion", "en")
    assert a.value == pytest.approx(1.1e9) and a.currency == "USD"


def test_en_code_and_symbol():
    a = one("USD $900 million", "en")
    assert a.value == pytest.approx(9e8) and a.currency == "USD"


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_percent(lang):
    a = one("70%", lang)
    assert a.value == pytest.approx(70) and a.unit == "Percent" and a.currency is None


def test_en_range():
    a = one("$3-5 billion", "en")
    assert a.currency == "USD"
    assert a.min_value == pytest.approx(3e9) and a.max_value == pytest.approx(5e9)


def test_en_up_to_aircraft():
    a = one("up to 37 Boeing jets", "en")
    assert a.value == pytest.approx(37) and a.unit == "Aircraft" and a.qualifier == "UpTo"


def test_en_aircraft_model_number_is_not_the_count():
    a = one("15 787-9 aircraft", "en")
    assert a.value == pytest.approx(15) and a.unit == "Aircraft"


def test_offsets_point_into_the_article():
    """With a sentence offset, start/end are article offsets and cover the words."""
    article = "Wstęp. " + "Umowa opiewa na 1,1 mld dolarów w ciągu trzech lat."
    offset = 7
    sentence = article[offset:]
    a = one(sentence, "pl", offset=offset)
    assert article[a.start:a.end] == "1,1 mld dolarów"


def test_en_amount_in_a_sentence_with_period():
    text = "The bank will provide up to $900 million over the next three years."
    a = one(text, "en")
    assert a.value == pytest.approx(9e8) and a.currency == "USD" and a.qualifier == "UpTo"
    assert a.period_years == 3
    assert text[a.start:a.end] == "up to $900 million"


# ------------------------------------------------------------------ dates


def test_pl_full_date_with_weekday():
    dates = find_dates("czwartek, 6 listopada 2025 r.", 0, "pl", None)
    assert [d.iso for d in dates] == ["2025-11-06"]
    assert not dates[0].relative


def test_en_full_date_with_weekday():
    dates = find_dates("Thursday, Nov. 6, 2025", 0, "en", None)
    assert [d.iso for d in dates] == ["2025-11-06"]


def test_en_relative_weekday():
    dates = find_dates("on Thursday", 0, "en", "2025-11-07")
    assert [d.iso for d in dates] == ["2025-11-06"]
    assert dates[0].relative


def test_en_relative_weekday_needs_anchor():
    assert find_dates("on Thursday", 0, "en", None) == []


def test_date_offsets():
    text = "Spotkanie odbyło się 6 listopada 2025 r. w Białym Domu."
    dates = find_dates(text, 100, "pl", None)
    assert [d.iso for d in dates] == ["2025-11-06"]
    assert text[dates[0].start - 100:dates[0].end - 100].startswith("6 listopada 2025")
