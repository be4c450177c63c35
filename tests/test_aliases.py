"""Archive-wide grouping of mentions into entities, with curation applied."""

from pathlib import Path

import pytest

from site_builder.link.aliases import listed_aliases, resolve, variant_key
from site_builder.text.tokens import name_key
from site_builder.link.curation import parse_curation
from site_builder.ner.recogniser import Recogniser
from site_builder.model import Article, ArticleMeta, Mention
from site_builder.text.slugs import slugify

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "000_9eecbfaba8298352.txt"


@pytest.fixture(scope="module")
def recogniser():
    return Recogniser()


def article(slug: str, text: str, recogniser: Recogniser) -> Article:
    return Article(slug=slug, meta=ArticleMeta(title=slug), html="", text=text,
                   mentions=recogniser.recognise(text), path=f"{slug}.txt", digest=slug)


def hand_article(slug: str, *names: tuple[str, str]) -> Article:
    """An article whose mentions are given: (surface, type) in order."""
    text, mentions = "", []
    for surface, etype in names:
        start = len(text)
        text += surface + " و "
        mentions.append(Mention(start, start + len(surface), surface, etype, name_key(surface)))
    return Article(slug=slug, meta=ArticleMeta(title=slug), html="", text=text,
                   mentions=tuple(mentions), path=f"{slug}.txt", digest=slug)


def seed_article(recogniser) -> Article:
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines()]
    return article("seed", "\n".join(line for line in lines if line), recogniser)


def linked(resolution, art: Article) -> dict[str, str]:
    """Surface text → entity name, for every link in the article."""
    return {art.text[l.start:l.end]: resolution.entities[l.entity].name
            for l in resolution.links[art.slug]}


def test_seed_entities(recogniser):
    resolution = resolve([seed_article(recogniser)])
    got = {(e.name, e.type) for e in resolution.entities.values()}
    joo = {("جو تشون ريونغ", "person"), ("جو تشون ريونج", "person")} & got
    assert len(joo) == 1
    assert got - joo == {
        ("كيم جونغ أون", "person"), ("فلاديمير بوتين", "person"), ("ديمتري بيسكوف", "person"),
        ("تشوي سون هوي", "person"), ("مايكل مادن", "person"), ("ليف إريك إيسلي", "person"),
        ("أدريان واتسون", "person"), ("ماثيو ميلر", "person"),
        ("روسيا", "place"), ("الولايات المتحدة", "place"), ("كوريا الشمالية", "place"),
        ("أوكرانيا", "place"), ("فلاديفوستوك", "place"), ("بيونغ يانغ", "place"),
        ("موسكو", "place"), ("واشنطن", "place"), ("سيول", "place"), ("خاسان", "place"),
        ("وكالة كيودو", "organization"), ("الكرملين", "organization"),
        ("وكالة الأنباء المركزية الكورية", "organization"), ("مركز ستيمسون", "organization"),
        ("جامعة إيوا", "organization"), ("مجلس الأمن القومي", "organization"),
        ("البيت الأبيض", "organization"), ("وزارة الخارجية", "organization"),
        ("وزارة الخارجية الأمريكية", "organization"), ("مجلس الأمن الدولي", "organization"),
        ("المنتدى الاقتصادي الشرقي", "organization"), ("كوفيد-19", "misc"),
    }
    assert resolution.warnings == ()


def test_seed_short_forms_and_variants_link_to_one_entity(recogniser):
    seed = seed_article(recogniser)
    resolution = resolve([seed])
    names = linked(resolution, seed)
    assert names["بوتين"] == names["فلاديمير بوتين"] == "فلاديمير بوتين"
    assert names["كيم"] == names["كيم جونغ أون"] == "كيم جونغ أون"
    assert names["بيسكوف"] == "ديمتري بيسكوف"
    assert names["جو تشون ريونغ"] == names["جو تشون ريونج"]
    assert names["كوريا الديمقراطية"] == names["جمهورية كوريا الشعبية الديمقراطية"] == "كوريا الشمالية"
    korea = next(e for e in resolution.entities.values() if e.name == "كوريا الشمالية")
    assert "كوريا الديمقراطية" in korea.aliases


