from __future__ import annotations

import json

from xproj_core.cli import main
from xproj_core.io.hf import MASAKHANER_LABELS as MASAKHANER_IDS
from xproj_core.io.jsonl import read_jsonl, write_jsonl
from xproj_core.types import SentencePair

BAM_DIR = "devil-in-details-bam-translate-test"


def _corpus(tmp_path):
    pairs = [
        SentencePair(
            "a",
            "en",
            "es",
            ["Ana", "lives", "in", "Madrid", "."],
            ["Ana", "vive", "en", "Madrid", "."],
            ["B-PER", "O", "O", "B-LOC", "O"],
            ["B-PER", "O", "O", "B-LOC", "O"],
        ),
        SentencePair("b", "en", "es", ["Hello", "."], ["Hola", "."], ["O", "O"], ["O", "O"]),
    ]
    path = tmp_path / "c.jsonl"
    write_jsonl(path, pairs)
    return path


def test_translate_test_mode_keeps_target_gold(tmp_path, capsys) -> None:
    table = tmp_path / "t.txt"
    table.write_text("Ana lives in Madrid. ||| Ana vive en Madrid .\nHi! ||| Hola .\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert (
        main(
            [
                "translate",
                "--corpus",
                str(_corpus(tmp_path)),
                "--translator",
                f"cached:{table}",
                "--mode",
                "test",
                "--out",
                str(out),
                "--json",
            ]
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out)["tokenizer"] == "whitespace"
    first, second = read_jsonl(out)
    assert first.src_tokens == ["Ana", "lives", "in", "Madrid."] and first.src_tags is None
    assert first.tgt_tags == ["B-PER", "O", "O", "B-LOC", "O"] and first.meta["translate_mode"] == "test"
    assert second.src_tokens == ["Hi!"] and second.meta["translation"] == "Hi!"


def test_translate_train_mode_spacy_tokenizer(tmp_path) -> None:
    table = tmp_path / "t.txt"
    table.write_text("Ana lives in Madrid . ||| Ana vive en Madrid.\nHello . ||| ¡Hola!\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert (
        main(
            [
                "translate",
                "--corpus",
                str(_corpus(tmp_path)),
                "--translator",
                f"cached:{table}",
                "--mode",
                "train",
                "--tokenizer",
                "spacy",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    first, second = read_jsonl(out)
    assert first.tgt_tokens == ["Ana", "vive", "en", "Madrid", "."] and first.tgt_tags is None
    assert first.src_tags == ["B-PER", "O", "O", "B-LOC", "O"] and first.meta["tokenizer"] == "spacy-blank:es"
    assert second.tgt_tokens == ["¡", "Hola", "!"]


def test_translate_missing_translation_is_an_error(tmp_path, capsys) -> None:
    table = tmp_path / "t.txt"
    table.write_text("x ||| y\n", encoding="utf-8")
    assert (
        main(
            [
                "translate",
                "--corpus",
                str(_corpus(tmp_path)),
                "--translator",
                f"cached:{table}",
                "--mode",
                "test",
                "--out",
                str(tmp_path / "o.jsonl"),
            ]
        )
        == 2
    )
    assert "E501" in capsys.readouterr().err


def test_cached_reproduces_published_bambara_translate_test(tmp_path, shared_data) -> None:
    root = shared_data / BAM_DIR
    records = [
        json.loads(line) for line in (root / "original/masakhaner/test-bam.jsonl").read_text("utf-8").splitlines()
    ]
    pairs = [
        SentencePair(r["id"], "en", "bam", [], r["tokens"], None, [MASAKHANER_IDS[i] for i in r["ner_tags"]])
        for r in records
    ]
    corpus = tmp_path / "bam.jsonl"
    write_jsonl(corpus, pairs)
    cached = root / "intermediate/nllb/masakhaner/test-translate-bam-en/en-bam-tokens.txt"
    out = tmp_path / "out.jsonl"
    assert (
        main(
            [
                "translate",
                "--corpus",
                str(corpus),
                "--translator",
                f"cached:{cached}",
                "--mode",
                "test",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    published = [
        json.loads(line)["tokens"]
        for line in (root / "final/nllb/accalign/masakhaner/test-translate-bam-en.jsonl")
        .read_text("utf-8")
        .splitlines()
    ]
    translated = read_jsonl(out)
    assert len(translated) == len(published) == 637
    assert [p.src_tokens for p in translated] == published
    assert [p.tgt_tags for p in translated] == [p.tgt_tags for p in pairs]


def test_translate_train_with_markers(tmp_path, capsys) -> None:
    table = tmp_path / "t.txt"
    table.write_text(
        "[ Ana ] lives in [ Madrid ] . ||| [ Ana ] vive en [ Madrid ] .\nHello . ||| Hola .\n"
        "Ana ||| Ana\nMadrid ||| Madrid\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    assert (
        main(
            [
                "translate",
                "--corpus",
                str(_corpus(tmp_path)),
                "--translator",
                f"cached:{table}",
                "--mode",
                "train",
                "--markers",
                "--out",
                str(out),
                "--json",
            ]
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out)["markers"]["survival_rate"] == 1.0
    first, second = read_jsonl(out)
    assert first.tgt_tokens == ["Ana", "vive", "en", "Madrid", "."]
    assert first.tgt_tags == ["B-PER", "O", "O", "B-LOC", "O"] and second.tgt_tags == ["O", "O"]
    assert (
        main(
            [
                "translate",
                "--corpus",
                str(_corpus(tmp_path)),
                "--translator",
                f"cached:{table}",
                "--mode",
                "test",
                "--markers",
                "--out",
                str(out),
            ]
        )
        == 2
    )
