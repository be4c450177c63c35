"""Every package the code imports is declared; an optional one missing is one line, not a traceback."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import subprocess
import sys
import tomllib
import types
from pathlib import Path

import pytest

from conftest import REPO
from site_builder.errors import SiteError
from site_builder.ner import tagger

# Modules only training or the Dask executor imports, and the extra that brings them.
OPTIONAL = {"pycrfsuite": "train", "scipy": "train", "distributed": "cluster"}


def imported_modules() -> dict[str, list[str]]:
    """Top-level third-party modules imported anywhere in the package, with the files."""
    found: dict[str, list[str]] = {}
    for path in sorted((REPO / "site_builder").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top != "site_builder":
                    found.setdefault(top, []).append(path.relative_to(REPO).as_posix())
    return found


def declared(requirements: list[str]) -> set[str]:
    return {re.split(r"[\[<>=!~ ;]", r, maxsplit=1)[0].lower().replace("_", "-") for r in requirements}


def test_every_imported_package_is_a_declared_dependency():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = declared(project["dependencies"])
    distributions = importlib.metadata.packages_distributions()
    for module, files in imported_modules().items():
        names = {d.lower().replace("_", "-") for d in distributions.get(module, [])}
        if module in OPTIONAL:
            extra = declared(project["optional-dependencies"][OPTIONAL[module]])
            assert not names or names & extra, f"{module} ({files}) is not in the '{OPTIONAL[module]}' extra"
            assert not names & core
        else:
            assert names, f"{module} ({files}) is imported but not installed"
            assert names & core, f"{module} ({files}) is imported but not a dependency"


def test_training_without_crfsuite_is_one_line_naming_the_extra(tmp_path: Path):
    gold = tmp_path / "gold.txt"
    gold.write_text("زار O\nمحمد B-PERS\nدمشق B-LOC\n", encoding="utf-8")
    script = ("import sys; sys.modules['pycrfsuite'] = None\n"
              "from site_builder.cli import main\n"
              f"sys.exit(main(['ner', 'train', '--conll', {str(gold)!r}, '--output', "
              f"{str(tmp_path / 'model.json.gz')!r}]))\n")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert run.returncode == 2
    assert run.stderr == ("error: training needs the python-crfsuite package "
                          "(pip install 'site-builder[train]')\n")
    assert not (tmp_path / "model.json.gz").exists()


def test_the_dask_executor_without_dask_is_one_line_naming_the_extra(tmp_path: Path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.md").write_text("---\ntitle: خبر\n---\nنص الخبر.\n", encoding="utf-8")
    script = ("import sys; sys.modules['distributed'] = None\n"
              "from site_builder.cli import main\n"
              "sys.exit(main(['build', '--executor', 'dask']))\n")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr == ("error: --executor dask needs the dask[distributed] package "
                          "(pip install 'site-builder[cluster]')\n")
    assert not (tmp_path / "_site").exists()


def test_training_with_vectors_without_scipy_names_the_extra(tmp_path: Path, monkeypatch):
    vectors = tmp_path / "word-vectors.npz"
    vectors.write_bytes(b"")
    monkeypatch.setitem(sys.modules, "pycrfsuite", types.ModuleType("pycrfsuite"))
    monkeypatch.setitem(sys.modules, "scipy", None)
    with pytest.raises(SiteError) as err:
        tagger.train([["محمد"]], [["B-PERS"]], clusters_path=None, vectors_path=vectors)
    assert str(err.value) == ("training with word vectors needs the scipy package "
                              "(pip install 'site-builder[train]')")
