import json
import re

import pytest

from xproj_core import datasets
from xproj_core.cli import main
from xproj_core.io.jsonl import read_jsonl
from xproj_core.io.pharaoh import read_pharaoh


@pytest.fixture(autouse=True)
def bare(monkeypatch, tmp_path):
    """Run as in a fresh clone: vendored data only."""
    monkeypatch.delenv(datasets.ENV_VAR, raising=False)
    monkeypatch.setattr(datasets, "SHARED", tmp_path / "absent")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_convert_dataset_name_to_jsonl(tmp_path, capsys):
    out = tmp_path / "x.jsonl"
    code, stdout, _ = run(capsys, "convert", "europarl-ner:en-de", "--out", str(out), "--json")
    assert code == 0 and json.loads(stdout)["records"] == 799
    pairs = read_jsonl(out)
    assert len(pairs) == 799 and pairs[1].src_lang == "en" and pairs[1].tgt_tags is not None
    assert set(json.loads(out.read_text(encoding="utf-8").splitlines()[0])) == {
        "id",
        "src_lang",
        "tgt_lang",
        "src_tokens",
        "tgt_tokens",
        "src_tags",
        "tgt_tags",
        "meta",
    }


def test_convert_to_conll_and_pharaoh(tmp_path, capsys):
    de, en = tmp_path / "de.conll", tmp_path / "en.conll"
    assert run(capsys, "convert", "europarl-ner:en-de", "--to", "conll", "--out", str(de), "--out-src", str(en))[0] == 0
    assert en.read_bytes() == (datasets.VENDORED / "europarl-ner/en-europarl.test.conll02").read_bytes()
    gold = tmp_path / "g.pharaoh"
    assert (
        run(capsys, "convert", "alignment-gold:en-fr", "--to", "pharaoh", "--one-indexed", "--out", str(gold))[0] == 0
    )
    vendored = datasets.VENDORED / "word-alignment-gold/awesome-align/enfr.gold"
    assert read_pharaoh(gold, one_indexed=True) == read_pharaoh(vendored, one_indexed=True)
    acc = tmp_path / "acc.pharaoh"
    assert run(capsys, "convert", "bam-translate-test", "--to", "pharaoh", "--out", str(acc))[0] == 0
    assert (0, 0) in read_pharaoh(acc)[0][0] and len(read_pharaoh(acc)) == 637


def test_convert_files_with_format(tmp_path, capsys):
    pairs_file = tmp_path / "p.txt"
    pairs_file.write_text("John runs ||| Jean court\n")
    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps({"tokens": ["Jean", "court"], "ner_tags": [1, 0]}) + "\n")
    links = tmp_path / "l.pharaoh"
    links.write_text("0-0 1-1\n")
    out = tmp_path / "o.jsonl"
    argv = ["convert", str(pairs_file), "--format", "tokpairs", "--gold", str(gold), "--links", str(links)]
    assert run(capsys, *argv, "--src-lang", "en", "--tgt-lang", "fr", "--out", str(out))[0] == 0
    (pair,) = read_jsonl(out)
    assert pair.tgt_tags == ["B-PER", "O"] and pair.meta["links"] == [[0, 0], [1, 1]] and pair.tgt_lang == "fr"
    again = tmp_path / "again.jsonl"
    assert run(capsys, "convert", str(out), "--out", str(again))[0] == 0
    assert read_jsonl(again) == [pair]


@pytest.mark.parametrize(
    "files, extra, pattern",
    [
        (
            {"en.conll": b"a\tO\n\nb\tO\n", "de.conll": b"a\tO\n"},
            ["--format", "conll2"],
            r"^xproj: error: \[E007\] .*de.conll: parallel files have different sentence counts: "
            r"2 in .*en.conll but 1 in .*de.conll$",
        ),
        (
            {"t.conll": b"a\tO\nb\tB-PER\nc\n"},
            ["--format", "conll"],
            r"^xproj: error: \[E003\] .*t.conll:3: 3 tokens but 2 tags$",
        ),
        (
            {"l.txt": b"ok\nSch\xf6n\n", "r.txt": b"ok\nfine\n"},
            ["--format", "lines"],
            r"^xproj: error: \[E005\] .*l.txt:2: not valid UTF-8 \(byte 0xf6 at offset 6\)$",
        ),
        (
            {"d.xyz": b"a\n"},
            [],
            r"^xproj: error: \[E006\] d.xyz: unknown format '.xyz'; known formats: jsonl, .*\(pass --format\)$",
        ),
        ({"d.txt": b"a\n"}, ["--format", "csv"], r"^xproj: error: \[E006\] .*d.txt: unknown format 'csv'"),
        ({"e.conll": b""}, ["--format", "conll"], r"^xproj: error: \[E002\] .*e.conll: file is empty$"),
        ({}, ["missing.conll", "--format", "conll"], r"^xproj: error: \[E001\] missing.conll: file not found$"),
        ({}, ["nope:x"], r"^xproj: error: \[E013\] unknown dataset 'nope:x'"),
    ],
)
def test_bad_input_one_line_nonzero_nothing_written(tmp_path, capsys, monkeypatch, files, extra, pattern):
    monkeypatch.chdir(tmp_path)
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    out = tmp_path / "out.jsonl"
    code, stdout, stderr = run(capsys, "convert", *files, *extra, "--out", str(out))
    assert code != 0 and stdout == ""
    assert len(stderr.strip().splitlines()) == 1
    assert re.match(pattern, stderr.strip()), stderr
    assert not out.exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".out")]


def test_datasets_command(capsys):
    code, stdout, _ = run(capsys, "datasets", "--json")
    payload = json.loads(stdout)
    assert code == 0 and {d["name"]: d["size"] for d in payload["datasets"]}["bam-translate-test"] == 637
    code, stdout, _ = run(capsys, "datasets")
    assert "europarl-ner:en-de" in stdout and "799" in stdout and "6 datasets" in stdout


def test_convert_tsv_and_multiway(tmp_path, capsys):
    tsv = tmp_path / "t.tsv"
    tsv.write_text("English\tYoruba\nGood morning, Ade.\tẸ káàárọ̀, Adé.\n", encoding="utf-8")
    out = tmp_path / "t.jsonl"
    argv = ["convert", str(tsv), "--format", "tsv", "--src-column", "English", "--tgt-column", "Yoruba"]
    assert run(capsys, *argv, "--src-lang", "en", "--tgt-lang", "yor", "--out", str(out))[0] == 0
    (pair,) = read_jsonl(out)
    assert pair.src_tokens == ["Good", "morning", ",", "Ade", "."] and pair.tgt_tokens == [
        "Ẹ",
        "káàárọ̀",
        ",",
        "Adé",
        ".",
    ]
    salt = tmp_path / "s.jsonl"
    salt.write_text(json.dumps({"text": {"eng": "Hi", "lug": "Gyebale"}}) + "\n")
    out = tmp_path / "s.out.jsonl"
    argv = ["convert", str(salt), "--format", "multiway", "--src-lang", "eng", "--tgt-lang", "lug", "--out", str(out)]
    assert run(capsys, *argv)[0] == 0 and read_jsonl(out)[0].tgt_tokens == ["Gyebale"]
