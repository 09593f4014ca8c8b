"""``xproj score``: tables, JSON, types, JSONL sides, coded errors; real data against seqeval."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest
from seqeval.metrics import f1_score

from xproj_core.cli import main
from xproj_core.evaluate.perturb import perturb_corpus
from xproj_core.io.conll import read_conll, write_conll
from xproj_core.io.jsonl import write_jsonl
from xproj_core.types import SentencePair

TOKENS = [["Ada", "Lovelace", "visited", "Paris", "."], ["UNESCO", "met", "in", "Rome"]]
GOLD = [["B-PER", "I-PER", "O", "B-LOC", "O"], ["B-ORG", "O", "O", "B-LOC"]]
PRED = [["B-PER", "O", "O", "B-LOC", "O"], ["B-ORG", "O", "O", "B-ORG"]]


def conll(path: Path, tags: list[list[str]], tokens: list[list[str]] = TOKENS) -> Path:
    write_conll(path, zip(tokens, tags))
    return path


def jsonl(path: Path, tgt_tags: list[list[str]] | None, src_tags: list[list[str]] | None = None) -> Path:
    pairs = [
        SentencePair(f"s{i}", "en", "xx", TOKENS[i], TOKENS[i],
                     None if src_tags is None else src_tags[i], None if tgt_tags is None else tgt_tags[i])
        for i in range(len(TOKENS))
    ]  # fmt: skip
    write_jsonl(path, pairs)
    return path


def score_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(["score", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_table_and_json(tmp_path, capsys):
    gold, pred = conll(tmp_path / "gold.conll", GOLD), conll(tmp_path / "pred.conll", PRED)
    assert main(["score", "--gold", str(gold), "--pred", str(pred)]) == 0
    out = capsys.readouterr().out
    assert "2 sentences" in out
    lines = out.splitlines()
    assert next(line for line in lines if line.startswith("LOC")).split() == ["LOC", "1.0000", "0.5000", "0.6667", "2"]
    assert next(line for line in lines if line.startswith("micro")).split() == [
        "micro",
        "0.5000",
        "0.5000",
        "0.5000",
        "4",
    ]
    result = score_json(capsys, "--gold", str(gold), "--pred", str(pred))
    assert result["micro"]["f1"] == f1_score(GOLD, PRED) == 0.5
    org = {"precision": 0.5, "recall": 1.0, "f1": 2 / 3, "support": 1, "tp": 1, "n_pred": 2}
    assert result["per_type"]["ORG"] == org
    assert result["categories"] == {"correct": 2, "wrong_type": 1, "wrong_boundary": 1, "spurious": 0, "missed": 0}


def test_types_restriction(tmp_path, capsys):
    gold, pred = conll(tmp_path / "gold.conll", GOLD), conll(tmp_path / "pred.conll", PRED)
    result = score_json(capsys, "--gold", str(gold), "--pred", str(pred), "--types", "PER,LOC")
    assert list(result["per_type"]) == ["LOC", "PER"] and result["types"] == ["PER", "LOC"]
    assert (result["micro"]["tp"], result["micro"]["n_pred"], result["micro"]["support"]) == (1, 2, 3)


def test_jsonl_sides_and_mixed_formats(tmp_path, capsys):
    gold = conll(tmp_path / "gold.conll", GOLD)
    pred = jsonl(tmp_path / "pred.jsonl", PRED, src_tags=GOLD)
    assert score_json(capsys, "--gold", str(gold), "--pred", str(pred))["micro"]["f1"] == 0.5
    assert score_json(capsys, "--gold", str(gold), "--pred", str(pred), "--side", "src")["micro"]["f1"] == 1.0


def error_of(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["score", *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    return captured.err.strip()


def test_errors_name_files_and_lines(tmp_path, capsys):
    gold = conll(tmp_path / "gold.conll", GOLD)
    short = conll(tmp_path / "short.conll", GOLD[:1], TOKENS[:1])
    err = error_of(capsys, "--gold", str(gold), "--pred", str(short))
    assert err == f"xproj: error: [E400] {short}: 1 predicted sentences but 2 in gold {gold}"
    other = conll(tmp_path / "other.conll", GOLD, [TOKENS[0], ["UNESCO", "met", "at", "Rome"]])
    err = error_of(capsys, "--gold", str(gold), "--pred", str(other))
    assert err == f"xproj: error: [E401] {other}:7: tokens differ from gold {gold}:7: token 3 is 'at', gold has 'in'"
    longer = conll(tmp_path / "longer.conll", [GOLD[0], GOLD[1] + ["O"]], [TOKENS[0], TOKENS[1] + ["!"]])
    assert "5 tokens, gold has 4" in error_of(capsys, "--gold", str(gold), "--pred", str(longer))
    untagged = jsonl(tmp_path / "untagged.jsonl", None)
    err = error_of(capsys, "--gold", str(gold), "--pred", str(untagged))
    assert err == f"xproj: error: [E402] {untagged}:1: record has no tgt_tags"
    assert "[E001]" in error_of(capsys, "--gold", str(tmp_path / "missing.conll"), "--pred", str(gold))


def test_real_data_equals_seqeval(shared_data, tmp_path, capsys):
    path = shared_data / "europarl-ner/de-europarl.test.conll02"
    sentences = read_conll(path)
    gold = [s.tags for s in sentences]
    pred = perturb_corpus(gold, "mixed", seed=5)
    pred_path = conll(tmp_path / "pred.conll", pred, [s.tokens for s in sentences])
    result = score_json(capsys, "--gold", str(path), "--pred", str(pred_path))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert result["micro"]["f1"] == f1_score(gold, pred)
    assert result["n_sentences"] == 799