def test_links_follow_mentions_in_text_order(recogniser):
    seed = seed_article(recogniser)
    links = resolve([seed]).links["seed"]
    assert [(l.start, l.end) for l in links] == [(m.start, m.end) for m in seed.mentions]


@pytest.mark.parametrize("a, b", [
    ("ريونغ", "ريونج"), ("أوكرانيا", "اوكرانيا"), ("عبد الله", "عبدالله"), ("مسؤول", "مسئول"),
    ("جونغ", "جونج"), ("الشمالية", "الشماليه"),
])
def test_spelling_variants_share_a_key(a, b):
    assert variant_key(name_key(a)) == variant_key(name_key(b))


def test_variants_merge_across_articles():
    resolution = resolve([hand_article("a", ("أوكرانيا", "place")),
                          hand_article("b", ("اوكرانيا", "place"), ("أوكرانيا", "place"))])
    # one entity; the spelling without hamza is the same name, so it is not listed as another
    assert [(e.name, e.aliases) for e in resolution.entities.values()] == [("أوكرانيا", ())]


def test_surname_alone_finds_the_full_name_elsewhere_in_the_archive():
    resolution = resolve([hand_article("a", ("ماثيو ميلر", "person")),
                          hand_article("b", ("ميلر", "person"))])
    (entity,) = resolution.entities.values()
    assert entity.name == "ماثيو ميلر"
    assert [l.entity for l in resolution.links["b"]] == [entity.id]


def test_ambiguous_surname_stays_unlinked():
    arts = [hand_article("a", ("ماثيو ميلر", "person")), hand_article("b", ("جون ميلر", "person")),
            hand_article("c", ("ميلر", "person"))]
    resolution = resolve(arts)
    assert resolution.links["c"] == ()
    assert {e.name for e in resolution.entities.values()} == {"ماثيو ميلر", "جون ميلر"}


def test_surname_prefers_the_full_name_in_the_same_article():
    arts = [hand_article("a", ("ماثيو ميلر", "person")),
            hand_article("b", ("جون ميلر", "person"), ("ميلر", "person"))]
    resolution = resolve(arts)
    assert linked(resolution, arts[1])["ميلر"] == "جون ميلر"


def test_a_bare_first_name_never_merges_two_people():
    arts = [hand_article("a", ("ماثيو ميلر", "person"), ("ماثيو", "person")),
            hand_article("b", ("ماثيو بيري", "person"))]
    resolution = resolve(arts)
    assert {e.name for e in resolution.entities.values()} == {"ماثيو ميلر", "ماثيو بيري"}
    assert len(resolution.links["a"]) == 1


def test_canonical_name_is_the_most_frequent_full_form():
    resolution = resolve([hand_article("a", ("جو تشون ريونج", "person"), ("جو تشون ريونغ", "person")),
                          hand_article("b", ("جو تشون ريونغ", "person"), ("ريونغ", "person"))])
    (entity,) = resolution.entities.values()
    assert entity.name == "جو تشون ريونغ"
    assert entity.aliases == ("جو تشون ريونج", "ريونغ")


def test_result_does_not_depend_on_article_order(recogniser):
    arts = [seed_article(recogniser), hand_article("b", ("ميلر", "person")),
            hand_article("c", ("اوكرانيا", "place"), ("ماثيو ميلر", "person"))]
    assert resolve(arts) == resolve(list(reversed(arts)))


