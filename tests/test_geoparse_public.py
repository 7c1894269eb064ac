"""The public-benchmark scorer (bench.geoparse_public): exact spans, errors in km, dev / held-out halves."""

from __future__ import annotations

import pytest

from bench import geoparse_public


def test_exact_spans_count_and_errors_are_measured_on_them():
    targets = [
        {"start": 0, "end": 5, "surface": "Paris", "lat": 48.85, "lon": 2.35},
        {"start": 10, "end": 15, "surface": "Texas", "lat": 31.0, "lon": -100.0},
        {"start": 20, "end": 24, "surface": "Lyon", "lat": None, "lon": None},
    ]
    mentions = [
        {"start": 0, "end": 5, "text": "Paris", "name": "Paris", "lat": 33.66, "lon": -95.55},  # Paris, Texas
        {"start": 20, "end": 24, "text": "Lyon", "name": "Lyon", "lat": 45.75, "lon": 4.85},
        {"start": 30, "end": 36, "text": "Centre", "name": "Centre", "lat": 0.0, "lon": 0.0},
    ]
    score, notes = geoparse_public.score_document(targets, mentions)
    assert (score.predicted, score.gold, score.tagged) == (3, 3, 2)
    assert score.precision == pytest.approx(2 / 3) and score.recall == pytest.approx(2 / 3)
    assert len(score.errors_km) == 1 and score.errors_km[0] > 7000  # only Paris has gold coordinates
    assert score.acc161 == 0.0
    assert any("missed: 'Texas'" in n for n in notes) and any("not a target" in n for n in notes)


def test_auc_is_zero_for_perfect_answers_and_grows_with_the_errors():
    perfect, poor = geoparse_public.Score(errors_km=[0.0, 0.0, 0.0]), geoparse_public.Score(errors_km=[0, 500, 5000])
    assert perfect.auc == 0.0
    assert 0.0 < poor.auc < 1.0


@pytest.mark.parametrize(("doc_id", "dev"), [("0", True), ("1", False), ("41383748", True), ("1030001", False)])
def test_even_ids_are_the_dev_half(doc_id, dev):
    assert geoparse_public.is_dev(doc_id) is dev


def test_a_missing_shared_folder_is_named(monkeypatch, tmp_path):
    monkeypatch.setattr(geoparse_public, "CORPUS_DIR", tmp_path / "absent")
    with pytest.raises(SystemExit, match="absent"):
        geoparse_public.read_corpus("gwn")


def test_misses_wrong_points_and_false_positives_are_counted_by_kind():
    targets = [
        {"start": 0, "end": 5, "surface": "Paris", "lat": 48.85, "lon": 2.35, "fcode": "PPLC"},
        {"start": 10, "end": 15, "surface": "Texas", "lat": 31.0, "lon": -100.0, "fcode": "ADM1"},
        {"start": 20, "end": 32, "surface": "Henry County", "lat": 36.3, "lon": -88.3, "fcode": "ADM2"},
        {"start": 40, "end": 45, "surface": "Volga", "lat": 45.7, "lon": 47.9, "fcode": "STM"},
    ]
    mentions = [
        {"start": 0, "end": 5, "lat": 33.66, "lon": -95.55, "kind": "city", "uncertain": False},  # Paris, Texas
        {"start": 10, "end": 15, "lat": 31.0, "lon": -100.0, "kind": "region", "uncertain": True},
        {"start": 20, "end": 25, "lat": 36.3, "lon": -88.3, "kind": "city", "uncertain": False},  # "Henry" only
        {"start": 50, "end": 56, "lat": 0.0, "lon": 0.0, "kind": "city", "uncertain": False},
    ]
    tallies = geoparse_public.kind_tallies(targets, mentions)
    assert tallies == {
        ("over 161 km off", "PPLC", "city"): 1,
        ("missed", "ADM1", "uncertain"): 1,
        ("missed", "ADM2", "other span"): 1,
        ("missed", "STM", "not found"): 1,
        ("not a target", "city", ""): 2,
    }
