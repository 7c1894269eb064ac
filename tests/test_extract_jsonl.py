"""`python -m geo extract --jsonl FILE`: one JSON result per input line, in order; bad lines named."""

from __future__ import annotations

import json

import pytest

from geo.__main__ import main


def _run(tmp_path, capsys, lines: list[str]) -> tuple[int, list[dict], str]:
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code = main(["extract", "--jsonl", str(path)])
    captured = capsys.readouterr()
    return code, [json.loads(line) for line in captured.out.split("\n") if line.strip()], captured.err


def test_each_line_gives_its_places_in_input_order(tmp_path, capsys):
    code, results, _ = _run(
        tmp_path,
        capsys,
        [
            json.dumps({"id": "b", "text": "Protests spread from Paris to Lyon."}),
            json.dumps({"id": 7, "text": "Nothing here."}),
        ],
    )
    assert code == 0
    assert [r["id"] for r in results] == ["b", "7"]
    paris = next(m for m in results[0]["mentions"] if m["text"] == "Paris")
    assert (paris["start"], paris["end"]) == (21, 26)
    assert paris["lat"] == pytest.approx(48.85, abs=0.5) and paris["lon"] == pytest.approx(2.35, abs=0.5)
    assert paris["uncertain"] is False
    assert results[1]["mentions"] == []


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("not json", "not JSON"),
        ("[1, 2]", "needs an object"),
        (json.dumps({"text": "Baku"}), "field 'id' = None"),
        (json.dumps({"id": "x", "text": 5}), "field 'text' = 5"),
        (json.dumps({"id": True, "text": "Baku"}), "field 'id' = True"),
    ],
)
def test_a_bad_line_is_named_and_the_others_still_come_out(tmp_path, capsys, bad, message):
    good = json.dumps({"id": "ok", "text": "We drove to Tbilisi."})
    code, results, err = _run(tmp_path, capsys, [good, bad, good])
    assert code == 1
    assert f"line 2: {message}" in err
    assert [r.get("id") for r in results] == ["ok", None, "ok"]
    assert results[1]["line"] == 2 and message in results[1]["error"]
    assert any(m["text"] == "Tbilisi" for m in results[2]["mentions"])


def test_a_missing_file_is_named(tmp_path, capsys):
    missing = tmp_path / "nope.jsonl"
    assert main(["extract", "--jsonl", str(missing)]) == 2
    assert "nope.jsonl" in capsys.readouterr().err
