"""A synthetic corpus of summit news articles for the benchmarks.

Every article is assembled from template sentences written for this benchmark
in the style of wire reports (no text is copied from any real article), with
invented people and companies, and states, commodities, currencies, sectors
and amounts drawn from the project's lexicons, so the extractor finds the same
kinds of facts it finds in real reports: agreements with parties and
signatories, joint-venture stakes, financing offers, quantities of
commodities, investment pledges, aircraft orders, leaders and quotations.

``article(i)`` is deterministic: the same index always gives the same text.
Articles alternate between English and Polish and are about the size of the
bundled seed article (9-11 KB), padded with background paragraphs, photo
captions and page furniture lines as scraped pages have.

    python benchmarks/corpus.py OUT_DIR N      # write N articles as files
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

TARGET_CHARS = (9_000, 11_500)

# (iso, English name, English adjective, Polish nominative, Polish genitive,
#  Polish adjective stem (feminine -a / masculine -i), English capital,
#  Polish capital in the locative ("w ...")).
STATES = [
    ("KZ", "Kazakhstan", "Kazakh", "Kazachstan", "Kazachstanu", "kazachsk", "Astana", "Astanie"),
    ("UZ", "Uzbekistan", "Uzbek", "Uzbekistan", "Uzbekistanu", "uzbeck", "Tashkent", "Taszkencie"),
    ("MN", "Mongolia", "Mongolian", "Mongolia", "Mongolii", "mongolsk", "Ulaanbaatar", "Ułan Batorze"),
    ("DE", "Germany", "German", "Niemcy", "Niemiec", "niemieck", "Berlin", "Berlinie"),
    ("FR", "France", "French", "Francja", "Francji", "francusk", "Paris", "Paryżu"),
    ("JP", "Japan", "Japanese", "Japonia", "Japonii", "japońsk", "Tokyo", "Tokio"),
    ("KR", "South Korea", "South Korean", "Korea Południowa", "Korei Południowej", "południowokoreańsk",
     "Seoul", "Seulu"),
    ("CA", "Canada", "Canadian", "Kanada", "Kanady", "kanadyjsk", "Ottawa", "Ottawie"),
    ("AU", "Australia", "Australian", "Australia", "Australii", "australijsk", "Canberra", "Canberze"),
    ("CL", "Chile", "Chilean", "Chile", "Chile", "chilijsk", "Santiago", "Santiago"),
    ("BR", "Brazil", "Brazilian", "Brazylia", "Brazylii", "brazylijsk", "Brasilia", "Brasílii"),
    ("IN", "India", "Indian", "Indie", "Indii", "indyjsk", "New Delhi", "Nowym Delhi"),
    ("TR", "Turkey", "Turkish", "Turcja", "Turcji", "tureck", "Ankara", "Ankarze"),
    ("PL", "Poland", "Polish", "Polska", "Polski", "polsk", "Warsaw", "Warszawie"),
    ("SA", "Saudi Arabia", "Saudi", "Arabia Saudyjska", "Arabii Saudyjskiej", "saudyjsk", "Riyadh", "Rijadzie"),
    ("AE", "United Arab Emirates", "Emirati", "Zjednoczone Emiraty Arabskie", "Zjednoczonych Emiratów Arabskich",
     "emirack", "Abu Dhabi", "Abu Zabi"),
    ("VN", "Vietnam", "Vietnamese", "Wietnam", "Wietnamu", "wietnamsk", "Hanoi", "Hanoi"),
    ("ID", "Indonesia", "Indonesian", "Indonezja", "Indonezji", "indonezyjsk", "Jakarta", "Dżakarcie"),
    ("NO", "Norway", "Norwegian", "Norwegia", "Norwegii", "norwesk", "Oslo", "Oslo"),
    ("SE", "Sweden", "Swedish", "Szwecja", "Szwecji", "szwedzk", "Stockholm", "Sztokholmie"),
    ("FI", "Finland", "Finnish", "Finlandia", "Finlandii", "fińsk", "Helsinki", "Helsinkach"),
    ("ES", "Spain", "Spanish", "Hiszpania", "Hiszpanii", "hiszpańsk", "Madrid", "Madrycie"),
    ("IT", "Italy", "Italian", "Włochy", "Włoch", "włosk", "Rome", "Rzymie"),
    ("EG", "Egypt", "Egyptian", "Egipt", "Egiptu", "egipsk", "Cairo", "Kairze"),
    ("MX", "Mexico", "Mexican", "Meksyk", "Meksyku", "meksykańsk", "Mexico City", "Meksyku"),
    ("AR", "Argentina", "Argentine", "Argentyna", "Argentyny", "argentyńsk", "Buenos Aires", "Buenos Aires"),
    ("US", "United States", "American", "Stany Zjednoczone", "Stanów Zjednoczonych", "amerykańsk",
     "Washington", "Waszyngtonie"),
    ("GB", "United Kingdom", "British", "Wielka Brytania", "Wielkiej Brytanii", "brytyjsk", "London", "Londynie"),
]

# (English label, Polish nominative, Polish genitive): mined from deposits
COMMODITIES = [
    ("tungsten", "wolfram", "wolframu"), ("uranium", "uran", "uranu"), ("copper", "miedź", "miedzi"),
    ("lithium", "lit", "litu"), ("gold", "złoto", "złota"), ("silver", "srebro", "srebra"),
    ("zinc", "cynk", "cynku"), ("nickel", "nikiel", "niklu"), ("cobalt", "kobalt", "kobaltu"),
    ("molybdenum", "molibden", "molibdenu"), ("antimony", "antymon", "antymonu"),
    ("graphite", "grafit", "grafitu"), ("titanium", "tytan", "tytanu"), ("vanadium", "wanad", "wanadu"),
    ("manganese", "mangan", "manganu"), ("platinum", "platyna", "platyny"), ("tin", "cyna", "cyny"),
    ("coal", "węgiel", "węgla"),
]
# traded rather than mined from a deposit
GOODS = [
    ("wheat", "pszenica", "pszenicy"), ("cotton", "bawełna", "bawełny"), ("helium", "hel", "helu"),
    ("natural gas", "gaz ziemny", "gazu ziemnego"), ("hydrogen", "wodór", "wodoru"),
    ("fertilizer", "nawóz", "nawozów"),
]

# (code, English word plural, English symbol or None, Polish word after "mln"/"mld")
CURRENCIES = [
    ("USD", "dollars", "$", "dolarów"), ("EUR", "euros", "€", "euro"), ("GBP", "pounds", "£", "funtów"),
    ("JPY", "yen", "¥", "jenów"), ("CNY", "yuan", None, "juanów"), ("PLN", "zlotys", None, "zł"),
    ("KRW", "won", None, "wonów"), ("CHF", "Swiss francs", None, "franków szwajcarskich"),
]

# (English label, Polish label in the genitive plural context "w sektorach ...")
SECTORS = [
    ("energy", "energetyki"), ("infrastructure", "infrastruktury"), ("agriculture", "rolnictwa"),
    ("mining", "górnictwa"), ("transport", "transportu"), ("healthcare", "ochrony zdrowia"),
    ("telecommunications", "telekomunikacji"), ("tourism", "turystyki"), ("aviation", "lotnictwa"),
    ("manufacturing", "przemysłu"), ("renewable energy", "odnawialnych źródeł energii"),
    ("information technology", "technologii informacyjnych"),
]

GIVEN_M = ["Adrian", "Casimir", "Emil", "Gustav", "Idris", "Kenji", "Matthias", "Oskar", "Quentin", "Rasmus",
           "Tobias", "Viktor", "Yusuf", "Arman", "Cyprian", "Florian", "Hamid", "Jarek", "Leander", "Nikolai"]
GIVEN_F = ["Beatrix", "Delphine", "Farida", "Helena", "Jolanta", "Lorena", "Nadira", "Paulina", "Selin",
           "Ulrike", "Wilhelmina", "Zofia", "Bruna", "Dagny", "Elif", "Greta", "Ingrid", "Kamila", "Marit", "Olga"]
FAMILY = ["Abernathy", "Brandvold", "Castellanos", "Dunmore", "Eskildsen", "Falkenrath", "Grigorescu",
          "Halvorsen", "Ibragimov", "Jankowiak", "Kowarski", "Lindqvist", "Marchetti", "Nakagawa", "Okonkwo",
          "Pellegrini", "Quarshie", "Rautenberg", "Sandoval", "Tarkowski", "Umarov", "Valdivia", "Westergaard",
          "Yilmazer", "Zhakupov", "Amberley", "Bergqvist", "Cienfuegos", "Dobrowolski", "Erdemir", "Fonseca",
          "Gallagher", "Hoshino", "Iskandarov", "Jovanovic", "Kuusela", "Lombardi", "Moravec", "Nurlanov",
          "Ostrander", "Pihlajamaa", "Rosenquist", "Szabados", "Tennant", "Vasquez", "Whitcombe"]
CO_ROOT = ["Borealis", "Kestrel", "Altynay", "Steppewind", "Meridian", "Vantage", "Tamarisk", "Northgate",
           "Silverpine", "Caspian Ridge", "Ironbark", "Bluestone", "Harrowgate", "Sunfield", "Larkspur",
           "Redcliff", "Orison", "Granite Peak", "Aurelian", "Polestar", "Westmarch", "Eastwind", "Highmoor",
           "Copperline", "Saltmarsh", "Thornbury", "Valeris", "Quarry Hill", "Oakridge", "Ardent", "Lodestar",
           "Windrose", "Emberly", "Starling", "Cedarvale", "Marlow", "Brightwater", "Falconer", "Tidewell",
           "Ashgrove"]
CO_HEAD = ["Mining", "Resources", "Metals", "Capital", "Holding", "Energy", "Minerals", "Industries", "Group"]
CO_FORM = ["LLC", "Ltd", "Inc.", "PLC", "AG", "JSC", "S.A.", "Corp."]
BANK_ROOT = ["Continental", "Harbour", "Frontier", "Keystone", "Horizon", "Northern", "Atlantic", "Crossroads",
             "Pinnacle", "Riverside"]
MAKERS = ["Boeing", "Airbus", "Embraer"]
ACCORDS = [("Artemis Accords", "Porozumień Artemis")]
AGENCIES_EN = ["Global Wire", "Meridian Press Service", "Northline News", "Continental Newswire"]
AGENCIES_PL = ["Serwis Depeszowy Kontynent", "Agencja Informacyjna Meridian", "Serwis Północ"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]
MONTHS_PL = ["stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września",
             "października", "listopada", "grudnia"]
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
WEEKDAYS_PL = ["w poniedziałek", "we wtorek", "w środę", "w czwartek", "w piątek"]

FURNITURE_EN = ["Share this article", "Advertisement", "Follow us", "Copy to clipboard", "Subscribe",
                "Read more", "Skip to content"]
FURNITURE_PL = ["Udostępnij", "Reklama", "Śledź nas", "Skopiuj link", "Subskrybuj", "Czytaj także",
                "Przejdź do treści"]


class _Person:
    def __init__(self, name: str, female: bool):
        self.name = name
        self.female = female
        self.surname = name.split()[-1]

    def __str__(self):
        return self.name

    def pl(self, masc: str, fem: str) -> str:
        """The Polish past-tense verb form agreeing with this person."""
        return fem if self.female else masc


class _Pick:
    def __init__(self, seed: int):
        self.r = random.Random(seed)
        self.used: set[str] = set()

    def one(self, seq):
        return self.r.choice(seq)

    def some(self, seq, k):
        return self.r.sample(seq, k)

    def person(self) -> _Person:
        """A person not used before in this article (surnames distinct while they last)."""
        for tries in range(200):
            female = self.r.random() < 0.45
            name = f"{self.one(GIVEN_F if female else GIVEN_M)} {self.one(FAMILY)}"
            surname = "s:" + name.split()[-1]
            if name not in self.used and (surname not in self.used or tries > 50):
                self.used.update((name, surname))
                return _Person(name, female)
        raise RuntimeError("person pool exhausted")

    def company(self) -> str:
        """A company whose short name (first word) is not used before in this article, while they last."""
        for tries in range(200):
            root, head = self.one(CO_ROOT), self.one(CO_HEAD)
            if "c:" + root not in self.used or (tries > 50 and f"c:{root} {head}" not in self.used):
                self.used.update(("c:" + root, f"c:{root} {head}"))
                return f"{root} {head} {self.one(CO_FORM)}"
        raise RuntimeError("company pool exhausted")


def _short(company: str) -> str:
    return company.split()[0] if company.split()[0] not in ("Caspian", "Granite", "Quarry") else " ".join(company.split()[:2])


def _money_en(p: _Pick, cur) -> str:
    code, word, symbol, _ = cur
    if p.r.random() < 0.5:
        value, scale = p.r.choice([1.2, 1.5, 2.4, 3.1, 4.75, 6.0, 8.5, 12.0, 15.3, 22.0]), "billion"
    else:
        value, scale = p.r.choice([45, 120, 250, 300, 480, 600, 750, 900]), "million"
    return f"{symbol}{value:g} {scale}" if symbol else f"{value:g} {scale} {word}"


def _money_pl(p: _Pick, cur) -> str:
    word = cur[3]
    if p.r.random() < 0.5:
        return f"{p.one(['1,2', '1,5', '2,4', '3,1', '4,75', '6', '8,5', '12', '15,3', '22'])} mld {word}"
    return f"{p.r.choice([45, 120, 250, 300, 480, 600, 750, 900])} mln {word}"


def _date(p: _Pick, lang: str) -> tuple[str, str, str]:
    year, month, day = p.r.choice([2023, 2024, 2025]), p.r.randrange(12), p.r.randrange(1, 28)
    iso = f"{year}-{month + 1:02d}-{day:02d}"
    if lang == "en":
        return iso, f"{MONTHS_EN[month]} {day}, {year}", p.one(WEEKDAYS_EN)
    return iso, f"{day} {MONTHS_PL[month]} {year} r.", p.one(WEEKDAYS_PL)


def _an(word: str) -> str:
    return ("an " if word[:1] in "AEIOU" else "a ") + word


# ----------------------------------------------------------------- English

def _en_deal_block(p: _Pick, host, guest, summit_place: str) -> list[str]:
    """A joint venture on a mineral deposit: parties, stake, signatories, value, financing, quantity, quotes."""
    com = p.one(COMMODITIES)
    co_a, co_b = p.company(), p.company()
    ceo, chair, banker = p.person(), p.person(), p.person()
    stake = p.r.choice([49, 51, 55, 60, 65, 70, 75, 80])
    deal = _money_en(p, p.one(CURRENCIES))
    finance = _money_en(p, p.one(CURRENCIES[:3]))
    tonnes = p.one(["85,000", "120,000", "410,000", "2.3 million", "640,000", "38,000", "1.1 million"])
    bank = f"{p.one(BANK_ROOT)} Development Bank"
    return [
        f"{co_a}, {_an(guest[2])} producer, signed {_an(deal)} agreement to develop a {com[0]} deposit in "
        f"{host[1]} with {co_b}, a company controlled by the {host[2]} government.",
        f"{co_a} will hold a {stake}% stake in the joint venture, while {co_b} keeps the remaining "
        f"{100 - stake}%. The agreement was signed on the sidelines of the summit in {summit_place} by "
        f"{_short(co_a)} chief executive {ceo} and {chair}, chairman of {co_b}.",
        f"The partners estimate that the deposit holds about {tonnes} tonnes of {com[0]}, which manufacturers "
        f"of batteries, turbines and electronics have struggled to source at stable prices.",
        f"The {bank} offered up to {finance} in financing for the project, according to a statement released "
        f"after the signing. \"We are ready to move quickly once the feasibility study is complete,\" "
        f"{banker}, head of the bank's mining unit, told reporters.",
        f"\"This deposit could change the map of {com[0]} supply for a generation,\" {ceo.surname} said. "
        f"\"We want the first shipments to leave the site before the end of the decade.\"",
    ]


def _en_supply_block(p: _Pick, host, guest) -> list[str]:
    good = p.one(GOODS)
    co_a, co_b = p.company(), p.company()
    exec_a, exec_b = p.person(), p.person()
    qty = p.one(["250,000", "1.2 million", "600,000", "75,000", "3 million"])
    value = _money_en(p, p.one(CURRENCIES))
    return [
        f"In a separate deal, {host[2]} trader {co_a} agreed to supply {qty} tonnes of {good[0]} a year to "
        f"{co_b} of {guest[1]} under a five-year contract worth {value}.",
        f"The contract was signed by {exec_a}, chief executive of {co_a}, and {exec_b}, managing director of "
        f"{co_b}, in the presence of both presidents.",
    ]


def _en(i: int, p: _Pick) -> str:
    host, guest, third, fourth = p.some(STATES, 4)
    iso, date, weekday = _date(p, "en")
    leader_h, leader_g, leader_t = p.person(), p.person(), p.person()
    minister, analyst, spokes = p.person(), p.person(), p.person()
    sec1, sec2, sec3 = p.some(SECTORS, 3)
    invest = _money_en(p, p.one(CURRENCIES))
    jets = p.r.choice([6, 12, 18, 24, 30, 45])
    maker = p.one(MAKERS)
    airline = f"{p.one(['National', 'Silk Road', 'Northern Star', 'Blue Horizon'])} Airways"
    agency = p.one(AGENCIES_EN)
    place = host[6]
    title = f"{guest[2]} and {host[2]} firms sign mining deals as leaders meet in {place}"
    head = []
    if i % 3 == 0:
        head = [f"url: https://news.example.org/wire/{iso}/summit-{i:06d}", f"title: {title}", f"date: {iso}",
                "language: en", f"publisher: {agency}", ""]
    furniture = p.some(FURNITURE_EN, 4)
    lines = [
        *furniture[:2], "", title, "",
        f"{place.upper()}, {date} ({agency}) — President {leader_h} of {host[1]} hosted President {leader_g} "
        f"of {guest[1]} and President {leader_t} of {third[1]} on {weekday} for a two-day summit in {place}, "
        f"where companies from the three countries signed agreements on critical minerals, energy and "
        f"aviation.",
        *_en_deal_block(p, host, guest, place),
        f"President {leader_h} and President {leader_g} attend a working lunch in {place}, {date}.",
        *_en_supply_block(p, host, guest),
        f"{guest[1]} pledged to invest {invest} in {host[1]}'s {sec1[0]} and {sec2[0]} sectors over the next "
        f"five years, the two governments said in a joint declaration.",
        f"{host[2]} officials said {airline}, the national carrier of {host[1]}, had agreed to buy up to "
        f"{jets} {maker} jets, although no breakdown by model was given.",
        *_en_deal_block(p, third, host, place),
        f"{fourth[1]} also announced that it would join the {ACCORDS[0][0]}, a framework for civil cooperation "
        f"in space exploration, Foreign Minister {minister} said in a statement.",
        f"\"These talks were frank and practical, and they produced contracts rather than communiques,\" "
        f"{leader_g} said at a joint news conference. \"We will meet again next year to see what has been "
        f"built.\"",
        f"Analysts cautioned that the projects still face years of engineering and permitting work. "
        f"\"Nothing will come out of the ground quickly,\" said {analyst}, a commodities analyst at "
        f"{p.one(CO_ROOT)} Research.",
    ]
    states = [host, guest, third]

    def more():
        a, b = p.some(states, 2)
        kind = p.r.random()
        if kind < 0.15:
            return _en_deal_block(p, a, b, place)
        if kind < 0.3:
            return _en_supply_block(p, a, b)
        return p.some(_en_filler(p, host, guest), 2)

    body = _pad(p, lines, more, len("\n".join(head)))
    body += ["", furniture[2], furniture[3]]
    return "\n".join(head + _space(body)) + "\n"


def _en_filler(p: _Pick, host, guest) -> list[str]:
    other = p.one(STATES)
    good = p.one(COMMODITIES + GOODS)
    sec = p.one(SECTORS)
    spokes = p.person()
    return [
        f"Trade between {host[1]} and {guest[1]} has grown steadily over the past decade, driven mostly by "
        f"machinery, chemicals and {good[0]}, officials from both economy ministries said.",
        f"A delegation from {other[1]} attended the closing session as observers and said it was studying "
        f"similar arrangements for its own {sec[0]} projects.",
        f"Environmental groups in {host[1]} have raised concerns about water use at large open-pit mines, and "
        f"regional authorities said an impact assessment would be published before construction begins.",
        f"The {host[2]} government has tried for years to attract foreign capital to its {sec[0]} industry, "
        f"which remains dominated by a handful of state-owned companies.",
        f"Officials did not say whether the financing would take the form of a direct loan or a guarantee for "
        f"commercial lenders, and gave no timetable. A spokesperson for the {host[2]} economy ministry, "
        f"{spokes}, said details would follow.",
        f"Prices of {good[0]} have swung widely since export restrictions were tightened by several producers, "
        f"a move that unsettled manufacturers in {other[1]} and elsewhere.",
        f"Road and rail links between the two countries remain slow, and freight forwarders say a container "
        f"can take up to three weeks to cross the border region during the winter months.",
        f"Opposition lawmakers in {guest[1]} questioned whether the terms of the agreements would be made "
        f"public, saying earlier deals had been signed without any parliamentary scrutiny.",
        f"The summit was the third meeting of its kind since the format was launched, and organisers said "
        f"the next one would take place in {other[6]}.",
        f"Security was tight around the conference centre, where several streets were closed to traffic for "
        f"the duration of the talks, city officials said.",
    ]


# ------------------------------------------------------------------ Polish

def _pl_fem(adj_stem: str) -> str:
    return adj_stem + "a"


def _pl_deal_block(p: _Pick, host, guest, summit_place_loc: str) -> list[str]:
    com = p.one(COMMODITIES)
    co_a, co_b = p.company(), p.company()
    ceo, chair, banker = p.person(), p.person(), p.person()
    stake = p.r.choice([49, 51, 55, 60, 65, 70, 75, 80])
    deal = _money_pl(p, p.one(CURRENCIES))
    finance = _money_pl(p, p.one(CURRENCIES[:3]))
    tonnes = p.one(["85 000", "120 000", "410 000", "2,3 mln", "640 000", "38 000", "1,1 mln"])
    bank = f"Bank {p.one(BANK_ROOT)}"
    return [
        f"{_pl_fem(guest[5]).capitalize()} spółka {co_a} podpisała z {host[5]}ą spółką {co_b} umowę o "
        f"wartości {deal} na zagospodarowanie złoża {com[2]} w {host[7]}.",
        f"{co_a} obejmie {stake}% udziałów we wspólnym przedsięwzięciu, a {co_b} zachowa pozostałe "
        f"{100 - stake}%. Umowę podpisali {ceo}, prezes zarządu {_short(co_a)}, oraz {chair}, "
        f"przewodniczący rady nadzorczej {_short(co_b)}, na marginesie szczytu w {summit_place_loc}.",
        f"Według szacunków partnerów złoże zawiera około {tonnes} ton {com[2]}.",
        f"{bank} zaoferował finansowanie projektu w wysokości do {finance}. „Jesteśmy gotowi działać szybko, "
        f"gdy tylko studium wykonalności zostanie ukończone” – {banker.pl('powiedział', 'powiedziała')} "
        f"{banker}, {banker.pl('szef', 'szefowa')} działu górniczego banku.",
        f"„To złoże może zmienić mapę dostaw {com[2]} na całe pokolenie” – "
        f"{ceo.pl('podkreślił', 'podkreśliła')} {ceo.surname}.",
    ]


def _pl_supply_block(p: _Pick, host, guest) -> list[str]:
    good = p.one(GOODS)
    co_a, co_b = p.company(), p.company()
    exec_a, exec_b = p.person(), p.person()
    qty = p.one(["250 000", "1,2 mln", "600 000", "75 000", "3 mln"])
    value = _money_pl(p, p.one(CURRENCIES))
    return [
        f"W osobnej umowie spółka {co_a} zobowiązała się dostarczać spółce {co_b} {qty} ton {good[2]} rocznie "
        f"w ramach pięcioletniego kontraktu o wartości {value}.",
        f"Kontrakt podpisali {exec_a}, prezes {_short(co_a)}, oraz {exec_b}, dyrektor generalny "
        f"{_short(co_b)}, w obecności obu prezydentów.",
    ]


def _pl(i: int, p: _Pick) -> str:
    host, guest, third, fourth = p.some(STATES, 4)
    iso, date, weekday = _date(p, "pl")
    leader_h, leader_g, leader_t = p.person(), p.person(), p.person()
    minister, analyst = p.person(), p.person()
    sec1, sec2 = p.some(SECTORS, 2)
    invest = _money_pl(p, p.one(CURRENCIES))
    jets = p.r.choice([6, 12, 18, 24, 30, 45])
    maker = p.one(MAKERS)
    agency = p.one(AGENCIES_PL)
    title = f"Szczyt w {host[7]}: umowy górnicze i zamówienie na samoloty {maker}"
    head = []
    if i % 3 == 1:
        head = [f"url: https://wiadomosci.example.org/swiat/{iso}/szczyt-{i:06d}", f"title: {title}",
                f"date: {iso}", "language: pl", f"publisher: {agency}", ""]
    furniture = p.some(FURNITURE_PL, 4)
    g_verb = "zobowiązały" if guest[3].endswith(("y", "e")) else ("zobowiązała" if guest[3].endswith("a") else "zobowiązał")
    lines = [
        *furniture[:2], "", title, "",
        f"{weekday.capitalize()}, {date}, w {host[7]} rozpoczął się dwudniowy szczyt z udziałem przywódców "
        f"{host[4]}, {guest[4]} i {third[4]}. Gospodarzem spotkania był prezydent {host[4]} {leader_h}, "
        f"a w obradach {leader_g.pl('uczestniczył', 'uczestniczyła')} prezydent {guest[4]} {leader_g}.",
        *_pl_deal_block(p, host, guest, host[7]),
        f"Prezydent {leader_h} i prezydent {leader_g} podczas roboczego lunchu w {host[7]}, {date}",
        *_pl_supply_block(p, host, guest),
        f"{guest[3]} {g_verb} się zainwestować {invest} w sektorach {sec1[1]} i {sec2[1]} w ciągu pięciu lat.",
        f"Narodowe linie lotnicze {host[4]} zgodziły się kupić do {jets} samolotów {maker}.",
        *_pl_deal_block(p, third, host, host[7]),
        f"Prezydent {fourth[4]} {leader_t} {leader_t.pl('ogłosił', 'ogłosiła')}, że {fourth[3]} przystąpi do "
        f"{ACCORDS[0][1]}.",
        f"„Te rozmowy były rzeczowe i praktyczne, a ich efektem są kontrakty, a nie komunikaty” – "
        f"{leader_g.pl('powiedział', 'powiedziała')} prezydent {leader_g} na wspólnej konferencji prasowej.",
        f"Zdaniem analityków projekty wymagają jeszcze wielu lat prac inżynieryjnych. „Nic nie zostanie "
        f"wydobyte szybko” – {analyst.pl('ocenił', 'oceniła')} {analyst}, {analyst.pl('analityk', 'analityczka')} "
        f"rynku surowców.",
    ]
    states = [host, guest, third]

    def more():
        a, b = p.some(states, 2)
        kind = p.r.random()
        if kind < 0.15:
            return _pl_deal_block(p, a, b, host[7])
        if kind < 0.3:
            return _pl_supply_block(p, a, b)
        return p.some(_pl_filler(p, host, guest), 2)

    body = _pad(p, lines, more, len("\n".join(head)))
    body += ["", furniture[2], furniture[3]]
    return "\n".join(head + _space(body)) + "\n"


def _pl_filler(p: _Pick, host, guest) -> list[str]:
    other = p.one(STATES)
    good = p.one(COMMODITIES + GOODS)
    return [
        f"Wymiana handlowa między {host[5]}ą a {guest[5]}ą gospodarką rośnie od dekady, głównie dzięki "
        f"maszynom, chemikaliom oraz dostawom {good[2]}, poinformowali przedstawiciele ministerstw gospodarki.",
        f"Obrady zamykające szczyt obserwowała także delegacja {other[4]}, która analizuje podobne rozwiązania "
        f"dla własnych projektów.",
        f"Organizacje ekologiczne zwracają uwagę na zużycie wody w dużych kopalniach odkrywkowych, a władze "
        f"regionu zapowiedziały publikację oceny oddziaływania na środowisko przed rozpoczęciem budowy.",
        f"Rząd {host[4]} od lat stara się przyciągnąć zagraniczny kapitał do sektora wydobywczego, "
        f"zdominowanego przez kilka spółek państwowych.",
        f"Nie podano, czy finansowanie przyjmie formę bezpośredniej pożyczki, czy gwarancji dla banków "
        f"komercyjnych, ani kiedy środki zostaną uruchomione.",
        f"Ceny {good[2]} mocno się wahały, odkąd kilku producentów zaostrzyło ograniczenia eksportowe, co "
        f"zaniepokoiło producentów z {other[4]}.",
        f"Połączenia drogowe i kolejowe między oboma krajami wciąż są powolne, a spedytorzy twierdzą, że zimą "
        f"przejazd kontenera przez region przygraniczny może trwać nawet trzy tygodnie.",
        f"Posłowie opozycji pytali, czy warunki porozumień zostaną ujawnione, przypominając, że wcześniejsze "
        f"umowy podpisywano bez kontroli parlamentu.",
        f"Był to trzeci szczyt w tym formacie, a organizatorzy zapowiedzieli, że kolejne spotkanie odbędzie "
        f"się za rok.",
        f"Wokół centrum konferencyjnego obowiązywały wzmocnione środki bezpieczeństwa, a kilka ulic zamknięto "
        f"dla ruchu na czas rozmów.",
    ]


def _pad(p: _Pick, lines: list[str], more, head_chars: int) -> list[str]:
    """Add more stories (deals, supply contracts, background) before the closing lines up to the target size."""
    target = p.r.randint(*TARGET_CHARS)
    body = list(lines)
    while head_chars + sum(len(x) + 2 for x in body) < target:
        at = len(body) - 2
        body[at:at] = more()
    return body


def _space(lines: list[str]) -> list[str]:
    """Paragraphs separated by blank lines (short furniture lines stay together)."""
    out: list[str] = []
    for line in lines:
        if out and out[-1] != "" and line != "" and len(line) > 40:
            out.append("")
        out.append(line)
    return out


def article(i: int, seed: int = 2025) -> tuple[str, str]:
    """(file name, text) of synthetic article ``i``; even indices English, odd Polish."""
    p = _Pick(seed * 1_000_003 + i)
    lang = "en" if i % 2 == 0 else "pl"
    text = (_en if lang == "en" else _pl)(i, p)
    return f"syn-{i:06d}.{lang}.txt", text


def write_corpus(out_dir: str | Path, n: int, start: int = 0, seed: int = 2025) -> list[Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + n):
        name, text = article(i, seed)
        path = out / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python benchmarks/corpus.py OUT_DIR N")
    for path in write_corpus(sys.argv[1], int(sys.argv[2])):
        print(path)
