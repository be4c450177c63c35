"""Where a person's name the tagger found begins and ends (``ner.person_edges``)."""

from __future__ import annotations

import pytest

from site_builder.ner import gazetteer
from site_builder.ner.candidates import TAGGED, candidate
from site_builder.ner.document import Document
from site_builder.ner.person_edges import PersonEdges, indefinite, named_after_a_nationality, two_people
from site_builder.text.tokens import readings, tokenize


@pytest.fixture(scope="module")
def edges():
    return PersonEdges(gazetteer.load())


def _doc(text: str) -> Document:
    return Document(text, tokenize(text))


def _tagged(doc: Document, words: str):
    """The candidate the tagger would give for ``words`` (the first place they occur)."""
    forms = [t.text for t in doc.tokens]
    size = len(words.split())
    first = next(i for i in range(len(forms)) if forms[i:i + size] == words.split())
    return candidate(doc, first, first + size, None, "person", TAGGED)


def _shown(doc: Document, cands) -> list[str]:
    return [doc.text[doc.tokens[c.first].start + c.cut:doc.tokens[c.stop - 1].end] for c in cands]


@pytest.mark.parametrize("text, tagged, expected", [
    ("وكان نزار قباني يكتب الشعر صغيرًا.", "نزار قباني يكتب الشعر", ["نزار قباني"]),
    ("وقال مدحت صالح يغني في الحفل.", "مدحت صالح يغني", ["مدحت صالح"]),
    ("وأعلن أن محمد بن سلمان سيترأس الوفد.", "محمد بن سلمان سيترأس", ["محمد بن سلمان"]),
    ("وقال نجيب محفوظ مبكرًا إنه يكتب.", "نجيب محفوظ مبكرًا", ["نجيب محفوظ"]),
    ("وقدم حجاج عبد العظيم برنامجا جديدا.", "حجاج عبد العظيم برنامجا", ["حجاج عبد العظيم"]),
    ("ورافقته ابنته ليلى مراد في الحفل.", "ابنته ليلى مراد", ["ليلى مراد"]),
    ("وسجل ماركو فان باستن هدفين.", "ماركو فان", ["ماركو فان باستن"]),
    ("وخطب سعد بن أبي وقاص في الجند.", "سعد بن أبي", ["سعد بن أبي وقاص"]),
    ("التقى بلير وأولمرت في القدس.", "بلير وأولمرت", ["بلير", "أولمرت"]),
    ("وقال تركي بن سعود الناطق باسم الوزارة.", "تركي بن سعود الناطق", ["تركي بن سعود"]),
    ("وقال العميد ركن أحمد عسيري إن العملية مستمرة.", "ركن أحمد عسيري", ["أحمد عسيري"]),
    ("وسجل الأوروجوياني فابيان استريلا الهدف.", "الأوروجوياني فابيان استريلا", ["فابيان استريلا"]),
    ("وانضم الغاني سولي مونتاري إلى الفريق.", "الغاني سولي مونتاري", ["سولي مونتاري"]),
    ("وقال إن الرئيس المخلوع علي عبدالله صالح لم يعد.", "عبدالله صالح", ["علي عبدالله صالح"]),
    ("ويكسر الحوثيون وعلي عبدالله صالح الهدنة.", "عبدالله صالح", ["علي عبدالله صالح"]),
    ("وسجلت الإيطالية فلافيا بينيتا نقطة.", "الإيطالية فلافيا بينيتا", ["فلافيا بينيتا"]),
    ("وقال عبدالله بن محمد البركاتي إن العمل مستمر.", "بن محمد البركاتي", ["عبدالله بن محمد البركاتي"]),
    ("وافتتح مركز الملك عبدالله للدراسات أبوابه.", "الملك عبدالله للدراسات", ["عبدالله"]),
    ("وبلغت سعة الذاكرة 16 غيغابايت.", "16 غيغابايت", ["غيغابايت"]),
    ("وقال علي بن أبي طالب رضي الله عنه.", "علي بن أبي طالب رضي الله", ["علي بن أبي طالب"]),
    ("وسافر فهد العتيبي لكي يدرس.", "فهد العتيبي لكي", ["فهد العتيبي"]),
    ("وقال هو ابن هلال الأسد إن الأمر انتهى.", "هو ابن هلال الأسد", ["ابن هلال الأسد"]),
    ("لقد غادر بوريس يلتسين الكرملين بعد مرض طويل.", "بوريس يلتسين الكرملين", ["بوريس يلتسين"]),
])
def test_the_edges_move_to_where_a_reader_puts_them(edges, text, tagged, expected):
    doc = _doc(text)
    assert _shown(doc, edges.shape(doc, _tagged(doc, tagged))) == expected


@pytest.mark.parametrize("text, name", [
    ("وقالت تشوي سون هوي إن الزيارة مهمة.", "تشوي سون هوي"),
    ("ورافقه جو تشون ريونغ في الرحلة.", "جو تشون ريونغ"),
    ("واستقبل وليد بن طلال الوفد.", "وليد بن طلال"),
    ("وقال لويس فان جال إن الفريق جاهز.", "لويس فان جال"),
    ("وقال يزيد منصور القحطاني إن العمل مستمر.", "يزيد منصور القحطاني"),
    ("وعين فهد سليمان عبد المحسن القباع مديرًا.", "فهد سليمان عبد المحسن القباع"),
    ("وقال السفير جان مارك دو لا سابليير إن الوضع هادئ.", "جان مارك دو لا سابليير"),
])
def test_names_that_only_look_like_other_words_are_kept_whole(edges, text, name):
    doc = _doc(text)
    assert _shown(doc, edges.shape(doc, _tagged(doc, name))) == [name]


