"""What the recogniser marks in article text, and what it leaves alone."""

import json
import pickle
import re
import zipfile
from pathlib import Path

import pytest

from site_builder.text.tokens import name_key

from site_builder.link.curation import parse_curation
from site_builder.ner.recogniser import Recogniser

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "000_9eecbfaba8298352.txt"
SAUDINEWSNET = REPO.parent / "shared" / "corpora" / "saudinewsnet"

COMMON = {"الرئيس", "رئيس", "وزير", "الوزير", "الحرب", "الأسلحة", "أسلحة", "الغرب", "الشهر",
          "المتحدث", "الخبير", "خبير", "الزعيم", "الزعيمين", "الوفد", "المسؤولين", "القطار",
          "الأمريكية", "الروسية", "الكورية", "العالم", "المنطقة", "الحكومة", "مدينة", "وكالة",
          "اليوم", "الثلاثاء", "الأربعاء", "الاثنين", "المملكة", "الدولة", "قال", "وقال"}


def seed_text() -> str:
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines()]
    return "\n".join(line for line in lines if line)


@pytest.fixture(scope="module")
def recogniser():
    return Recogniser()


@pytest.fixture(scope="module")
def seed_mentions(recogniser):
    return recogniser.recognise(seed_text())


def found(recogniser, text):
    return [(m.text, m.type) for m in recogniser.recognise(text)]


def test_mentions_index_the_text_sorted_and_disjoint(seed_mentions):
    text = seed_text()
    previous_end = 0
    for m in seed_mentions:
        assert text[m.start:m.end] == m.text
        assert m.start >= previous_end
        previous_end = m.end


def test_seed_finds_what_a_reader_marks(seed_mentions):
    got = {(m.text, m.type) for m in seed_mentions}
    expected = {
        ("كيم جونغ أون", "person"), ("كيم", "person"), ("فلاديمير بوتين", "person"),
        ("بوتين", "person"), ("ديمتري بيسكوف", "person"), ("بيسكوف", "person"),
        ("تشوي سون هوي", "person"), ("جو تشون ريونغ", "person"), ("جو تشون ريونج", "person"),
        ("مايكل مادن", "person"), ("ليف إريك إيسلي", "person"), ("أدريان واتسون", "person"),
        ("ماثيو ميلر", "person"),
        ("روسيا", "place"), ("الولايات المتحدة", "place"), ("كوريا الشمالية", "place"),
        ("كوريا الديمقراطية", "place"), ("جمهورية كوريا الشعبية الديمقراطية", "place"),
        ("أوكرانيا", "place"), ("فلاديفوستوك", "place"), ("بيونغ يانغ", "place"),
        ("موسكو", "place"), ("واشنطن", "place"), ("سيول", "place"), ("خاسان", "place"),
        ("وكالة كيودو", "organization"), ("الكرملين", "organization"),
        ("وكالة الأنباء المركزية الكورية", "organization"),
        ("وكالة الأنباء المركزية الكورية الشمالية", "organization"),
        ("مركز ستيمسون", "organization"), ("جامعة إيوا", "organization"),
        ("مجلس الأمن القومي", "organization"), ("البيت الأبيض", "organization"),
        ("وزارة الخارجية", "organization"), ("وزارة الخارجية الأمريكية", "organization"),
        ("مجلس الأمن الدولي", "organization"), ("المنتدى الاقتصادي الشرقي", "organization"),
        ("كوفيد-19", "misc"),
    }
    assert expected - got == set()
    assert got - expected == set()


def test_seed_marks_no_common_word(seed_mentions):
    assert {m.text for m in seed_mentions} & COMMON == set()


def test_the_default_recogniser_keeps_the_seed_names_and_marks_no_common_word():
    """The default site runs the tagger first: the seed's names are still found whole, two
    people side by side («يزود بوتين كيم») are not one, and no common word is marked."""
    from site_builder.ner.tagger import default_model
    if default_model() is None:
        pytest.skip("this installation has no shipped tagger model")
    got = {(m.text, m.type) for m in Recogniser(None, default_model()).recognise(seed_text())}
    people = {"كيم جونغ أون", "فلاديمير بوتين", "بوتين", "ديمتري بيسكوف", "بيسكوف", "تشوي سون هوي",
              "جو تشون ريونغ", "جو تشون ريونج", "مايكل مادن", "ليف إريك إيسلي", "أدريان واتسون", "ماثيو ميلر"}
    places = {"روسيا", "كوريا الشمالية", "أوكرانيا", "فلاديفوستوك", "بيونغ يانغ", "موسكو", "واشنطن", "سيول"}
    assert {(n, "person") for n in people} | {(n, "place") for n in places} <= got
    assert ("بوتين كيم", "person") not in got
    assert {text for text, _ in got} & COMMON == set()


@pytest.mark.parametrize("word, name", [
    ("وبوتين", "بوتين"), ("لروسيا", "روسيا"), ("وروسيا", "روسيا"), ("لموسكو", "موسكو"),
    ("بالبيت", "البيت"), ("لكيم", "كيم"),
])
def test_prefixes_stay_outside_the_mention(seed_mentions, word, name):
    text = seed_text()
    at = text.index(word)
    hits = [m for m in seed_mentions if m.start <= at + len(word) - len(name) < m.end]
    assert hits and hits[0].start == at + len(word) - len(name)
    assert hits[0].text.startswith(name)


