"""README documents every option and flag a user can set."""

import dataclasses
import re
from pathlib import Path

from site_builder.cli import _parser
from site_builder.config import DataConfig, DatesConfig, EntityConfig, SiteConfig

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_config_option_is_documented():
    names = [f.name for f in dataclasses.fields(SiteConfig) if f.name not in ("root", "entities", "dates", "data")]
    names += [f"entities.{f.name}" for f in dataclasses.fields(EntityConfig)]
    names += [f"dates.{f.name}" for f in dataclasses.fields(DatesConfig)]
    names += [f"data.{f.name}" for f in dataclasses.fields(DataConfig)]
    missing = [n for n in names if f"`{n}`" not in README]
    assert missing == []


def test_every_command_line_flag_is_documented():
    parser = _parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    flags = {flag for name, sub in commands.items() for action in sub._actions
             for flag in action.option_strings if flag.startswith("--") and flag != "--help"}
    flags.discard("--debug")
    missing = sorted(f for f in flags if not re.search(re.escape(f) + r"\b", README))
    assert missing == []


def test_readme_test_command_is_what_ci_runs():
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    command = "python -m pip install -e '.[test]' && python -m pytest -q"
    assert command in README and command in ci
