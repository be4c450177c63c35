"""The shipped GitHub Pages workflow: what it builds from, keeps between runs and publishes."""

from pathlib import Path

import yaml

from site_builder.config import SiteConfig

WORKFLOW = Path(__file__).resolve().parent.parent / ".github" / "workflows" / "pages.yml"


def _steps() -> list[dict]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["build"]["steps"]


def test_analysis_cache_is_restored_before_the_build_and_saved_per_run():
    steps = _steps()
    uses = [step.get("uses", "") for step in steps]
    cache = steps[next(i for i, u in enumerate(uses) if u.startswith("actions/cache@"))]
    build = next(i for i, step in enumerate(steps) if "site-builder build" in step.get("run", ""))
    assert steps.index(cache) < build
    defaults = SiteConfig(root=Path("."))
    assert cache["with"]["path"] == defaults.cache
    key, restore = cache["with"]["key"], cache["with"]["restore-keys"].strip().splitlines()
    assert "github.run_id" in key  # every run saves its own entry ...
    assert len(restore) == 1 and key.startswith(restore[0])  # ... and the next run restores the latest


def test_the_published_folder_is_the_build_output():
    upload = next(step for step in _steps() if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == SiteConfig(root=Path(".")).output