@pytest.mark.parametrize("text, expected", [
    ("التقى الرئيس بوتين نظيره.", [("بوتين", "person")]),
    ("وقال سيرغي لافروف إن المحادثات مثمرة.", [("سيرغي لافروف", "person")]),
    ("وقال المتحدث باسم الخارجية، جون كيربي: لا تعليق.", [("جون كيربي", "person")]),
    ("وصل الوفد إلى مدينة كازان مساء الأحد.", [("كازان", "place")]),
    ("ذكرت وكالة يونهاب أن الاجتماع انتهى.", [("وكالة يونهاب", "organization")]),
    ("أعلنت وزارة الدفاع الروسية عن مناورات.", [("وزارة الدفاع الروسية", "organization")]),
    ("صرح الأمير خالد الفيصل أمس.", [("خالد الفيصل", "person")]),
    ("أكد قائد حرس الحدود في قطاع سقام.", [("حرس الحدود", "organization")]),
    ("وقالت جبهة النصرة إنها سيطرت على المدينة.", [("جبهة النصرة", "organization")]),
    ("وذكرت صحيفة الوئام أن الاجتماع انتهى.", [("الوئام", "organization")]),  # the kind stays outside
    ("وحضر الحفل سلمان بن عبدالعزيز آل سعود.", [("سلمان بن عبدالعزيز آل سعود", "person")]),
    ("للأمم المتحدة دور في لبنان.", [("أمم المتحدة", "organization"), ("لبنان", "place")]),
    ("زار فلاديمير بوتين فلاديفوستوك.", [("فلاديمير بوتين", "person"), ("فلاديفوستوك", "place")]),
    # a rank with its branch is one title; the name comes after both
    ("واستقبل اللواء ركن حمد بن علي أمس.", [("حمد بن علي", "person")]),
    # an adverb or particle after a name is not part of it
    ("وقال المهاجم هاري كين بعيدا عن الملاعب.", [("هاري كين", "person")]),
    ("وقال الأمير نواف بن سعد ربما نعود.", [("نواف بن سعد", "person")]),
    # names that read as a proclitic plus a common word ("ب" + "ادي", "ك" + "اتي") stay names
    ("قال راجح بادي، المتحدث باسم الحكومة، إن", [("راجح بادي", "person")]),
    ("استطاعت الأميركية كاتي ليديكي أن تسجل رقما", [("كاتي ليديكي", "person")]),
])
def test_context_rules(recogniser, text, expected):
    assert found(recogniser, text) == expected


@pytest.mark.parametrize("text", [
    "قال الرئيس إن الحرب لن تنتهي هذا الشهر.",
    "وأضاف أن الأسلحة وصلت إلى المنطقة يوم الثلاثاء.",
    "يعتقد المسؤولون أن الاتفاق سيوقع خلال أيام.",
    "ترك الموظفون العمل بعد أن ارتفعت الأسعار في السوق.",
    "قال سالم ارتفاع الأسعار مشكلة.",
    "زعيم تنظيم متطرف يهدد رئيس وزراء البلاد.",
    "أمراض القلب وسبل الوقاية منها.",
    "بحسب مصدر رسمي فإن شركة ناشئة تطلب تمويلا.",
    # a title, then a noun of a construct phrase rather than a name (seen in news archives)
    "أكد قائد دوريات الأمن في قطاع سقام.",
    "بحضور مدير عام فرع الوزارة.",
    "استقبل وزير الدولة لشئون الدفاع وفدا.",
    "الفريق تأقلموا سريعا مع المدرب.",
    "ويقول بتردد، وكأنه لم يفكر.",
    "تنفذ الشركة محطة توليد جنوب المدينة.",
    "وفيما يلي نص البيان: قال الله تعالى في كتابه.",
    "وقال: أنا عندي أمل كبير في الفوز.",
    "وفاز الفريق بهدفين مقابل هدف.",
    "ووجه وزير الدفاع، بتأمين طائرات شحن للإغاثة.",
])
def test_ordinary_prose_has_no_names(recogniser, text):
    assert found(recogniser, text) == []


def test_names_echo_through_the_article(recogniser):
    text = "التقى ماثيو ميلر الصحفيين.\nثم قال ميلر إن الرحلة انتهت، ولميلر رأي آخر."
    assert found(recogniser, text) == [("ماثيو ميلر", "person"), ("ميلر", "person"),
                                       ("ميلر", "person")]


def test_a_bare_given_name_is_not_a_mention(recogniser):
    assert found(recogniser, "قال الأمير محمد إن الزيارة ناجحة.") == []


def test_names_do_not_run_across_punctuation_or_lines(recogniser):
    assert found(recogniser, "غادة عادل: فاتن حمامة علمتني") == []
    assert ("مايكل مادن", "person") in found(recogniser, "وقال مايكل مادن\nكوريا الشمالية")


def test_keys_are_normalized_without_prefixes(recogniser):
    (m,) = recogniser.recognise("زيارة لأوكرانيا")
    assert (m.text, m.key) == ("أوكرانيا", "اوكرانيا")


def test_recogniser_pickles_and_keeps_its_version(recogniser):
    copy = pickle.loads(pickle.dumps(recogniser))
    assert copy.version == recogniser.version
    assert copy.recognise(seed_text()) == recogniser.recognise(seed_text())


def test_curated_names_are_recognised_and_change_the_version(recogniser):
    curation = parse_curation('[[entity]]\nname = "سوق عكاظ"\ntype = "misc"\naliases = ["عكاظ"]\n'
                              .encode())
    curated = Recogniser(curation)
    assert curated.version != recogniser.version
    assert found(curated, "افتتح مهرجان عكاظ") == [("عكاظ", "misc")]
    assert found(recogniser, "افتتح مهرجان عكاظ") == []


def saudinewsnet_articles(limit: int) -> list[str]:
    archives = sorted(SAUDINEWSNET.glob("*.zip"))
    if not archives:
        pytest.skip(f"SaudiNewsNet corpus not found at {SAUDINEWSNET}")
    texts: list[str] = []
    with zipfile.ZipFile(archives[0]) as zf:
        for name in sorted(zf.namelist()):
            for item in json.loads(zf.read(name).decode("utf-8")):
                texts.append(item["title"] + "\n" + item["content"])
    return texts[:limit]


def test_real_articles_give_names_not_common_words(recogniser):
    texts = saudinewsnet_articles(300)
    mentions = [m for text in texts for m in recogniser.recognise(text)]
    assert len(mentions) > 1000
    keys = {m.key for m in mentions}
    from site_builder.text.fold import fold
    assert keys & {fold(w, "match") for w in COMMON} == set()
    for text in texts[:50]:
        for m in recogniser.recognise(text):
            assert text[m.start:m.end] == m.text
    places = {m.text for m in mentions if m.type == "place"}
    assert {"الرياض", "جدة", "السعودية"} <= places


# -- the statistical tagger, when the site asks for it ------------------------------------

