"""Competency-question scoring inside the repository: build one article, run the catalogued
queries a gold file names, compare the answer rows with the gold rows.

The gold files (``tests/cases/*/gold.yaml``, ``tests/data/*.yaml``) list, per question, the
``required`` rows and the ``accepted`` ones (defensible, not required), with ``aliases`` for
names. A row matches a gold row when each gold cell matches its answer cell: a number within
0.1 %, a date by its prefix, a name by its normalised form or one of its aliases. Per question,
precision = matching answer rows / answer rows, recall = required rows found / required rows;
an article's score is the mean F1 over its questions.

Used by the tests so that accuracy is checked with nothing outside the repository.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


def fold(text: str) -> str:
    """Case, accents, dashes and punctuation folded away: how names are compared."""
    text = unicodedata.normalize("NFKD", str(text).replace("ł", "l").replace("Ł", "L"))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[\u2010-\u2015_/-]", " ", text)
    return " ".join(re.sub(r"[^\w\s]", "", text).split())


def _cell_matches(gold, value: str, aliases: dict) -> bool:
    if isinstance(gold, (int, float)) and not isinstance(gold, bool):
        try:
            number = float(value.replace(" ", "").replace("\u00a0", ""))
        except ValueError:
            return False
        return abs(number - gold) <= 1e-3 * max(1.0, abs(gold))
    if isinstance(gold, str) and _DATE.match(gold):
        return value.strip().startswith(gold)
    names = {fold(gold)} | {fold(a) for a in aliases.get(str(gold)) or []}
    return fold(value) in names


@dataclass
class QuestionScore:
    qid: str
    precision: float
    recall: float
    missed: list = field(default_factory=list)
    wrong: list = field(default_factory=list)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def score_rows(question: dict, rows: list[tuple[str, ...]], aliases: dict) -> QuestionScore:
    def fits(gold_row, row) -> bool:
        return len(row) >= len(gold_row) and all(_cell_matches(g, v, aliases) for g, v in zip(gold_row, row))

    required = question.get("required") or []
    allowed = required + (question.get("accepted") or [])
    right = [r for r in rows if any(fits(g, r) for g in allowed)]
    found = [g for g in required if any(fits(g, r) for r in rows)]
    precision = len(right) / len(rows) if rows else (0.0 if required else 1.0)
    recall = len(found) / len(required) if required else 1.0
    return QuestionScore(question["id"], precision, recall,
                         missed=[g for g in required if g not in found], wrong=[r for r in rows if r not in right])


def answer_rows(store, qid: str, params: dict, ncols: int) -> list[tuple[str, ...]]:
    """The first ``ncols`` projected values of the catalogued query, as text, rows deduplicated."""
    from summitkg.graph.query import catalogue, run, term_text

    query = catalogue()[qid]
    solutions = run(store, query, {k: str(v) for k, v in (params or {}).items()})
    names = [v.value for v in solutions.variables][:ncols]
    out, seen = [], set()
    for s in solutions:
        row = tuple("" if s[n] is None else term_text(s[n]) for n in names)
        key = tuple(fold(v) for v in row)
        if key not in seen:
            seen.add(key)
            out.append(row)
    return out


def score_article(gold_path: Path, article: Path, store_dir: Path) -> tuple[float, list[QuestionScore]]:
    """Build ``article`` into a fresh store and score every question of the gold file."""
    import yaml

    from summitkg.graph.build import build
    from summitkg.graph.store import open_read

    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    build([article], store_dir)
    store = open_read(store_dir)
    aliases = gold.get("aliases") or {}
    scores = [score_rows(q, answer_rows(store, q["id"], q.get("params"), len(q["columns"])), aliases)
              for q in gold["questions"]]
    return sum(s.f1 for s in scores) / len(scores), scores


def report(name: str, score: float, scores: list[QuestionScore]) -> str:
    lines = [f"{name}: macro-F1 {score:.3f}"]
    for s in scores:
        if s.f1 < 1:
            lines.append(f"  {s.qid:30s} P {s.precision:.2f} R {s.recall:.2f}  missed {s.missed}  wrong {s.wrong}")
    return "\n".join(lines)
