"""The rules travel with the code (issue 19, item 7).

Every rule id the code cites (an `R-` id as in SPEC: a prefix and one or more parts, e.g.
the pay arithmetic's id) must be explained in `docs/rules.md` under a `##` or `###`
heading that starts with the id, and every module or test that `docs/rules.md` names must
exist. No database is needed.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "docs" / "rules.md"

# An id as SPEC writes it; not the tail of a longer word.
RULE_ID = re.compile(r"(?<![A-Za-z0-9_])R-[A-Z]+(?:-[A-Z0-9]+)+")
HEADING = re.compile(r"^#{2,3} (R-[A-Z]+(?:-[A-Z0-9]+)+)(?![A-Z0-9-])", re.MULTILINE)
# A path in backticks, maybe followed by `::test_function`.
NAMED_PATH = re.compile(r"`([A-Za-z0-9_][A-Za-z0-9_./-]*\.(?:py|html|js|css|md))(?:::(\w+))?`")

CODE_SUFFIXES = {".py", ".html"}
# Directories that are not the project's code: tools, installed packages, build output.
SKIP_DIRS = {"node_modules", "staticfiles", "media", "test-output", "locale", "__pycache__"}


def _code_files():
    """Every .py and .html file of the project: the apps, templates, bench, scripts and
    tests, wherever they live, so an app added or moved later is covered too."""
    stack = [ROOT]
    while stack:
        folder = stack.pop()
        for entry in folder.iterdir():
            if entry.is_dir():
                if entry.name.startswith(".") or entry.name in SKIP_DIRS:
                    continue
                if (entry / "pyvenv.cfg").exists():  # a virtualenv under any name
                    continue
                stack.append(entry)
            elif entry.suffix in CODE_SUFFIXES:
                yield entry


def _cited_ids():
    """id → the first few files citing it."""
    cited: dict[str, list[str]] = {}
    for path in _code_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for rule_id in set(RULE_ID.findall(text)):
            cited.setdefault(rule_id, []).append(str(path.relative_to(ROOT)))
    return cited


def _explained_ids():
    return set(HEADING.findall(RULES.read_text(encoding="utf-8")))


def test_every_rule_id_the_code_cites_is_explained_in_docs_rules_md():
    cited = _cited_ids()
    assert cited, "no rule id found in the code: the scan is broken"
    explained = _explained_ids()
    missing = {
        rule_id: sorted(files)[:3] for rule_id, files in cited.items() if rule_id not in explained
    }
    assert not missing, (
        "these rule ids are cited in the code but have no `### <id>` section in "
        f"docs/rules.md (explain each from SPEC, with its module and test): {missing}"
    )


def _candidates(named: str):
    """Where a named module may be now. Modules move between apps while a refactoring
    lands (an app inside another becomes its own, a module becomes a package), so a path
    also stands when the same module is found as a package (`x.py` → `x/`) or one
    folder up (`payroll/appraisals/x.py` → `appraisals/x.py`). Anything else is a stale
    path to fix in docs/rules.md."""
    parts = Path(named).parts
    roots = [Path(*parts)]
    if len(parts) > 2:
        roots.append(Path(*parts[1:]))
    found = []
    for rel in roots:
        path = ROOT / rel
        if path.is_file():
            found.append(path)
        elif path.suffix == ".py" and (path.with_suffix("") / "__init__.py").is_file():
            found.append(path.with_suffix(""))
    return found


def _defines(found: Path, function: str) -> bool:
    files = [found] if found.is_file() else sorted(found.rglob("*.py"))
    pattern = re.compile(rf"^\s*(?:async\s+)?def {re.escape(function)}\(", re.MULTILINE)
    return any(pattern.search(f.read_text(encoding="utf-8")) for f in files)


def test_every_module_and_test_docs_rules_md_names_exists():
    text = RULES.read_text(encoding="utf-8")
    named = NAMED_PATH.findall(text)
    assert named, "docs/rules.md names no module: the parser is broken"
    stale = []
    for path, function in sorted(set(named)):
        found = _candidates(path)
        if not found:
            stale.append(path)
        elif function and not any(_defines(f, function) for f in found):
            stale.append(f"{path}::{function}")
    assert not stale, f"docs/rules.md names modules or tests that do not exist: {stale}"


def test_each_rule_id_has_one_section():
    headings = HEADING.findall(RULES.read_text(encoding="utf-8"))
    twice = sorted({h for h in headings if headings.count(h) > 1})
    assert not twice, f"docs/rules.md explains these ids more than once: {twice}"