def test_ids_are_slugs_of_names_made_unique():
    curation = parse_curation(
        '[[entity]]\nname = "ABC News"\ntype = "organization"\n'
        '[[entity]]\nname = "abc news"\ntype = "misc"\n'.encode())
    arts = [hand_article("a", ("ABC News", "organization"), ("abc news", "misc"), ("روسيا", "place"))]
    resolution = resolve(arts, curation)
    assert sorted(resolution.entities) == ["abc-news", "abc-news-2", "روسيا"]
    assert resolution.warnings == ("entities whose names make the same address 'entities/abc-news/' are kept apart: "
                                   "'ABC News' (organization) at entities/abc-news/, 'abc news' (misc) at "
                                   "entities/abc-news-2/ (a [[merge]] or [[rename]] in the curation file settles it)",)
    for entity_id, entity in resolution.entities.items():
        assert entity.id == entity_id and entity_id.startswith(slugify(entity.name))


CURATION = """\
[[merge]]
name = "كوريا الشمالية"
aliases = ["بيونغ يانغ"]

[[rename]]
name = "بوتين"
to = "الرئيس الروسي فلاديمير بوتين"

[[retype]]
name = "المنتدى الاقتصادي الشرقي"
type = "misc"

[[suppress]]
text = "واشنطن"

[[suppress]]
text = "سيول"
article = "seed"

[[split]]
name = "بيسكوف"

[[suppress]]
text = "لا يوجد في أي مقال"
"""


def test_curation_rules_change_the_entities(recogniser):
    curation = parse_curation(CURATION.encode())
    seed = seed_article(Recogniser(curation))
    other = hand_article("other", ("سيول", "place"))
    resolution = resolve([seed, other], curation)
    names = linked(resolution, seed)
    assert names["بيونغ يانغ"] == names["كوريا الشمالية"] == "كوريا الشمالية"
    assert names["بوتين"] == names["فلاديمير بوتين"] == "الرئيس الروسي فلاديمير بوتين"
    assert "واشنطن" not in names and "سيول" not in names
    assert linked(resolution, other) == {"سيول": "سيول"}
    assert names["بيسكوف"] == "بيسكوف" != names["ديمتري بيسكوف"]
    forum = next(e for e in resolution.entities.values() if e.name == "المنتدى الاقتصادي الشرقي")
    assert forum.type == "misc"
    assert resolution.warnings == ("curation rule matched nothing (line 23: [[suppress]] 'لا يوجد في أي مقال')",)


def test_curated_entity_collects_its_aliases(recogniser):
    curation = parse_curation(
        '[[entity]]\nname = "هيئة الأمم المتحدة"\ntype = "organization"\naliases = ["الأمم المتحدة", "المنظمة الدولية"]\n'
        .encode())
    art = article("a", "قالت الأمم المتحدة إن المنظمة الدولية ستساعد.", Recogniser(curation))
    resolution = resolve([art], curation)
    (entity,) = resolution.entities.values()
    assert (entity.name, entity.type) == ("هيئة الأمم المتحدة", "organization")
    assert set(entity.aliases) == {"الأمم المتحدة", "المنظمة الدولية"}
    assert len(resolution.links["a"]) == 2


def test_spelling_noise_is_never_listed_as_another_name():
    forms = ["إيران", "أيران", "إيـران", "إيرانَ", "الجمهورية الإسلامية الإيرانية", "الجمهورية الاسلامية الايرانية"]
    assert listed_aliases("إيران", forms) == ("الجمهورية الإسلامية الإيرانية",)
    assert listed_aliases("جدة", ["جدّه", "جدُّه", "جده"]) == ()  # shadda, damma, ة/ه: Jeddah itself
    assert listed_aliases("اليمن", ["اليمــن", "الجمهورية اليمنية"]) == ("الجمهورية اليمنية",)
    # «عبد» and «أبو» written apart or joined: one spelling, never listed as two names
    assert listed_aliases("سلمان بن عبدالعزيز", ["سلمان بن عبد العزيز", "سلمان بن عبد العزيز آل سعود",
                                                 "سلمان بن عبدالعزيز آل سعود"]) == ("سلمان بن عبد العزيز آل سعود",)
    assert listed_aliases("أبوظبي", ["أبو ظبي"]) == ()
    assert listed_aliases("فيصل بن خالد بن عبد العزيز", ["فيصل بن خالد ابن عبدالعزيز", "فيصل بن خالد"]) == (
        "فيصل بن خالد",)
    assert listed_aliases("ابن خلدون", ["بن خلدون"]) == ("بن خلدون",)  # a first word is not a lineage