MATCH = "---\ntitle: مباراة\n---\nوسافر الأهلي إلى القاهرة لملاقاة الزمالك.\n\nورحب الأهلي بالنتيجة بعد المباراة.\n"


def test_the_tagger_adds_names_the_rules_miss_and_rules_keep_precedence(make_site):
    from conftest import build_site
    from site_builder.ner.tagger import default_model
    if default_model() is None:
        pytest.skip("this installation has no shipped tagger model")
    root = make_site({"content/a.md": MATCH}, '[entities]\nmodel = ""\n')
    build_site(root)
    page = (root / "_site" / "articles" / "a" / "index.html").read_text(encoding="utf-8")
    assert ">الأهلي</a>" not in page  # rules alone: an unannounced club name
    (root / "site.toml").write_text('[entities]\nmodel = "shipped"\n', encoding="utf-8")
    build_site(root)
    page = (root / "_site" / "articles" / "a" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'class="organization" href="[^"]*">الأهلي</a>', page)
    assert re.search(r'class="organization" href="[^"]*">الزمالك</a>', page)
    assert page.count(">الأهلي</a>") >= 2 + 1  # both mentions (the second by echo), and the list
    assert re.search(r'class="place" href="[^"]*">القاهرة</a>', page)


def test_a_missing_model_is_one_clear_error(make_site):
    import subprocess
    import sys
    root = make_site({"content/a.md": MATCH}, '[entities]\nmodel = "models/ner.json.gz"\n')
    run = subprocess.run([sys.executable, "-m", "site_builder", "build"], cwd=root, capture_output=True, text=True)
    assert run.returncode == 2
    assert "models/ner.json.gz: model file not found" in run.stderr and "Traceback" not in run.stderr


def test_geonames_towns_are_tagger_features_but_never_rule_names():
    """GeoNames' Arabic town names help the tagger learn places; many are also
    ordinary words (مشهد "a scene"), so the rules must not mark them."""
    from site_builder.text.fold import tagger_key
    from site_builder.ner.features import load_lexicon
    from site_builder.ner.tagger import DATA_DIR

    lexicon = load_lexicon(DATA_DIR)
    assert "gpl" in lexicon[tagger_key("ليفركوزن")]
    assert "gpl" in lexicon[tagger_key("مشهد")]
    assert "gpl:m" in lexicon[tagger_key("هايتس")]  # a word of a multi-word town name
    assert not Recogniser().recognise("شاهدنا مشهد الحادث من بعيد")


def test_dictionary_word_classes_are_tagger_features_but_never_rule_names():
    """The Arramooz dictionary tells the tagger which words are proper nouns
    (شارون, and قطر, also a verb) and which are ordinary words; the rules stay
    with the curated lists, so a dictionary name alone marks nothing."""
    from site_builder.text.fold import tagger_key
    from site_builder.ner.features import load_lexicon
    from site_builder.ner.tagger import DATA_DIR

    lexicon = load_lexicon(DATA_DIR)
    assert {"ap", "ap:f"} <= set(lexicon[tagger_key("شارون")])
    assert {"ap", "ac"} <= set(lexicon[tagger_key("قطر")])
    assert "ap" not in lexicon[tagger_key("حكومة")] and "ac" in lexicon[tagger_key("حكومة")]
    assert "ap" in lexicon[tagger_key("زوليك")]
    assert not Recogniser().recognise("رأينا شارون في الصورة، وفي كتاب زوليك فصول")


def test_wikidata_name_parts_are_tagger_features_but_never_rule_names():
    """Words of people's names in Wikidata tell the tagger a word is used as a
    given name or a surname; many are ordinary words too, so the rules ignore them."""
    from site_builder.text.fold import tagger_key
    from site_builder.ner.features import load_lexicon
    from site_builder.ner.tagger import DATA_DIR

    lexicon = load_lexicon(DATA_DIR)
    assert {"wg", "wn:m"} <= set(lexicon[tagger_key("ياسر")])
    assert "ws" in lexicon[tagger_key("الطالباني")]
    assert not Recogniser().recognise("كان سعيد جدا بما رآه في الصورة")


@pytest.mark.parametrize("text", ["وقعت الشركة السعودية عقدا جديدا.", "أعلنت الخطوط السعودية عن رحلات إضافية.",
                                  "ارتفعت سوق الأسهم السعودية اليوم.", "وصلت القوات السعودية إلى الحدود.",
                                  "التقى وفد الحكومة السعودية بالمسؤولين."])
def test_the_adjective_is_not_the_country(recogniser, text):
    assert "السعودية" not in [m.text for m in recogniser.recognise(text)]


@pytest.mark.parametrize("text", ["زار الملك السعودية أمس.", "وصل الوفد إلى السعودية.", "قالت السعودية إن الاتفاق مهم.",
                                  "بين مصر والسعودية علاقات قوية.", "أعلنت الحكومة، السعودية والإمارات، موقفا."])
def test_the_country_after_a_verb_a_preposition_a_particle_or_a_masculine_noun(recogniser, text):
    assert [(m.text, m.type) for m in recogniser.recognise(text) if m.text == "السعودية"] == [("السعودية", "place")]


@pytest.mark.parametrize("text", ["صرح المدرب بأن الفريق جاهز للمباراة.", "وقال الفريق جاهز ثم قال الفريق جاهز."])
def test_a_dictionary_word_after_a_title_is_no_person(recogniser, text):
    assert not [m for m in recogniser.recognise(text) if m.type == "person"]


def test_a_name_after_a_title_is_still_a_person(recogniser):
    assert [(m.text, m.type) for m in recogniser.recognise("قال الرئيس فلاديمير بوتين إن الاتفاق مهم.")] == [
        ("فلاديمير بوتين", "person")]


@pytest.mark.parametrize("text, name", [("صرح لصحيفة «الوئام» بأن الموسم بدأ.", "الوئام"),
                                        ("وقال لـ«الشرق الأوسط» إن الاجتماع مهم.", "الشرق الأوسط"),
                                        ("وأوضح لـ«عكاظ» أن المشروع بدأ.", "عكاظ"),
                                        ("ذكرت قناة «العربية» أن الوفد وصل.", "العربية")])
