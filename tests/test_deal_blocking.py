"""Deal grouping looks only at the groups a deal could join (identity.deal_groups blocks by
organisation and by pair of states); the groups must be exactly those of the plain greedy pass
that tries every group, which is written out here as the reference."""
from __future__ import annotations

import random

import pytest

from summitkg.graph.identity import Deal, compatible, deal_groups, grouped_in_two_passes


def reference(deals: dict[str, Deal], apart=frozenset()) -> list[list[str]]:
    def group(pool):
        order = sorted(pool, key=lambda d: (-len(d.articles), -(len(d.orgs) + len(d.states)), d.iri))
        groups = []
        for d in order:
            for g in groups:
                if all(compatible(d, m) and tuple(sorted((d.iri, m.iri))) not in apart for m in g):
                    g.append(d)
                    break
            else:
                groups.append([d])
        return groups
    return grouped_in_two_passes(deals, group)


def random_deals(seed: int, n: int) -> dict[str, Deal]:
    rnd = random.Random(seed)
    orgs = [f"http://x/org/{i}" for i in range(6)]
    states = [f"https://w3id.org/summitkg/id/state/S{i}" for i in range(5)]
    out = {}
    for i in range(n):
        d = Deal(f"http://x/deal/{i:03d}", group=rnd.choice(["deal", "deal", "sale", "financing"]),
                 articles={f"http://x/g/{rnd.randrange(n // 2 + 1)}"},
                 orgs=set(rnd.sample(orgs, rnd.choice([0, 1, 1, 2]))),
                 states=set(rnd.sample(states, rnd.choice([0, 1, 2, 2, 3]))),
                 buyers=set(rnd.sample(orgs, rnd.choice([0, 1]))),
                 commodities=set(rnd.sample(["cu", "w", "u"], rnd.choice([0, 1]))),
                 amounts={("USD", rnd.choice([1.0e9, 1.05e9, 2.0e9]))} if rnd.random() < 0.4 else set(),
                 dates={rnd.choice(["2025-11-06", "2025-11-20", "2026-03-01"])} if rnd.random() < 0.5 else set())
        if d.group == "financing" and rnd.random() < 0.5:
            d.target = f"http://x/deal/{rnd.randrange(n):03d}"
        out[d.iri] = d
    return out


@pytest.mark.parametrize("seed", range(40))
def test_blocked_grouping_equals_trying_every_group(seed):
    import copy

    deals = random_deals(seed, 60)
    apart = frozenset(tuple(sorted(p)) for p in [("http://x/deal/001", "http://x/deal/002")])
    expected = reference(copy.deepcopy(deals), apart)
    assert deal_groups(copy.deepcopy(deals), apart) == expected


def test_the_random_deals_do_form_groups():
    """The comparison above means something only if the deals join: most seeds give groups."""
    import copy

    joined = sum(bool(reference(copy.deepcopy(random_deals(seed, 60)))) for seed in range(40))
    assert joined >= 30, joined


def test_spelling_pairs_compared_within_given_names_equal_all_pairs():
    from summitkg.graph.actors import Named, _edit1, spelling_links

    rnd = random.Random(5)
    given, surnames = ["anna", "jan", "li wei"], ["kowalski", "kowalsky", "nowak", "nowakk", "smithe", "smith"]
    full = []
    for i in range(80):
        n = Named(f"http://x/person/{i % 50}", "Person", articles={f"g{rnd.randrange(20)}"})
        full.append((n, rnd.choice(given).split() + [rnd.choice(surnames)]))
    brute = []
    for i, (n, words) in enumerate(full):
        for m, other in full[i + 1:]:
            if m.iri != n.iri and words[:-1] == other[:-1] and len(words[-1]) >= 5 \
                    and _edit1(words[-1], other[-1]) and not (m.articles & n.articles):
                brute.append((n.iri, m.iri, "spelling"))
    assert brute and sorted(set(spelling_links(full))) == sorted(set(brute))
