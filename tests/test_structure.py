"""How the code is laid out, checked so it stays so: one reader of the reference tables, one
way errors reach the user, modules a newcomer can read whole."""
from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CODE = [p for d in ("graph", "summitkg", "builders") for p in sorted((REPO / d).glob("*.py"))]


def _text(p: Path) -> str:
    return p.read_text(encoding="utf-8")


def test_only_packdata_reads_the_lexicon_files():
    offenders = [p.name for p in CODE if p.name != "packdata.py"
                 and re.search(r'files\("summitkg\.builders\.lexicons"\)|lexicons/[\w/]+\.tsv"', _text(p))]
    assert offenders == []


def test_no_module_turns_one_summitkg_error_into_another_by_hand():
    """Subclasses carry their exit codes; re-raising ``UserError(str(exc))`` would lose them."""
    offenders = [p.name for p in CODE if re.search(r"raise UserError\(str\(exc\)\)", _text(p))]
    assert offenders == []


def test_every_error_class_is_under_the_one_root():
    import importlib

    from summitkg.errors import SummitKGError

    seen = []
    for p in CODE:
        pkg = {"graph": "summitkg.graph", "summitkg": "summitkg", "builders": "summitkg.builders"}[p.parent.name]
        mod = importlib.import_module(f"{pkg}.{p.stem}") if p.stem != "__init__" else None
        for name, obj in vars(mod or {}).items() if mod else ():
            if (isinstance(obj, type) and issubclass(obj, Exception) and obj.__module__ == mod.__name__
                    and name.endswith("Error")):
                seen.append(obj)
                assert issubclass(obj, SummitKGError), f"{mod.__name__}.{name} is not a SummitKGError"
    assert len(seen) >= 5, seen


def test_every_exit_code_is_in_the_readme_table():
    from summitkg.errors import EXIT_CODES

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Exit codes"):].split("\n## ")[0]
    codes = {int(m) for m in re.findall(r"^\| (\d+) \|", table, re.M)}
    assert codes == set(EXIT_CODES), (codes, set(EXIT_CODES))
