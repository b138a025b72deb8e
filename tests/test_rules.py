"""General extraction rules, each on a short invented text in the languages it applies to:
the whole extractor runs (real lexicons, real morphology), and the test reads its output."""
from __future__ import annotations

import pytest

from summitkg.builders.article import article_from_text
from summitkg.builders.extract import extract


def _run(text: str, lang: str):
    return extract(article_from_text(text, language=lang))


def _states(x) -> set[str]:
    return {k for k in x.entities if k.startswith("state:")}


def _participants(x) -> set[str]:
    return {k for e in x.events for k in e.participants if k.startswith("state:")}


@pytest.mark.parametrize("text, lang", [
    ("Leaders of South Africa and Brazil met in Pretoria on 3 May 2025.", "en"),
    ("Przywódcy Republiki Południowej Afryki i Brazylii spotkali się 3 maja 2025 r. w Pretorii.", "pl"),
])
def test_a_state_name_holding_a_region_is_the_state(text, lang):
    """The longest lexicon match wins across types: "South Africa" is not the region "Africa"."""
    x = _run(text, lang)
    assert {"state:ZA", "state:BR"} <= _states(x)
    assert "place:africa" not in x.entities


@pytest.mark.parametrize("text, lang", [
    ("Delegations from Chile, Peru and Ecuador met at the summit in Lima on 4 June 2025.", "en"),
    ("Na szczycie w Limie 4 czerwca 2025 r. zebrali się liderzy z Chile, Peru i Ekwadoru.", "pl"),
])
def test_leaders_from_a_list_of_states_take_part(text, lang):
    assert {"state:CL", "state:PE", "state:EC"} <= _participants(_run(text, lang))


@pytest.mark.parametrize("text, lang", [
    ("The Chilean-Peruvian talks were held in Lima on 4 June 2025.", "en"),
    ("W Limie 4 czerwca 2025 r. odbyły się chilijsko-peruwiańskie konsultacje międzyrządowe.", "pl"),
])
def test_states_named_before_a_meeting_noun_take_part(text, lang):
    assert {"state:CL", "state:PE"} <= _participants(_run(text, lang))


@pytest.mark.parametrize("text, lang, here, later", [
    ("The leaders of Chile and Peru met in Lima on 4 June 2025. The next summit will be held in Quito.",
     "en", "Lima", "Quito"),
    ("Premierzy Chile i Peru spotkali się 4 czerwca 2025 r. w Limie. Kolejne konsultacje odbędą się w Quito.",
     "pl", "Lima", "Quito"),
])
def test_a_meeting_still_to_come_is_not_the_event(text, lang, here, later):
    x = _run(text, lang)
    assert len(x.events) == 1
    place = x.entities[x.events[0].place].label_en
    assert place == here, place


@pytest.mark.parametrize("text, lang", [
    ("The summit of Chile and Peru took place in Lima on 6-7 June 2025.", "en"),
    ("The summit of Chile and Peru took place in Lima on June 6-7, 2025.", "en"),
    ("Szczyt Chile i Peru odbył się w Limie w dniach 6–7 czerwca 2025 r.", "pl"),
])
def test_a_range_of_days_dates_the_event_by_its_first(text, lang):
    assert _run(text, lang).events[0].date == "2025-06-06"


def test_a_short_form_of_a_place_named_in_full_is_that_place():
    text = ("Szczyt w Porto Alegre odbył się 6 czerwca 2025 r. Liderzy Chile i Peru przyjechali do Porto "
            "na dwa dni.")
    x = _run(text, "pl")
    places = {e.label_en for k, e in x.entities.items() if k.startswith("place:")}
    assert "Porto Alegre" in places and "Porto" not in places


def test_titled_names_in_a_list_are_persons_not_organisations():
    """"minister of A Name, minister of B Name2": the second name is not where the first works."""
    text = ("Премьера сопровождали министр обороны Хаваджа Асиф, министр финансов Мухаммад Аурангзеб "
            "и вице-премьер Исхак Дар 3 мая 2025 года.")
    x = _run(text, "ru")
    persons = {e.label_en for k, e in x.entities.items() if k.startswith("person:")}
    assert {"Khavaja Asif", "Mukhammad Aurangzeb", "Iskhak Dar"} <= persons, persons
    assert not any(k.startswith("organization:") for k in x.entities)


def test_a_name_particle_stays_inside_a_russian_name():
    x = _run("Кронпринц Саудовской Аравии Мухаммед бен Салман подписал соглашение 3 мая 2025 года.", "ru")
    persons = [e.label_en for k, e in x.entities.items() if k.startswith("person:")]
    assert persons == ["Mukhammed ben Salman"], persons


def test_dzh_is_romanised_j():
    from summitkg.builders.names import english_name
    assert english_name("Санджай Рао", "ru") == "Sanjay Rao"


def _posts(x) -> set[tuple[str, str | None]]:
    return {(x.entities[f.subject].label_en, x.entities[f.object].label_en if f.object else None)
            for f in x.facts if f.kind == "post"}


def test_a_firm_named_before_its_head_is_split_from_the_name():
    """"prezes Novalu Anna Kowal": the inflected name of a firm the article named, then its head."""
    text = ("Polska spółka Noval i litewski operator Dujotex zawarły umowę 3 maja 2025 r. Dokumenty podpisali "
            "prezes Novalu Anna Kowal oraz dyrektor generalny litewskiej firmy Jonas Petraitis.")
    x = _run(text, "pl")
    posts = _posts(x)
    assert ("Anna Kowal", "Noval") in posts, posts
    assert any(p == "Jonas Petraitis" for p, _ in posts), posts
    assert not any(k.startswith("organization:") and "petrait" in k for k in x.entities)