def test_a_quoted_newspaper_is_an_organisation(recogniser, text, name):
    assert (name, "organization") in [(m.text, m.type) for m in recogniser.recognise(text)]


def test_a_quoted_place_stays_a_place(recogniser):
    assert [(m.text, m.type) for m in recogniser.recognise("سافر الوفد إلى «الرياض» أمس.")] == [("الرياض", "place")]


def test_a_club_named_by_one_word_with_the_article(recogniser):
    assert [(m.text, m.type) for m in recogniser.recognise("وقع نادي الهلال مع اللاعب.")] == [
        ("الهلال", "organization")]


@pytest.mark.parametrize("text, name", [("فاز تشيلسي على ليفربول.", "تشيلسي"), ("قرر فيفا معاقبة الاتحاد.", "فيفا"),
                                        ("أطلقت نوكيا هاتفا جديدا.", "نوكيا")])
def test_clubs_federations_and_companies_are_organisations(recogniser, text, name):
    assert (name, "organization") in [(m.text, m.type) for m in recogniser.recognise(text)]


def test_kabul_is_not_apple(recogniser):
    assert not [m for m in recogniser.recognise("وصل الوفد إلى كابل أمس.") if m.type == "organization"]


@pytest.mark.parametrize("text", ["قال مدير سجون المنطقة إن البرنامج بدأ.", "وهنأ رئيس الدولة بذكرى اليوم الوطني.",
                                  "فاز الفريق 2/صفر على منافسه."])
def test_nouns_after_a_title_are_no_persons(recogniser, text):
    assert not [m for m in recogniser.recognise(text) if m.type == "person"]


# -- the tagger's recogniser (entities.model = "shipped"): the tagger first, then the lists --

@pytest.fixture(scope="module")
def tagger_recogniser():
    from site_builder.ner.tagger import default_model
    if default_model() is None:
        pytest.skip("this installation has no shipped tagger model")
    return Recogniser(None, default_model())


def test_a_site_with_the_shipped_model_runs_the_tagger(make_site, tagger_recogniser):
    from conftest import build_site
    root = make_site({"content/a.md": MATCH}, '[entities]\nmodel = "shipped"\n')
    build_site(root)
    page = (root / "_site" / "articles" / "a" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'class="organization" href="[^"]*">الأهلي</a>', page)


def test_the_tagger_keeps_the_seed_names_whole(tagger_recogniser):
    got = {(m.text, m.type) for m in tagger_recogniser.recognise(seed_text())}
    assert {("كيم جونغ أون", "person"), ("فلاديمير بوتين", "person"), ("جو تشون ريونغ", "person"),
            ("جو تشون ريونج", "person"), ("البيت الأبيض", "organization"),
            ("مجلس الأمن القومي", "organization"), ("روسيا", "place")} <= got
    assert {m.text for m in tagger_recogniser.recognise(seed_text())} & COMMON == set()


def test_with_the_tagger_the_lists_find_ministries_and_regions_it_misses(tagger_recogniser):
    got = found(tagger_recogniser, "وأعلنت وزارة الداخلية أمس أن دوريات منطقة عسير ضبطت المهربين.")
    assert ("وزارة الداخلية", "organization") in got and ("عسير", "place") in got


def test_a_title_with_a_pronoun_is_no_person(tagger_recogniser):
    got = found(tagger_recogniser, "وقد استقبل سموه الوفد في مكتبه، وأكد معاليه أن الوزارة ماضية في خطتها.")
    assert not [text for text, kind in got if kind == "person"]


def test_a_listed_name_keeps_its_type(tagger_recogniser):
    got = found(tagger_recogniser, "ويعمل الهاتف الجديد بنظام أندرويد، بينما يعمل آيفون بنظام آخر.")
    assert ("أندرويد", "misc") in got and ("آيفون", "misc") in got


@pytest.mark.parametrize("text, words, kind", [
    ("وقصفت الطائرات خان يونس جنوب القطاع.", "خان يونس", "place"),  # a town of GeoNames
    ("وامتدت المظاهرات حتى ديار بكر شرقا.", "ديار بكر", "place"),
    ("وقال يونس محمود إن الفريق جاهز.", "يونس محمود", "person"),  # no town
])
def test_a_town_the_tagger_reads_as_a_person_is_the_town(recogniser, text, words, kind):
    from site_builder.ner.candidates import TAGGED, candidate
    from site_builder.ner.document import Document
    from site_builder.text.tokens import tokenize
    doc = Document(text, tokenize(text))
    first = [t.text for t in doc.tokens].index(words.split()[0])
    tagged = candidate(doc, first, first + len(words.split()), None, "person", TAGGED)
    assert recogniser._listed_type(doc, tagged).type == kind


@pytest.mark.parametrize("text, name", [
    ("وقال حزب الليكود إن الانتخابات قريبة.", "الليكود"),
    ("وأعلنت الويبو عن برنامج جديد للملكية الفكرية.", "الويبو"),
    ("وتبنت حركة الجهاد الإسلامي العملية.", "الجهاد الإسلامي"),
    ("وذكرت وكالة الأنباء الكويتية أن الوفد وصل.", "وكالة الأنباء الكويتية"),
])
def test_the_lists_know_the_parties_and_agencies_of_the_news(tagger_recogniser, text, name):
    assert (name, "organization") in found(tagger_recogniser, text)


@pytest.mark.parametrize("text, name, inner, kind", [
    ("وأعلن اتحاد أميركا الجنوبية لكرة القدم موعد البطولة.", "اتحاد أميركا الجنوبية لكرة القدم", "أميركا", "place"),
    ("وبررت وكالة أنباء الشرق الأوسط الرسمية القرار.", "وكالة أنباء الشرق الأوسط", "الشرق الأوسط", "place"),
])
def test_a_listed_body_holds_the_place_in_its_name(text, name, inner, kind):
    """Whatever the tagger reads inside it, a listed body's name is the body's."""
    from site_builder.ner.candidates import GAZETTEER, TAGGED, candidate
    from site_builder.ner.document import Document
    from site_builder.ner import gazetteer
    from site_builder.ner.recogniser import _inside_longer
    from site_builder.text.tokens import tokenize
    doc = Document(text, tokenize(text))
    words = [t.text for t in doc.tokens]
    at = lambda phrase: words.index(phrase.split()[0])  # noqa: E731
    listed = candidate(doc, at(name), at(name) + len(name.split()), None, "organization", GAZETTEER)
    tagged = candidate(doc, at(inner), at(inner) + len(inner.split()), None, kind, TAGGED)
    assert _inside_longer(listed, tagged, gazetteer.load())


