"""`site-builder entities review`: the entities most likely wrong, with rules to paste."""

from __future__ import annotations

import subprocess
import sys
import tomllib

from conftest import build_site

CURATION = """[[entity]]
name = "سلمان بن عبدالعزيز"
type = "person"

[[entity]]
name = "سلمان بن عبدالعزيز آل سعود"
type = "person"
"""

ARTICLE = ("---\ntitle: خبر\n---\nاستقبل سلمان بن عبدالعزيز آل سعود الوفد. "
           "وقال سلمان بن عبدالعزيز إن العلاقات متينة. وأكد سلمان بن عبدالعزيز ذلك.\n")


def review(root) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "site_builder", "entities", "review"], cwd=root,
                          capture_output=True, text=True)


def test_two_pages_of_one_person_are_a_merge_to_paste(make_site):
    root = make_site({"content/a.md": ARTICLE, "entities.toml": CURATION}, '[entities]\nmodel = ""\n')
    build_site(root)
    run = review(root)
    assert run.returncode == 0, run.stderr
    assert "# merge: سلمان بن عبدالعزيز (3 mentions)" in run.stdout
    rules = tomllib.loads(run.stdout)  # the whole list is valid entities.toml
    # under the name readers meet most: the short form, twice against once
    assert {"name": "سلمان بن عبدالعزيز", "aliases": ["سلمان بن عبدالعزيز آل سعود"]} in rules["merge"]


def test_review_before_any_build_is_one_line(make_site):
    root = make_site({"content/a.md": ARTICLE})
    run = review(root)
    assert run.returncode == 2
    assert "no entity review yet" in run.stderr and "build the site first" in run.stderr
    assert "Traceback" not in run.stderr and len(run.stderr.splitlines()) == 1