def _entity_of(resolution, art: Article, surface: str) -> str:
    return next(resolution.entities[l.entity].id for l in resolution.links[art.slug]
                if art.text[l.start:l.end] == surface)


def test_the_short_and_the_full_lineage_name_of_one_person_are_one_entity():
    a = hand_article("a", ("محمد بن نايف بن عبدالعزيز", "person"), ("محمد بن نايف", "person"))
    b = hand_article("b", ("محمد بن نايف بن عبدالعزيز", "person"))
    c = hand_article("c", ("سلمان بن عبدالعزيز", "person"), ("سلمان بن عبدالعزيز", "person"),
                     ("سلمان بن عبدالعزيز آل سعود", "person"))
    r = resolve([a, b, c])
    assert _entity_of(r, a, "محمد بن نايف") == _entity_of(r, a, "محمد بن نايف بن عبدالعزيز")
    assert _entity_of(r, c, "سلمان بن عبدالعزيز") == _entity_of(r, c, "سلمان بن عبدالعزيز آل سعود")


def test_a_dynasty_form_joins_the_short_form_despite_a_rare_typo():
    """The archive writes «… آل سعود» a thousand times and «… آل سعودد» once: the king has
    one page. Two dynasties named as often are two men."""
    king = hand_article("a", ("سلمان بن عبدالعزيز", "person"), *[("سلمان بن عبد العزيز آل سعود", "person")] * 3)
    typo = hand_article("b", ("سلمان بن عبدالعزيز آل سعودد", "person"))
    two = hand_article("c", ("فيصل بن عبدالله", "person"), ("فيصل بن عبدالله آل سعود", "person"),
                       ("فيصل بن عبدالله آل ثاني", "person"))
    r = resolve([king, typo, two])
    assert _entity_of(r, king, "سلمان بن عبدالعزيز") == _entity_of(r, king, "سلمان بن عبد العزيز آل سعود")
    assert len({_entity_of(r, two, n) for n in ("فيصل بن عبدالله", "فيصل بن عبدالله آل سعود",
                                                 "فيصل بن عبدالله آل ثاني")}) == 3


def test_abd_rabbih_written_apart_or_joined_is_one_name():
    assert variant_key(name_key("عبد ربه منصور هادي")) == variant_key(name_key("عبدربه منصور هادي"))


def test_a_longer_lineage_that_may_be_another_man_stays_apart():
    """«عبدالله بن عبدالعزيز بن مساعد» is not the king: the archive names the short form
    far more often. A short form extended two ways joins neither."""
    a = hand_article("a", *[("عبدالله بن عبدالعزيز", "person")] * 3, ("عبدالله بن عبدالعزيز بن مساعد", "person"))
    b = hand_article("b", ("سلطان بن سعود", "person"), ("سلطان بن سعود بن عبدالعزيز", "person"),
                     ("سلطان بن سعود بن فهد", "person"), ("سلطان بن سعود بن فهد", "person"))
    r = resolve([a, b])
    assert _entity_of(r, a, "عبدالله بن عبدالعزيز") != _entity_of(r, a, "عبدالله بن عبدالعزيز بن مساعد")
    assert len({_entity_of(r, b, n) for n in ("سلطان بن سعود", "سلطان بن سعود بن عبدالعزيز",
                                                "سلطان بن سعود بن فهد")}) == 3