def test_a_listed_name_that_begins_with_lam_is_read_after_the_preposition(recogniser):
    """«للجنة» is ل + «اللجنة» (the article's alif and a ل are not written), not ل + «الجنة»
    ("paradise"): the committee's page, with the preposition outside the highlight."""
    text = "وقدم اعتذارا رسميا للجنة الأولمبية الدولية اليوم."
    (mention,) = recogniser.recognise(text)
    assert (mention.text, mention.type) == ("لجنة الأولمبية الدولية", "organization")
    from site_builder.text.tokens import name_key
    assert mention.key == name_key("اللجنة الأولمبية الدولية")
    assert found(recogniser, "وقال للجزيرة إن الوضع صعب.") == []  # no «اللجزيرة» is listed


def test_a_tribal_chiefs_title_is_no_name(tagger_recogniser):
    got = found(tagger_recogniser, "وأعرب شيخ شمل قبائل بني مالك الشيخ أحمد بن علي عن عزائه.")
    assert not [name for name, kind in got if kind == "person" and "شيخ" in name]
    assert ("أحمد بن علي", "person") in got


def test_a_game_is_no_body_and_a_team_ends_before_its_club(tagger_recogniser):
    got = found(tagger_recogniser, "وكان مروان دفتردار المدير التنفيذي في فريق كرة القدم بنادي الاتحاد قد أكد ذلك.")
    assert not [name for name, _ in got if "كرة" in name]
    assert ("الاتحاد", "organization") in got


@pytest.mark.parametrize("text, words, expected", [
    ("وهي أول مباراة بين النصر والهلال في لندن.", "النصر والهلال",
     [("النصر", "organization"), ("الهلال", "organization")]),
    ("وصل الوفد إلى البوسنة والهرسك أمس.", "البوسنة والهرسك", [("البوسنه والهرسك", "organization")]),
    ("التقى الوفد رئيس الوزراء وسط حضور كبير.", "رئيس الوزراء وسط", [("رئيس الوزراء وسط", "organization")]),
])
def test_two_listed_names_joined_by_and_are_two(text, words, expected):
    """The lists know each side on its own; a listed name that holds «و» stays one."""
    from site_builder.ner import gazetteer
    from site_builder.ner.candidates import TAGGED, candidate
    from site_builder.ner.coordinated import two_names
    from site_builder.ner.document import Document
    from site_builder.text.tokens import tokenize
    doc = Document(text, tokenize(text))
    first = [t.text for t in doc.tokens].index(words.split()[0])
    tagged = candidate(doc, first, first + len(words.split()), None, "organization", TAGGED)
    assert [(c.form, c.type) for c in two_names(doc, tagged, gazetteer.load())] == \
        [(name_key(form), kind) for form, kind in expected]


def test_the_article_on_a_bare_place_makes_another_word(recogniser):
    """Seoul is «سيول»; «السيول» are the floods, whatever a tagger reads."""
    from site_builder.ner.candidates import TAGGED, candidate
    from site_builder.ner.document import Document
    from site_builder.text.tokens import tokenize
    text = "سقطوا غرقا في مياه السيول، ووصل الرئيس إلى سيول."
    doc = Document(text, tokenize(text))
    at = [t.text for t in doc.tokens].index("السيول")
    assert recogniser._dictionary_word(doc, candidate(doc, at, at + 1, None, "place", TAGGED))
    assert ("سيول", "place") in found(recogniser, text)


def test_the_feminine_adjective_without_the_article_is_not_the_country(recogniser):
    assert found(recogniser, "هذه أول شركة سعودية تصدر سندات، فكيف تكون المصانع سعودية؟") == []
    assert ("السعودية", "place") in found(recogniser, "وزار الوفد السعودية أمس.")


def test_a_tagged_name_ends_before_a_preposition(tagger_recogniser):
    got = found(tagger_recogniser, "وقال متحدث باسم مجلس الأمن القومي بالبيت الأبيض إن اللقاء مهم.")
    assert ("مجلس الأمن القومي", "organization") in got


def test_a_given_name_alone_is_the_one_person_who_bears_it(tagger_recogniser):
    text = ("وقال الباحث ماجد الحربي إن الدراسة شملت ألف طالب. وأضاف ماجد أن النتائج مشجعة.\n"
            "والتقى أحمد السالم وأحمد العلي بالوفد. وقال أحمد إن اللقاء مثمر.")
    keys = {(m.text, m.key) for m in tagger_recogniser.recognise(text)}
    assert ("ماجد", "ماجد الحربي") in keys
    assert not [k for t, k in keys if t == "أحمد"]  # two of the article's persons are called أحمد


def test_a_tagged_person_does_not_begin_with_a_preposition(tagger_recogniser):
    assert not [t for t, kind in found(tagger_recogniser, "وحصلت على دراستي في الخارج.") if kind == "person"]


def test_the_curation_file_names_come_before_the_tagger(make_site, tagger_recogniser):
    from conftest import build_site
    root = make_site({"content/a.md": "---\ntitle: خبر\n---\nوقال زيدان كلامًا جميلا عن الفريق.\n",
                      "entities.toml": '[[entity]]\nname = "زيدان"\ntype = "person"\n'})
    build_site(root)
    page = (root / "_site" / "articles" / "a" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'class="person" href="[^"]*">زيدان</a> كلامًا', page)


def test_a_tagged_person_does_not_begin_with_a_particle(tagger_recogniser):
    got = found(tagger_recogniser, "قال المؤرخ إن الابن البكر هو إسماعيل وليس إسماعيل الثاني.")
    assert not [t for t, kind in got if kind == "person" and t.startswith("وليس")]