def test_two_people_side_by_side_are_two_names():
    doc = _doc("التقى فلاديمير بوتين مع كيم جونغ أون. ولن يزود بوتين كيم بالتكنولوجيا.")
    chosen = [_tagged(doc, "فلاديمير بوتين"), _tagged(doc, "كيم جونغ أون"), _tagged(doc, "بوتين كيم")]
    assert _shown(doc, two_people(doc, chosen)) == ["فلاديمير بوتين", "كيم جونغ أون", "بوتين", "كيم"]


def test_a_name_the_article_gives_twice_is_not_cut_in_two():
    doc = _doc("قال أحمد علي إن الاجتماع انتهى. وأضاف أحمد علي أن علي سالم حضر. وحضر أحمد سالم.")
    chosen = [_tagged(doc, "أحمد علي"), _tagged(doc, "علي سالم"), _tagged(doc, "أحمد سالم")]
    chosen.insert(1, candidate(doc, 9, 11, None, "person", TAGGED))  # the second «أحمد علي»
    assert len(two_people(doc, chosen)) == 4


def test_tanween_marks_a_common_word():
    assert indefinite("كلامًا") and indefinite("رجلٌ") and not indefinite("كلام") and not indefinite("سعيد")

def test_a_place_ends_before_a_verb(edges):
    doc = _doc("وفي ولاية أوكلاهوما ارتفعت درجات الحرارة.")
    place = candidate(doc, 2, 4, None, "place", TAGGED)
    assert _shown(doc, edges.shape(doc, place)) == ["أوكلاهوما"]


@pytest.mark.parametrize("word, kind, expected", [
    ("وبدر", "person", "بدر"),        # و + a given name
    ("وروسيا", "place", "روسيا"),      # و + a listed place
    ("وليد", "person", "وليد"),        # a given name of its own
    ("لجنة", "organization", "لجنة"),  # not ل + «جنة», though «جنة» is a name in Wikidata
    ("بنك", "organization", "بنك"),
])
def test_a_prefix_is_cut_off_the_tagged_name_only_before_a_known_name(word, kind, expected):
    from site_builder.ner.tagged_names import _clitics
    reading = _clitics(gazetteer.load(), word, kind)
    assert (word[reading.cut:] if reading else word) == expected


def test_a_name_the_tagger_keeps_finding_is_sure_wherever_the_article_writes_it():
    from site_builder.ner.tagged_names import TaggedSpan, _repeated_are_sure
    text = "قال فرويد إن الحلم رغبة. وكتب فرويد كتابا. وزار كافو المدينة. ورأى زيدان الملعب ثم غادر زيدان."
    tokens = tokenize(text)
    at = {t.text: i for i, t in reversed(list(enumerate(tokens)))}
    second = next(i for i, t in enumerate(tokens) if t.text == "زيدان" and i > at["زيدان"])
    found = [TaggedSpan(at["فرويد"], at["فرويد"] + 1, "person", False),
             TaggedSpan(at["فرويد"] + 5, at["فرويد"] + 6, "person", False),  # marked twice, each time unsure
             TaggedSpan(at["كافو"], at["كافو"] + 1, "person", False),  # once, unsure
             TaggedSpan(at["زيدان"], at["زيدان"] + 1, "person", True),
             TaggedSpan(second, second + 1, "person", False)]  # sure elsewhere in the article
    assert tokens[at["فرويد"] + 5].text == "فرويد"
    assert [span.sure for span in _repeated_are_sure(found, tokens)] == [True, True, False, True, True]


def test_an_unsure_tagged_name_stays_only_when_the_lists_vouch_for_each_word():
    from site_builder.ner.tagged_names import _unsure_kept
    gaz = gazetteer.load()
    assert _unsure_kept(gaz, tokenize("فلاديمير بوتين"))
    assert _unsure_kept(gaz, tokenize("وأحمد العلي"))  # و + a given name
    assert not _unsure_kept(gaz, tokenize("محمد أحاديث"))  # sayings, no name
    assert not _unsure_kept(gaz, tokenize("ليضربوا"))


def _typed(doc: Document, words: str, kind: str):
    return candidate(doc, _tagged(doc, words).first, _tagged(doc, words).stop, None, kind, TAGGED)


def test_a_place_between_a_nationality_and_a_name_is_the_first_name():
    doc = _doc("بوجود مايكل كاريك والإسباني أندير هيريرا في الوسط.")
    got = named_after_a_nationality(doc, [_typed(doc, "أندير", "place"), _typed(doc, "هيريرا", "person")])
    assert [(c.form, c.type) for c in got] == [("اندير هيريرا", "person")]


def test_a_place_after_a_nationality_alone_or_with_a_preposition_stays_a_place():
    doc = _doc("وصل اللاعب الإسباني مدريد أمس، والتقى الألماني بأفغانستان هانز أوليش.")
    at = _tagged(doc, "بأفغانستان").first
    reading = next(r for r in readings(doc.tokens[at].text) if r.prefix == "ب")
    tagged = [_typed(doc, "مدريد", "place"), candidate(doc, at, at + 1, reading, "place", TAGGED),
              _typed(doc, "هانز أوليش", "person")]
    assert named_after_a_nationality(doc, tagged) == tagged