def test_a_name_with_and_without_the_fathers_name_is_one_person_when_only_one_father_is_named():
    a = hand_article("a", ("عادل الجبير", "person"), ("عادل الجبير", "person"), ("عادل بن أحمد الجبير", "person"))
    b = hand_article("b", ("محمد الشهري", "person"), ("محمد بن علي الشهري", "person"),
                     ("محمد بن سعد الشهري", "person"), ("محمد بن سلمان ابن عبدالعزيز", "person"),
                     ("محمد بن سلمان بن عبدالعزيز", "person"))
    r = resolve([a, b])
    assert _entity_of(r, a, "عادل الجبير") == _entity_of(r, a, "عادل بن أحمد الجبير")
    assert len({_entity_of(r, b, n) for n in ("محمد الشهري", "محمد بن علي الشهري", "محمد بن سعد الشهري")}) == 3
    assert _entity_of(r, b, "محمد بن سلمان ابن عبدالعزيز") == _entity_of(r, b, "محمد بن سلمان بن عبدالعزيز")


def test_a_newspaper_named_after_a_city_is_an_entity_of_its_own(recogniser):
    """«الرياض» the paper, quoted after «صحيفة», and الرياض the city: two pages, each with
    its own type, instead of one entity whose type is a vote between them; the paper is
    named with its kind, and the city keeps its address."""
    a = article("a", "ونشرت صحيفة «الرياض» تقريرًا عن المعرض الذي افتتح في الرياض أمس.", recogniser)
    b = article("b", "ووصل الوفد إلى الرياض مساء أمس، وقال لـ«الرياض» رئيس الوفد إن الزيارة مهمة.", recogniser)
    res = resolve([a, b])
    riyadh = sorted((e.type, e.name, e.id, len([l for ls in res.links.values() for l in ls if l.entity == e.id]))
                    for e in res.entities.values() if "الرياض" in e.name)
    assert riyadh == [("organization", "صحيفة الرياض", "صحيفة-الرياض", 2), ("place", "الرياض", "الرياض", 2)]


def test_a_club_read_after_its_kind_and_read_whole_is_one_entity(recogniser):
    """«نادي [أبها]» as the tagger may leave it, and «نادي أبها» as the rules read it: one club."""
    a = hand_article("a", ("نادي أبها", "organization"))
    b = Article(slug="b", meta=ArticleMeta(title="b"), html="", text="فاز نادي أبها أمس",
                mentions=(Mention(9, 13, "أبها", "organization", name_key("أبها")),), path="b.txt", digest="b")
    res = resolve([a, b])
    assert sorted((e.name, e.type) for e in res.entities.values()) == [("نادي أبها", "organization")]


def test_a_club_named_bare_and_after_its_kind_is_one_entity():
    """«نادي الهلال» and «الهلال»: one club, one page, whichever way the article names it;
    a club named after a city keeps its page beside the city's."""
    a = hand_article("a", ("نادي الهلال", "organization"), ("الهلال", "organization"))
    b = hand_article("b", ("الهلال", "organization"), ("نادي أبها", "organization"), ("أبها", "place"))
    res = resolve([a, b])
    assert len({_entity_of(res, a, "نادي الهلال"), _entity_of(res, a, "الهلال"), _entity_of(res, b, "الهلال")}) == 1
    assert _entity_of(res, b, "نادي أبها") != _entity_of(res, b, "أبها")
    # «الجزيرة» spoken to as a paper is not the club «نادي الجزيرة»
    c = hand_article("c", ("نادي الجزيرة", "organization"))
    d = Article(slug="d", meta=ArticleMeta(title="d"), html="", text="وقال لـ«الجزيرة» المدير",
                mentions=(Mention(8, 15, "الجزيرة", "organization", name_key("الجزيرة")),), path="d.txt", digest="d")
    res = resolve([c, d])
    assert _entity_of(res, c, "نادي الجزيرة") != _entity_of(res, d, "الجزيرة")