@pytest.mark.parametrize("text, name, kind", [
    ("ونشرت جريدة الرياض تقريرًا عن المعرض.", "الرياض", "organization"),
    ("وقال نادي الهلال إن اللاعب مصاب.", "الهلال", "organization"),
    ("وذكرت صحيفة الوئام أن الاجتماع انتهى.", "الوئام", "organization"),
])
def test_the_default_recogniser_reads_clubs_and_papers_by_their_kind(text, name, kind):
    from site_builder.ner.tagger import default_model
    if default_model() is None:
        pytest.skip("this installation has no shipped tagger model")
    assert (name, kind) in found(Recogniser(None, default_model()), text)


def test_the_default_recogniser_marks_no_kind_of_body_as_a_name():
    from site_builder.ner.tagger import default_model
    if default_model() is None:
        pytest.skip("this installation has no shipped tagger model")
    got = found(Recogniser(None, default_model()), "وانتقد منظمة حقوق إنسان دولية القرار.")
    assert not [text for text, kind in got if kind == "organization"]


def test_ali_written_for_the_preposition_is_no_person(tagger_recogniser):
    """«علي» is also how many type the preposition «على»: before a noun it is the preposition,
    after a title or before a conjunction it is Ali."""
    text = ("تولى الإمام علي بن أبي طالب الخلافة، واستطاع الإمام علي ورجاله إعادة الأمن.\n"
            "وعمل علي القضاء علي جذور الفتنة، وحرص علي المستثمرين وأقبل علي دراسته.")
    got = [(m.text, m.start) for m in tagger_recogniser.recognise(text) if m.text == "علي"]
    assert [text[start:start + 10] for _, start in got] == ["علي ورجاله"]


@pytest.mark.parametrize("text, name", [("وفاز بنفيكا على سلتيك في لشبونة.", "بنفيكا"),
                                        ("وأعلنت فولكس فاغن خطة جديدة.", "فولكس فاغن"),
                                        ("وتعادل الهلال السعودي مع السد القطري.", "السد القطري")])
def test_clubs_and_companies_of_the_lists_are_organisations(recogniser, text, name):
    assert (name, "organization") in [(m.text, m.type) for m in recogniser.recognise(text)]


@pytest.mark.parametrize("text, name", [
    ("وافتتح جلالة الملك عبدالله الثاني المعرض أمس.", "عبدالله الثاني"),
    ("وزار البابا بنديكت السادس عشر المدينة.", "بنديكت السادس عشر"),
])
def test_a_monarch_is_named_with_his_regnal_number(tagger_recogniser, text, name):
    assert (name, "person") in found(tagger_recogniser, text)


def test_a_seed_after_a_players_name_is_no_regnal_number(tagger_recogniser):
    got = found(tagger_recogniser, "وفاز اللاعب الألماني طومي هاس الرابع عشر على منافسه.")
    assert not [t for t, kind in got if "الرابع" in t]


def test_one_ordinary_word_is_no_place_the_tagger_guessed(tagger_recogniser):
    got = found(tagger_recogniser,
                "وأصبحت المحافظة محطة عبور للمساعدات، وتجددت ثورة بركان على الجزيرة.")
    assert not [t for t, kind in got if t in ("عبور", "بركان")]


@pytest.mark.parametrize("text, clubs", [
    ("فاز الهلال على النصر في الدوري.", ["الهلال", "النصر"]),
    ("وقال مدرب الاتحاد إن الفريق جاهز.", ["الاتحاد"]),
    ("تقام مباراة الأهلي والزمالك غدا.", ["الأهلي", "الزمالك"]),
    ("يواجه الفتح أمام القادسية الليلة.", ["الفتح", "القادسية"]),
])
def test_a_club_named_by_an_ordinary_word_is_found_where_the_game_announces_it(recogniser, text, clubs):
    assert [(m.text, m.type) for m in recogniser.recognise(text)] == [(c, "organization") for c in clubs]


@pytest.mark.parametrize("text", [
    "تترقب المملكة رؤية الهلال مساء اليوم.",
    "يشارك الشباب في المعرض.",
    "قالت إن الاتحاد قوة، وإن العين ترى.",
])
def test_the_same_words_elsewhere_are_ordinary_words(recogniser, text):
    assert not [m for m in recogniser.recognise(text) if m.type == "organization"]


@pytest.mark.parametrize("text, name", [
    ("وقعت حوادث بولاية أوكلاهوما ارتفعت بعدها الأسعار.", "أوكلاهوما"),
    ("في مدينة بنغازي اندلعت اشتباكات عنيفة.", "بنغازي"),
])
def test_a_verb_after_a_place_is_not_part_of_its_name(recogniser, text, name):
    assert [m.text for m in recogniser.recognise(text) if m.type == "place"] == [name]


@pytest.mark.parametrize("text, places", [
    ("وهو ما وجده على أرض الواقع.", []),
    ("شكر الجماهير على ما وجده من حفاوة.", []),
    ("وصل الوفد إلى مكتبه بجده فجر اليوم.", ["جده"]),
    ("زار الرياض وجدة والدمام.", ["الرياض", "جدة", "الدمام"]),
])
def test_a_verb_with_its_pronoun_is_not_and_a_place(recogniser, text, places):
    assert [m.text for m in recogniser.recognise(text) if m.type == "place"] == places


class _PlacesTagger:
    """A tagger sure that the given words are places: what the recogniser keeps of its guesses."""

    def __init__(self, words: set[str]):
        self.words = words

    def tag_many_with_odds(self, inputs):
        import numpy as np
        return [([["B-LOC" if w in self.words else "O" for w in s] for s in sentences],
                 [np.array([0.99 if w in self.words else 0.01 for w in s]) for s in sentences])
                for sentences in inputs]


@pytest.mark.parametrize("currency", ["شيكل", "الدينار", "الليرة", "درهم"])
def test_a_currency_the_tagger_reads_as_a_place_is_no_place(currency):
    recogniser = Recogniser()
    recogniser._tagger = _PlacesTagger({currency, "بغداد"})
    got = found(recogniser, f"وبلغ السعر أربعة آلاف {currency} في بغداد أمس.")
    assert ("بغداد", "place") in got and not [t for t, _ in got if t.endswith(currency.removeprefix("ال"))]


