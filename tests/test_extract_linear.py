"""Text extraction stays linear for adversarial shapes (issue 10 §1).

Each shape is mapped at 100,000 characters (half the page's limit) under the app's own time
budget (`geo.text.budget`). Linear, the slowest shape takes well under a second here; the
quadratic paths this guards against took about 50 s at this length ("Bakı" + "x"…, or
"а"… in Cyrillic), so they overrun the budget and fail with its message instead of timing.
The figures per 100 KB against ordinary text are in the benchmark (bench/adversarial.py).
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.adversarial_shapes import SHAPES, adversarial_text
from geo.model.loader import load_dataset
from geo.text.budget import extract_within
from geo.text.extract import normalise_text
from geo.text.gazetteer import Gazetteer, fold_confusables, normalise_key

LENGTH = 100_000
# Generous: a loaded machine may run the slowest linear shape several times slower.
BUDGET_S = 15


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    # The shipped places only: the GeoNames index takes seconds to build; the quadratic paths
    # were in normalisation and key folding, which every gazetteer uses.
    return Gazetteer(load_dataset().places, geonames=False)


def check_offsets(raw: str, result) -> None:
    for item in [*result.mentions, *result.dates]:
        assert raw[item.start : item.end] == item.text, item


@pytest.mark.parametrize("shape", SHAPES)
def test_an_adversarial_text_maps_within_the_budget(gazetteer: Gazetteer, shape: str) -> None:
    raw = adversarial_text(shape, LENGTH)
    assert len(raw) == LENGTH

    result = extract_within(raw, gazetteer, BUDGET_S)

    check_offsets(raw, result)


LETTERS = st.sampled_from(
    "xXaAzZéİıß"  # Latin
    "аАжЖсСеЕоО"  # Cyrillic, look-alikes among them
    "αΑλΛοΟ"  # Greek
    "աԱბაبשकि中ー"  # Armenian, Georgian, Arabic, Hebrew, Devanagari, CJK
)
SEPARATORS = st.sampled_from(["", "", "", "-", ".", "'", "’", " ", "\n", "-\n", ". ", "\u00ad", "\u00a0", "7"])
UNITS = st.lists(st.one_of(LETTERS, SEPARATORS), min_size=1, max_size=5).map("".join).filter(str.strip)


@settings(max_examples=12, deadline=None, database=None)
@given(prefix=st.text(max_size=8), unit=UNITS)
def test_any_repeated_shape_maps_within_the_budget(gazetteer: Gazetteer, prefix: str, unit: str) -> None:
    raw = (prefix + unit * (LENGTH // len(unit)))[:LENGTH]

    result = extract_within(raw, gazetteer, BUDGET_S)

    check_offsets(raw, result)


@pytest.mark.parametrize(
    ("word", "folded"),
    [
        ("Afriсan", "African"),  # Cyrillic с inside a Latin word
        ("Москва", "Москва"),  # wholly Cyrillic: left alone
        ("Αthens and Москва", "Athens and Москва"),
        ("x" + "а" * 300, "x" + "a" * 300),  # the Latin letter far before the look-alikes still counts
        ("а" * 300 + "x", "a" * 300 + "x"),
        ("Bakı" + "x" * 300, "Bakı" + "x" * 300),  # no look-alike: unchanged
    ],
)
def test_look_alike_letters_are_read_as_latin_only_in_words_with_latin_letters(word: str, folded: str) -> None:
    assert fold_confusables(word) == folded
    assert normalise_text(word)[0] == folded


def test_a_long_word_of_look_alikes_keys_like_its_latin_spelling() -> None:
    assert normalise_key("Ba" + "к" * 50_000 + "u") == "ba" + "k" * 50_000 + "u"


def test_a_run_of_words_is_read_only_while_a_known_name_goes_on() -> None:
    point = {"type": "Point", "coordinates": [45.4, 39.2]}
    gazetteer = Gazetteer(
        [{"id": "nakhchivan", "name": "Nakhchivan Autonomous Republic", "geometry": point}], geonames=False
    )

    assert gazetteer.continues("nakhchivan") and gazetteer.continues("nakhchivan autonomous")
    assert not gazetteer.continues("nakhchivan autonomous republic")  # the whole name: nothing longer
    assert not gazetteer.continues("autonomous") and not gazetteer.continues("a")
    (mention,) = extract_within("They met in Nakhchivan Autonomous Republic Airport.", gazetteer, BUDGET_S).mentions[:1]
    assert mention.place_id == "nakhchivan" and mention.text == "Nakhchivan Autonomous Republic"
