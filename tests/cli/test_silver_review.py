"""xproj import-silver and xproj retrain on a small silver corpus, with a tiny random BERT as the encoder."""

from __future__ import annotations

import json
from pathlib import Path

from tests.fixtures.silver_corpus import write_silver_jsonl
from tests.fixtures.tiny_encoders import tiny_bert
from xproj_core.cli import main
from xproj_core.retrain import past_runs
from xproj_core.store import Store
from xproj_core.types import Span

NAME = "silver:en-xx"


def test_import_then_retrain(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("XPROJ_CACHE", str(tmp_path / "cache"))
    cache = tmp_path / "cache" / "xproj.sqlite"
    silver = write_silver_jsonl(tmp_path / "silver.jsonl")
    assert main(["import-silver", str(silver), "--corpus", NAME, "--cache", str(cache), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload == {"corpus": NAME, "sentences": 12, "methods": 2, "cache": str(cache)}

    gold = tmp_path / "gold.conll"
    gold.write_text("a\tO\npresident\tB-PER\nin\tO\nberlin\tB-ORG\n\n", encoding="utf-8")
    retrain = ["retrain", "--corpus", NAME, "--eval", f"xx={gold}", "--cache", str(cache)]
    tiny = ["--encoder", f"hf:{tiny_bert(tmp_path / 'bert')}", "--layers", "1,3", "--hidden", "8", "--epochs", "2"]
    assert main(retrain + tiny) == 2
    assert "[E055] no corrected sentences in 'silver:en-xx'" in capsys.readouterr().err

    Store(cache).add_correction(NAME, 0, "ada", "set", [Span(1, 2, "PER"), Span(3, 4, "ORG")])
    assert main([*retrain, *tiny, "--method", "e5/ilp-align", "--json"]) == 0
    run = json.loads(capsys.readouterr().out)
    assert set(run["scores"]) == {"uncorrected", "corrected"} and run["corrected"] == 1 and run["sentences"] == 12
    assert all(set(scores["xx"]) >= {"precision", "recall", "f1"} for scores in run["scores"].values())
    assert "ilp-align" in run["method"] and run["settings"]["layers"] == [1, 3] and run["encoder"].startswith("hf:")
    assert past_runs(Store(cache), NAME) == [run]
    assert list((tmp_path / "cache" / "ner-features").iterdir())  # features stored for the next run
    assert main([*retrain, *tiny]) == 0
    assert "xx: F1 " in capsys.readouterr().out and len(past_runs(Store(cache), NAME)) == 2


def test_import_of_a_bad_line_names_file_and_line(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    silver = write_silver_jsonl(tmp_path / "silver.jsonl")
    lines = silver.read_text(encoding="utf-8").splitlines()
    silver.write_text("\n".join([*lines[:4], "{oops", *lines[4:]]) + "\n", encoding="utf-8")
    assert main(["import-silver", str(silver), "--corpus", NAME, "--cache", str(tmp_path / "x.sqlite")]) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith("xproj: error: [E011] ") and f"{silver}:5:" in error and "\n" not in error
    assert Store(tmp_path / "x.sqlite").corpora() == []


def test_import_wants_the_jsonl_output(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    conll = tmp_path / "silver.conll"
    conll.write_text("# id = 0\nKano\tB-LOC\n\n", encoding="utf-8")
    assert main(["import-silver", str(conll), "--corpus", NAME, "--cache", str(tmp_path / "x.sqlite")]) == 2
    assert f"[E006] {conll}: unknown format '.conll'; known formats: .jsonl" in capsys.readouterr().err