@pytest.mark.parametrize("text", ["وصرفت الإعانات للمعلمين والقرى النائية للأشهر (محرم وربيع الأول) للعام الدراسي.",
                                  "وصرفت المكافآت للأشهر (صفر وربيع الثاني) للعام الدراسي."])
def test_a_hijri_month_is_no_person(tagger_recogniser, text):
    assert not [t for t, _ in found(tagger_recogniser, text) if t.startswith("ربيع")]


def test_a_given_name_is_not_echoed_inside_a_word_it_ends(tagger_recogniser):
    got = found(tagger_recogniser, "وشكرت الفنانة رئيس البلدية جان الأسمر على لفتته. "
                                   "وقالت إنها تحترم أعضاء لجان التحكيم في البرامج.")
    assert ("جان الأسمر", "person") in got and ("جان", "person") not in got


@pytest.mark.parametrize("text, name, kind", [
    ("أقيم الملتقى بمركز الملك فهد الثقافي بأبها أمس.", "مركز الملك فهد الثقافي", "organization"),
    ("أقامت جامعة الإمام محمد بن سعود الإسلامية حفل معايدة.", "جامعة الإمام محمد بن سعود الإسلامية",
     "organization"),
    ("أقيمت الفعاليات بمنتزه الأمير محمد بن سعود بمدينة الباحة.", "منتزه الأمير محمد بن سعود", "place"),
    ("يستعد الفريق لخوض موسمه الأول في دوري عبداللطيف جميل للمحترفين.", "دوري عبداللطيف جميل", "misc"),
    ("أجريت العملية في مستشفى الملك فيصل التخصصي بالرياض.", "مستشفى الملك فيصل التخصصي", "organization"),
    ("والمقرر أن تقام المباراة بأرض إستاد جاسم بن حمد بالدوحة.", "إستاد جاسم بن حمد", "place"),
])
def test_an_institution_named_after_a_person_is_the_institution(tagger_recogniser, text, name, kind):
    got = found(tagger_recogniser, text)
    assert (name, kind) in got and not [t for t, k in got if k == "person"]


def test_the_person_an_institution_is_named_after_stays_a_person_elsewhere(tagger_recogniser):
    assert ("محمد بن سعود", "person") in found(tagger_recogniser, "وقال الأمير محمد بن سعود إن المشروع مهم.")


@pytest.mark.parametrize("text", ["وتم بحمد الله وتوفيقه التصدي لتلك المحاولات.",
                                  "وتم بتوفيق الله تدمير منصات إطلاق القذائف.",
                                  "وأين هي من إنسانية الدولة؟ وأين مجلس الشورى؟"])
def test_phrases_of_prose_the_tagger_reads_as_persons(tagger_recogniser, text):
    assert not [t for t, k in found(tagger_recogniser, text) if k == "person"]


def test_a_name_that_is_a_question_word_with_its_conjunction_is_kept(tagger_recogniser):
    assert ("واين روني", "person") in found(tagger_recogniser, "وسجل واين روني هدفين.")


@pytest.mark.parametrize("text", ["وكان الوزير قد صرح في نيسان (أبريل) الماضي بأن الحجم ارتفع.",
                                  "وفي أبريل (نيسان) الماضي ارتفعت المبيعات."])
def test_a_syriac_month_beside_its_gregorian_name_is_a_date(tagger_recogniser, text):
    assert not [t for t, _ in found(tagger_recogniser, text) if t == "نيسان"]


def test_the_carmaker_is_still_the_carmaker(tagger_recogniser):
    assert ("نيسان", "organization") in found(tagger_recogniser, "وأعلنت شركة نيسان عن سيارة جديدة.")


@pytest.mark.parametrize("text, name", [("واكتسح أرسنال ضيفه ليون الفرنسي.", "ليون"),
                                        ("وقعت الحادثة في ولاية كاليفورنيا.", "كاليفورنيا")])
def test_a_name_is_not_cut_into_a_prefix_and_a_short_or_article_word(tagger_recogniser, text, name):
    assert name in {t for t, _ in found(tagger_recogniser, text)}


def test_an_ordinary_noun_ending_a_misread_name_is_not_echoed_as_a_family_name():
    from site_builder.ner import echoes, gazetteer
    gaz = gazetteer.load()
    assert echoes._short_forms(("شمس", "العيد"), "person", gaz) == []  # the feast, not a family
    assert echoes._short_forms(("عادل", "الجبير"), "person", gaz) == ["الجبير"]
    assert echoes._short_forms(("نوري", "المالكي"), "person", gaz) == ["المالكي"]  # a nisba


def test_a_family_name_is_still_echoed(tagger_recogniser):
    got = found(tagger_recogniser, "وقال عادل الجبير إن المملكة ماضية. وأكد الجبير أن الحل سياسي.")
    assert ("الجبير", "person") in got


@pytest.mark.parametrize("text", ["ولحسن الحظ لم يصب أحد في الحادث.", "وقال: أنا سعيد بهذا الفوز.",
                                  "فيا عباد الله اتقوا الله."])
def test_prose_shaped_like_a_name_is_no_person(tagger_recogniser, text):
    assert not [t for t, k in found(tagger_recogniser, text) if k == "person"]


def test_basim_alone_is_not_echoed_where_it_means_in_the_name_of(tagger_recogniser):
    got = found(tagger_recogniser, "وقال باسم خالد الدوسري إن القضية انتهت. "
                                   "وقال أحد المتحدثين باسم البنتاغون إن العملية انتهت.")
    assert ("باسم", "person") not in got


@pytest.mark.parametrize("text, name", [
    ("وقال عميد كلية الدراسات التطبيقية إن البرنامج بدأ.", "كلية الدراسات التطبيقية"),
    ("قدمت وكالة المخابرات الداخلية الألمانية شكوى.", "وكالة المخابرات الداخلية الألمانية"),
    ("قال الرئيس التنفيذي لشركة بترول الإمارات الوطنية إن القرار صائب.", "بترول الإمارات الوطنية"),
    ("نظمت الهيئة الملكية بالتعاون مع مجلس الأعمال السعودي الأمريكي ندوة.", "مجلس الأعمال السعودي الأمريكي"),
])
def test_a_body_keeps_the_words_of_its_name(tagger_recogniser, text, name):
    assert (name, "organization") in found(tagger_recogniser, text)


