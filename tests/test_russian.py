"""The Russian language pack: morphology through pymorphy3, romanisation of names into the
spellings of the English press, language detection, amounts and dates, and the facts of one of
our own Russian test articles. Real functions, real lexicons, real dictionary."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from summitkg.builders.article import article_from_text, detect_language
from summitkg.builders.morph import SUPPORTED, morphology
from summitkg.builders.names import english_name, name_key
from summitkg.builders.numbers import find_amounts, find_dates

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"


def test_russian_is_supported():
    assert "ru" in SUPPORTED


# ------------------------------------------------------------------ morphology


@pytest.fixture(scope="module")
def ru():
    return morphology("ru")


@pytest.mark.parametrize("word, lemma", [
    ("подписали", "подписать"), ("соглашения", "соглашение"), ("Казахстаном", "казахстан"),
    ("переговоров", "переговоры"), ("президентом", "президент"), ("долларов", "доллар"),
])
def test_lemmas(ru, word, lemma):
    assert lemma in ru.info(word).lemmas


def test_cases_and_name_classes(ru):
    assert "inst" in ru.info("Шавкатом").cases
    assert "given" in ru.info("Шавкатом").names
    assert "surname" in ru.info("Мирзиёевым").names
    assert "geo" in ru.info("Ташкенте").names
    assert ru.info("Ташкенте").cases == {"loc"}


@pytest.mark.parametrize("words, case, nominative", [
    (("Шавката", "Мирзиёева"), "gen", "Шавкат Мирзиёев"),
    (("Шавкатом", "Мирзиёевым"), "inst", "Шавкат Мирзиёев"),
    (("Касым-Жомарта", "Токаева"), "gen", "Касым-Жомарт Токаев"),
    (("Шавкат", "Мирзиёев"), "nom", "Шавкат Мирзиёев"),
])
def test_inflected_names_lemmatised(ru, words, case, nominative):
    assert ru.name_case(words) == case
    based = []
    for w in words:
        *head, last = w.split("-")
        based.append("-".join(head + [ru.name_bases(last, case)[0]]))
    assert " ".join(based) == nominative


def test_organisation_keeps_its_capitals(ru):
    assert ru.name_bases("КазМунайГаза", "gen")[0] == "КазМунайГаз"


@pytest.mark.parametrize("phrase, nominative", [
    (("Евразийского", "банка", "развития"), ("Евразийский", "банк", "развития")),
    (("Азиатский", "банк", "развития"), ("Азиатский", "банк", "развития")),
    (("Яванской", "гидроэлектростанции"), ("Яванская", "гидроэлектростанция")),
])
def test_nominative_of_a_noun_phrase(ru, phrase, nominative):
    assert ru.nominative(phrase) == nominative


# ------------------------------------------------------------------ romanisation


@pytest.mark.parametrize("cyrillic, english", [
    ("Касым-Жомарт Токаев", "Kasym-Jomart Tokayev"),
    ("Шавкат Мирзиёев", "Shavkat Mirziyoyev"),
    ("Садыр Жапаров", "Sadyr Japarov"),
    ("Сердар Бердымухамедов", "Serdar Berdymukhamedov"),
    ("Ерлан Сагинтаев", "Yerlan Sagintayev"),
    ("Бахтиёр Каримов", "Bakhtiyor Karimov"),
    ("Хрущёв", "Khrushchev"),
    ("Дмитрий Песков", "Dmitri Peskov"),
    ("Кайрат", "Kairat"),
    ("Дональд Трамп", "Donald Trump"),       # an English name: the spelling English uses
    ("Скотт Бессент", "Scott Bessent"),
    ("Марат Каримов", "Marat Karimov"),      # no English word near it: the romanisation stays
])
def test_english_spelling_of_russian_names(cyrillic, english):
    assert english_name(cyrillic, "ru") == english


def test_one_identity_key_across_languages():
    """Токаев, Tokajew and Tokayev meet in one node."""
    assert name_key("Касым-Жомарт Токаев") == name_key("Kassym-Jomart Tokayev") == name_key("Kasym-Żomart Tokajew")


# ------------------------------------------------------------------ language detection


RU_TEXT = ("Президент Казахстана провёл переговоры с премьер-министром Узбекистана. По итогам встречи "
           "стороны подписали соглашение о сотрудничестве в области энергетики и транспорта.")


def test_cyrillic_russian_is_detected():
    assert detect_language(RU_TEXT) == "ru"
    assert article_from_text(RU_TEXT).language == "ru"


# ------------------------------------------------------------------ amounts and dates


@pytest.mark.parametrize("text, value, currency, qualifier", [
    ("около $35 млрд за три года", 35e9, "USD", "About"),
    ("более $100 млрд", 100e9, "USD", "Over"),
    ("стоимостью 1,1 миллиарда долларов", 1.1e9, "USD", None),
    ("кредит на 900 млн долларов", 900e6, "USD", None),
    ("до 150 млн евро", 150e6, "EUR", "UpTo"),
])
def test_russian_money(text, value, currency, qualifier):
    found = [a for a in find_amounts(text, 0, "ru") if not a.is_equivalent]
    assert len(found) == 1
    assert found[0].value == pytest.approx(value)
    assert (found[0].currency, found[0].qualifier) == (currency, qualifier)


def test_russian_quantity():
    found = find_amounts("не менее 25 млн тонн сои", 0, "ru")
    assert [(a.value, a.unit, a.qualifier) for a in found] == [(25e6, "Tonne", "AtLeast")]


def test_russian_dates_in_the_genitive():
    found = find_dates("Встреча прошла 13 марта 2025 года в Душанбе.", 0, "ru", None)
    assert [d.iso for d in found] == ["2025-03-13"]


# ------------------------------------------------------------------ one article's facts


def test_facts_of_a_russian_article():
    from summitkg.builders.article import read_article
    from summitkg.builders.extract import extract

    x = extract(read_article(DATA / "ru_03_ashgabat_gaz.txt"))
    people = {e.label_en for e in x.entities.values() if e.kind == "person"}
    assert {"Serdar Berdymukhamedov", "Abdulla Aripov", "Sherzod Abdullayev"} <= people
    leader = next(e for e in x.entities.values() if e.label_en == "Serdar Berdymukhamedov")
    assert "Сердар Бердымухамедов" in leader.labels["ru"]         # the Cyrillic kept as an @ru label
    posts = {(f.subject, f.object) for f in x.facts if f.kind == "post"}
    assert (leader.key, "state:TM") in posts
    gas = [a for a in x.agreements if "commodity:natural-gas" in a.commodities]
    assert gas and any(a.signatories for a in gas)
    assert {"state:TM", "state:UZ"} <= {k for e in x.events for k in e.participants}


def test_english_build_does_not_load_the_russian_dictionary(tmp_path):
    """pymorphy3 is imported by Russian articles only: neither the CLI nor an English build loads it."""
    code = ("import sys; from summitkg.builders.article import read_article; "
            "from summitkg.builders.extract import extract; "
            f"extract(read_article({str(DATA / 'en_01_c5plus1_tungsten_wire.txt')!r})); "
            "import summitkg.cli; print('pymorphy3' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "False"


# ------------------------------------------------------------------ second pack: general rules
@pytest.mark.parametrize("words, case, nominative", [
    (("Касым-Жомарт", "Токаев"), "nom", "Касым-Жомарт Токаев"),       # no plural reading undoes a case
    (("Эмманюэлем", "Макроном"), "inst", "Эмманюэль Макрон"),        # a name the dictionary reads as a noun
])
def test_name_cases_of_the_second_pack(ru, words, case, nominative):
    test_inflected_names_lemmatised(ru, words, case, nominative)


def _facts(text: str):
    from summitkg.builders.extract import extract

    return extract(article_from_text("title: Заголовок\nlanguage: ru\n\n" + text, source_path="t.txt"))


def test_organisation_named_in_words_gets_its_english_name():
    ex = _facts("Заголовок.\n\nСтоимость проекта оценивается в 1,1 млрд долларов, а Экспортно-импортный "
                "банк США выдал уведомление о заинтересованности в финансировании на сумму 900 млн долларов.\n\n"
                "Французское агентство развития выделит Казахстану кредит на сумму 90 млн евро.")
    labels = {e.label_en for e in ex.entities.values() if e.kind == "organization"}
    assert {"Export-Import Bank of the United States", "French Development Agency"} <= labels
    financing = [a for a in ex.agreements if a.type == "FinancingOffer"]
    assert financing and all("state:KZ" not in a.financiers for a in financing)


def test_descriptive_adjective_and_head_is_no_name():
    ex = _facts("Заголовок.\n\nКазахстанская компания подписала контракт. Российская компания «Газпром» подписала контракт.")
    assert not any("kompaniya" in k or "company" in k.split(":", 1)[1] for k in ex.entities)


def test_quoted_company_names_are_parties():
    ex = _facts("Заголовок.\n\nКомпания «Казмортрансфлот» подписала меморандум о перевозке 2 млн тонн нефти.")
    assert any("organization:kazmortransflot" in a.all_parties() for a in ex.agreements)


def test_investment_with_sectors_and_no_amount():
    ex = _facts("Заголовок.\n\nМакрон заявил, что Франция намерена инвестировать в горнодобывающую отрасль и "
                "возобновляемую энергетику Казахстана.")
    inv = [a for a in ex.agreements if a.type == "InvestmentCommitment"]
    assert inv and "state:FR" in inv[0].investors
    assert {"sector:mining", "sector:renewable-energy"} <= set(inv[0].sectors)


def test_script_change_ends_a_name():
    ex = _facts("Заголовок.\n\nДокумент подписали генеральный директор Orano Пьер Дюваль и министр энергетики Казахстана.")
    people = {k for k in ex.entities if k.startswith("person:")}
    assert "person:pier diuval" in people and not any("orano pier" in k for k in people)
