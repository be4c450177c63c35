"""The front-matter shortcut gives what YAML gives, or leaves the text to YAML."""

from __future__ import annotations

import datetime as dt
import random

import pytest
import yaml

from site_builder.content.front_matter import simple_mapping

PIECES = ["نص", "عنوان: فرعي", "yes", "No", "on", "~", "null", "12", "-3", "1.5", "1e3", "0x1F", "0o17", "1_000",
          "2015-08-10", "2015-08-10 19:12:21", "2015-02-30", "2015-8-1", "http://x.com/a?b=c#d", "C#", "a # b",
          "'quoted'", '"dq"', "[1, 2]", "{a: 1}", "- item", "&anchor", "*alias", "!tag x", "|", ">", "%x", "@x",
          "`x`", "''", "' '", "'a''b'", "'ab' c", '"a\\tb"', '"x"', '"', "'", "a:", "x: y", "\tx", "a\x07b",
          " ", "", ".inf", ".NaN", "٢٠١٥", "رويترز - الرياض"]
KEYS = ["title", "date", "source", "date_extracted", "yes", "null", "a-b", "_x", "1a", "on"]


def outcome(load, text):
    try:
        return load(text)
    except Exception as exc:  # the same failure counts as the same outcome
        return type(exc).__name__


@pytest.mark.parametrize("seed", range(60))
def test_the_shortcut_agrees_with_yaml_or_steps_aside(seed):
    rng = random.Random(seed)
    for _ in range(100):
        lines = [f"{rng.choice(KEYS)}:{rng.choice([' ', '  ', ''])}{rng.choice(PIECES)}{rng.choice(['', ' '])}"
                 for _ in range(rng.randint(1, 5))]
        text = "\n".join(lines)
        fast = outcome(simple_mapping, text)
        if fast is not None:
            assert fast == outcome(yaml.safe_load, text), text


def test_an_importers_front_matter_takes_the_shortcut():
    text = ("title: وفد رقابي أمريكي يتسبب في تسرب مياه ملوثة إلى نهر\ndate: 2015-08-10\nsource: alyaum\n"
            "dateline: سان جوان\nauthor: رويترز\nurl: http://www.alyaum.com/article/4082772\n"
            "date_extracted: 2015-08-10 19:12:21")
    assert simple_mapping(text) == yaml.safe_load(text)
    assert simple_mapping(text)["date"] == dt.date(2015, 8, 10)