def test_a_board_named_by_its_chairman_is_not_an_institution(tagger_recogniser):
    got = found(tagger_recogniser, "بعد حل إدارة الأمير فهد بن خالد واستقبال الملفات.")
    assert ("فهد بن خالد", "person") in got


# -- clubs named after their city (``city_clubs``) --

@pytest.mark.parametrize("text, club", [
    ("وتعادل ليل الفرنسي مع ميلان الإيطالي في المباراة.", "ميلان"),
    ("وحقق بورتو البرتغالي فوزه الثاني في المجموعة.", "بورتو"),
    ("واستعاد الفريق توازنه بفوزه على كوبنهاغن بهدف.", "كوبنهاغن"),
    ("وانتقل اللاعب إلى فريق هامبورغ في الصيف.", "هامبورغ"),
    ("نتائج المجموعة: سلتيك ( اسكتلندا ) - كوبنهاغن ( الدنمارك ) 1 - صفر.", "كوبنهاغن"),
])
def test_a_city_the_sentence_makes_a_club_is_an_organisation(tagger_recogniser, text, club):
    assert (club, "organization") in found(tagger_recogniser, text)


@pytest.mark.parametrize("text, city", [
    ("وزار الوفد ليون الفرنسية قبل أن يعود.", "ليون"),
    ("وعقد المؤتمر في كوبنهاغن ( الدنمارك ) الأسبوع الماضي.", "كوبنهاغن"),
    ("واحتشدت جماهير القاهرة في الميدان.", "القاهرة"),
    ("ونقل المصاب إلى مستشفى في هامبورغ.", "هامبورغ"),
])
def test_a_city_stays_a_city_outside_the_game(tagger_recogniser, text, city):
    assert (city, "place") in found(tagger_recogniser, text)


def test_a_country_is_never_made_a_club(tagger_recogniser):
    got = found(tagger_recogniser, "وفاز المغرب على تونس في المباراة الودية.")
    assert ("المغرب", "organization") not in got


def test_a_listed_country_holds_the_place_found_inside_it(tagger_recogniser):
    got = found(tagger_recogniser, "وتستضيف جنوب أفريقيا البطولة، وتشارك دول شرق أفريقيا فيها.")
    assert ("جنوب أفريقيا", "place") in got
    assert ("شرق أفريقيا", "place") not in got  # a region: the compass word stays outside


def test_a_name_written_twice_in_a_row_is_two_mentions():
    from site_builder.ner.tagged_names import TaggedSpan, _doubled
    from site_builder.text.tokens import tokenize
    tokens = tokenize("بحث سيغموند فرويد سيغموند فرويد ولد")
    got = _doubled([TaggedSpan(1, 5, "person", sure=False)], tokens)
    assert [(s.first, s.stop) for s in got] == [(1, 3), (3, 5)]
    assert _doubled([TaggedSpan(1, 3, "person")], tokens) == [TaggedSpan(1, 3, "person")]


@pytest.mark.parametrize("name, kept", [("جين شاركوه", True), ("برند جوتشولك", True), ("ساندرا بولوك", True),
                                        ("يحيى زوجته", False), ("محفوظ مبكرا", False), ("ليلحق بالحسن", False),
                                        ("رؤوس سهام", False), ("فيصل التخصصي", False), ("شاركوه", False)])
def test_an_unsure_full_name_stays_when_every_word_reads_as_a_name(name, kept):
    from site_builder.ner import gazetteer
    from site_builder.ner.tagged_names import _full_name
    from site_builder.text.tokens import tokenize
    assert _full_name(gazetteer.load(), tokenize(name)) is kept


def test_a_channel_and_a_club_of_one_name_are_two_pages(make_site):
    """The kind stays outside the link, and the page of each joins it with its kind."""
    from conftest import build_site
    root = make_site({"content/a.md": "---\ntitle: قناة\n---\nوقالت قناة الجزيرة إن الاجتماع انتهى.\n",
                      "content/b.md": "---\ntitle: نادي\n---\nووقع نادي الجزيرة مع اللاعب.\n"})
    build_site(root)
    pages = [(root / "_site" / "articles" / slug / "index.html").read_text(encoding="utf-8") for slug in "ab"]
    links = [re.search(r'<a class="organization" href="([^"]*)">الجزيرة</a>', page) for page in pages]
    assert all(links) and links[0].group(1) != links[1].group(1)


def test_the_suez_canal_is_no_channel(tagger_recogniser):
    got = found(tagger_recogniser, "وعبرت السفن قناة السويس الجديدة أمس.")
    assert not [text for text, kind in got if kind == "organization"]


def test_a_body_named_by_a_dictionary_word_is_not_echoed_as_that_word(tagger_recogniser):
    got = found(tagger_recogniser, "ونشرت مجلة الكتاب ملفا عن القراءة. وقال الكاتب إن الكتاب صديق دائم.")
    assert got.count(("الكتاب", "organization")) <= 1


def test_a_country_adjective_before_a_person_is_the_persons(tagger_recogniser):
    got = found(tagger_recogniser, "وفاز عليه رئيس الاتحاد الأفريقي الكاميروني عيسى حياتو في الانتخابات.")
    assert ("الاتحاد الأفريقي", "organization") in got and ("عيسى حياتو", "person") in got


def test_a_club_the_tagger_read_as_a_person_is_a_club(tagger_recogniser):
    got = found(tagger_recogniser, "فيما كسب نادي رضوى نظيره بنتيجة ثلاثة أهداف.")
    assert ("رضوى", "organization") in got


@pytest.mark.parametrize("form, adjective", [("الكاميروني", True), ("المصري", True), ("السعودي", True),
                                             ("الألماني", True), ("الدولي", False), ("العربي", False),
                                             ("الرسمي", False)])
def test_a_country_adjective_is_read_from_the_country(form, adjective):
    from site_builder.ner import gazetteer
    from site_builder.ner.recogniser import _country_adjective
    from site_builder.text.tokens import name_key
    assert _country_adjective(gazetteer.load(), name_key(form)) is adjective
