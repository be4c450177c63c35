"""A particle glued to a name is cut off where the archive marks the name without it."""

from __future__ import annotations

import dataclasses

from site_builder.link.proclitics import detach_proclitics
from site_builder.model import Article, ArticleMeta, Mention


def article(slug: str, text: str, *names: tuple[str, str]) -> Article:
    mentions = []
    for name, kind in names:
        start = text.index(name)
        mentions.append(Mention(start, start + len(name), name, kind, name))
    return Article(slug=slug, meta=ArticleMeta(title=slug), text=text, mentions=tuple(mentions), html="",
                   path=f"content/{slug}.md", digest=slug)


def spans(a: Article) -> list[tuple[str, str]]:
    return [(a.text[m.start:m.end], m.key) for m in a.mentions]


def test_a_glued_place_the_archive_knows_without_the_letter_is_that_place():
    archive = [article("a", "زار الوفد بوسطن.", ("بوسطن", "place")),
               article("b", "وصل إلى بوسطن أمس.", ("بوسطن", "place")),
               article("c", "جامعة كولومبيا وبوسطن.", ("وبوسطن", "place"))]
    out = detach_proclitics(archive)
    assert spans(out[2]) == [("بوسطن", "بوسطن")]
    assert out[0] is archive[0]  # articles without a glued name are the same objects


def test_the_rest_must_be_marked_twice_and_at_least_as_often():
    once = [article("a", "زار بوسطن.", ("بوسطن", "place")), article("c", "وبوسطن.", ("وبوسطن", "place"))]
    assert spans(detach_proclitics(once)[1]) == [("وبوسطن", "وبوسطن")]
    rarer = [article(s, "جاء بوسطن.", ("بوسطن", "place")) for s in "ab"] + \
        [article(s, "ثم وبوسطن.", ("وبوسطن", "place")) for s in "cde"]
    assert spans(detach_proclitics(rarer)[2]) == [("وبوسطن", "وبوسطن")]


def test_a_one_word_person_keeps_its_first_letter_and_types_must_agree():
    people = [article(s, "قال سام كلاما.", ("سام", "person")) for s in "abc"] + \
        [article("d", "قال بسام كلاما.", ("بسام", "person"))]
    assert spans(detach_proclitics(people)[3]) == [("بسام", "بسام")]  # Bassam, not ب + Sam
    places = [article(s, "زار بنان.", ("بنان", "person")) for s in "abc"] + [article("d", "زار لبنان.", ("لبنان", "place"))]
    assert spans(detach_proclitics(places)[3]) == [("لبنان", "لبنان")]
    full = [article(s, "قال اشلي يونغ.", ("اشلي يونغ", "person")) for s in "ab"] + \
        [article("c", "ماتا واشلي يونغ.", ("واشلي يونغ", "person"))]
    assert spans(detach_proclitics(full)[2]) == [("اشلي يونغ", "اشلي يونغ")]

