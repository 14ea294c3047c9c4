"""The shape of the package: no module imports one that imports it back, and the engines sit
below the API that picks them (issue 15: "no engine imports the module that imports it")."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "belsignal"


def _name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_name(p): p for p in PACKAGE.rglob("*.py")}


def imports(name: str, *, top_level: bool) -> set[str]:
    """The belsignal modules `name` imports (at the top of the file only, or anywhere)."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in tree.body if top_level else ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            target = ".".join([*base, *([node.module] if node.module else [])])
            found |= {m for m in (target, *(f"{target}.{a.name}" for a in node.names)) if m in MODULES}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name in MODULES}
    return found - {name}


def test_no_import_cycle_between_modules():
    graph = {name: imports(name, top_level=True) for name in MODULES}
    state: dict[str, str] = {}

    def visit(name: str, path: list[str]) -> None:
        state[name] = "open"
        for dep in sorted(graph[name]):
            assert state.get(dep) != "open", "import cycle: " + " -> ".join([*path, name, dep][path.index(dep) if dep in path else 0:])
            if dep not in state:
                visit(dep, [*path, name])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [])
    assert len(graph) > 30 and "belsignal.engines.cluster" in graph


def test_engines_never_import_the_api_or_the_cli():
    engines = [name for name in MODULES if name.startswith("belsignal.engines")]
    assert sorted(engines) == ["belsignal.engines", "belsignal.engines.cluster", "belsignal.engines.pool",
                               "belsignal.engines.serial"]
    for name in engines:  # not even inside a function
        assert not imports(name, top_level=False) & {"belsignal.extract", "belsignal.cli"}, name


def test_the_pipeline_imports_spacy_without_its_command_line():
    """pipeline.import_spacy leaves spaCy's command line (typer apps, weasel, requests) unimported,
    and `import spacy.cli` afterwards still gives the real one."""
    import subprocess
    import sys

    code = ("import sys; from belsignal.pipeline import import_spacy, pipeline; from belsignal.rules import load_rules; "
            "spacy = import_spacy(); nlp = pipeline(None, load_rules()); "
            "print(sorted(m for m in ('spacy.cli', 'spacy.cli.info', 'weasel', 'requests') if m in sys.modules)); "
            "import spacy.cli; print(callable(spacy.cli.download), spacy.info.__name__, len(nlp('Minsk denied it.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[:2] == ["[]", "True _spacy_info 4"]


def test_import_spacy_falls_back_to_the_plain_import():
    """A spaCy whose import fails beside the stand-ins (say, one that needs more of its cli) is
    imported as it is, whole, and works."""
    import subprocess
    import sys

    code = ("import sys\n"
            "class Once:\n"  # the first import of spacy.language fails, as a changed spaCy's might
            "    failed = False\n"
            "    def find_spec(self, name, path=None, target=None):\n"
            "        if name == 'spacy.language' and not Once.failed:\n"
            "            Once.failed = True\n"
            "            raise ImportError('needs spacy.cli')\n"
            "sys.meta_path.insert(0, Once())\n"
            "from belsignal.pipeline import import_spacy\n"
            "spacy = import_spacy()\n"
            "print(Once.failed, 'spacy.cli' in sys.modules, len(spacy.blank('en')('Minsk denied it.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["True", "True", "4"]
