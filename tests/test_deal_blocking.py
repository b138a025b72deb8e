"""Deal grouping looks only at the groups a deal could join (identity.deal_groups blocks by
organisation and by pair of states); the groups must be exactly those of the plain greedy pass
that tries every group, which is written out here as the reference."""
from __future__ import annotations

import random

import pytest

from summitkg.graph.identity import Deal, compatible, deal_groups


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
    first = group([d for d in deals.values() if d.group != "financing"])
    rep = {m.iri: g[0].iri for g in first for m in g}
    for d in deals.values():
        if d.target:
            d.target = rep.get(d.target, d.target)
    groups = first + group([d for d in deals.values() if d.group == "financing"])
    return [[m.iri for m in g] for g in groups if len(g) > 1]


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
