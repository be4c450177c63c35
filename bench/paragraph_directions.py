"""How many article blocks the dominant-script rule lays out differently from ``dir="auto"``.

``dir="auto"`` takes the first strong character (the HTML rule, by Unicode bidi
class); the build counts letters instead (``site_builder.render.directions``).
For every block of every article body of a built site this prints how the two
compare: blocks that are right to left only because of the count (Latin-first
Arabic text), and the other way round; blocks without any letter (dir="auto"
makes them left to right, the build leaves them to the page) are counted apart.

    python bench/paragraph_directions.py SITE_DIR [--examples 5]
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from site_builder.render.directions import DIRECTED  # noqa: E402

_BLOCK = re.compile(r"<(%s)( dir=\"(rtl|ltr)\")?[^>]*>(.*?)</\1>" % "|".join(sorted(DIRECTED)), re.S)
_TAG = re.compile(r"<[^>]+>")


def first_strong(text: str) -> str:
    """The direction ``dir="auto"`` gives: that of the first L, R or AL character ("" if none)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--examples", type=int, default=5)
    args = parser.parse_args()
    page_direction = "rtl"
    counts: Counter = Counter()
    articles: dict[str, set[str]] = {"auto ltr, now rtl": set(), "auto rtl, now ltr": set()}
    examples: dict[str, list[str]] = {key: [] for key in articles}
    for page in sorted((args.site / "articles").glob("*/index.html")):
        data = page.read_text(encoding="utf-8")
        body = data.split('<div class="article-body">', 1)[-1].split("\n</div>", 1)[0]
        for match in _BLOCK.finditer(body):
            text = html.unescape(_TAG.sub("", match[4]))
            now = match[3] or page_direction
            auto = first_strong(text)
            counts["blocks"] += 1
            counts[f"dir={match[3]}" if match[3] else "no dir"] += 1
            if not auto:
                counts["no strong character (auto: ltr, now the page's)"] += 1
            elif auto != now:
                key = f"auto {auto}, now {now}"
                counts[key] += 1
                articles[key].add(page.parent.name)
                if len(examples[key]) < args.examples:
                    examples[key].append(f"{page.parent.name}: {text[:90]}")
    for key, value in sorted(counts.items()):
        print(f"{value:8,d}  {key}")
    for key, slugs in articles.items():
        print(f"{len(slugs):8,d}  articles with a block {key}")
        for line in examples[key]:
            print(f"          {line}")


if __name__ == "__main__":
    main()