def test_a_capitalised_word_after_a_full_stop_inside_a_quotation_starts_a_sentence():
    text = ("„To dobry dzień. Dla Novalu to stabilne dostawy” – powiedziała 3 maja 2025 r. prezes spółki "
            "Noval Anna Kowal.")
    x = _run(text, "pl")
    assert not any("dla" in k for k in x.entities), list(x.entities)


def test_signatories_with_long_coordinated_titles_after_by():
    text = ("Peru and Ecuador signed a trade agreement on 4 June 2025. "
            "The agreement was signed at the Blue Palace in Lima by Peruvian Vice President and "
            "Foreign Minister Ana Torres and Ecuador's Prime Minister Luis Vidal.")
    x = _run(text, "en")
    signed = {x.entities[k].label_en for a in x.agreements for k in a.signatories}
    assert signed == {"Ana Torres", "Luis Vidal"}, signed
    posts = _posts(x)
    assert ("Ana Torres", "Peru") in posts and ("Ana Torres", "Ecuador") not in posts, posts


def _labels(x, kind: str) -> set[str]:
    return {e.label_en for e in x.entities.values() if e.kind == kind}


def test_an_english_name_inside_a_polish_text_keeps_its_state_word():
    """English head words (Authority, Trading) make an organisation in another language's text too,
    so the state name leading it stays part of the name."""
    x = _run("Fundusz majątkowy Chile Noval Authority (CNA) podpisał umowę ze spółką Kowal Supply & Trading.", "pl")
    labels = _labels(x, "organization")
    assert "Chile Noval Authority" in labels and "Kowal Supply & Trading" in labels, labels


@pytest.mark.parametrize("words, nominative", [
    ("Polskim Funduszem Inwestycji", "Polski Fundusz Inwestycji"),        # adjective with a noun reading too
    ("Krajowej Grupy Zbrojeniowej", "Krajowa Grupa Zbrojeniowa"),         # adjective after the head agrees
    ("Bankiem Gospodarstwa Krajowego", "Bank Gospodarstwa Krajowego"),    # a genitive complement stays
    ("Bankiem Światowym", "Bank Światowy"),                               # a surname reading is not a noun
])
def test_polish_organisation_names_in_the_nominative(words, nominative):
    from summitkg.builders.pack import language_pack
    assert " ".join(language_pack("pl").morph.nominative(tuple(words.split()))) == nominative


def test_polish_soft_c_in_a_foreign_name_is_ts():
    from summitkg.builders.names import english_name
    assert english_name("Ołeksij Hryćenko", "pl") in ("Oleksiy Hrytsenko", "Oleksii Hrytsenko")


def test_the_possessive_of_a_state_written_only_one_way_is_the_state():
    assert "state:CL" in _run("Chile's state-owned Kowal Minerals signed a deal with Noval Corp.", "en").entities


def test_a_descriptor_after_a_based_word_types_the_name():
    x = _run("Noval Shoji, a Lima-based trading house, signed a deal with Kowal Copper on Monday.", "en")
    assert "organization:noval-shoji" in x.entities and not any(k.startswith("person:noval") for k in x.entities)


def test_a_stake_in_a_venture_with_a_state_owned_firm_and_what_the_partners_do_next():
    """The venture's partner after "with Chile's state-owned", the commodity of the sentence before
    (a lead-in with a deal noun) and the cost the partners put on it in the sentence after."""
    x = _run("The biggest contract of the day concerns copper. Noval Shoji, a trading house, is taking a 40% stake in a joint "
             "venture with Chile's state-owned Kowal Minerals, which keeps 60%. The partners want to build a "
             "smelter for copper cathode; they put the cost at about $2.4 billion.", "en")
    jv = [a for a in x.agreements if a.type == "JointVenture"]
    assert len(jv) == 1
    assert {"organization:noval-shoji", "organization:kowal-minerals"} <= set(jv[0].parties)
    assert jv[0].commodities == ["commodity:copper"]
    assert [a.value for a in jv[0].amounts] == [2.4e9]


@pytest.mark.parametrize("text, lang", [
    ("Noval Corp and Kowal Mining signed a joint venture agreement on copper in Lima on Monday. The venture will "
     "build a smelter. UK Export Finance offered a loan of up to $200 million. Talks between the two companies "
     "were brokered by the Chile-Peru Business Council, which will hold no share.", "en"),
    ("Spółki Noval Corp i Kowal Mining podpisały w poniedziałek w Limie umowę o wspólnym przedsięwzięciu w sprawie "
     "miedzi. Rozmowy między spółkami pomagała prowadzić Chilijsko-Peruwiańska Rada Biznesu, która nie jest stroną "
     "umowy.", "pl"),
])
def test_who_brokered_talks_after_the_deal_facilitated_it(text, lang):
    x = _run(text, lang)
    deal = next(a for a in x.agreements if "organization:noval" in a.parties or "organization:noval-corp" in a.parties)
    assert len(deal.facilitators) == 1, deal.facilitators
    assert x.entities[deal.facilitators[0]].kind == "organization"
    assert not set(deal.facilitators) & set(deal.parties)


def test_a_russian_council_named_by_a_joined_adjective_is_one_organisation_in_english():
    x = _run("Подготовить сделку помог Аргентинско-бразильский деловой совет, который участником не является.", "ru")
    assert "Argentine-Brazilian Business Council" in _labels(x, "organization"), _labels(x, "organization")


def test_a_russian_association_named_by_its_capitalised_head():
    x = _run("Соглашение было подготовлено при посредничестве Ассоциации экспортеров Латинской Америки.", "ru")
    assert any(label.startswith("Assotsiatsiya") for label in _labels(x, "organization")), _labels(x, "organization")
