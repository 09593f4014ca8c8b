import pytest

from xproj_core import datasets
from xproj_core.datasets import data_roots, list_datasets, load_corpus
from xproj_core.errors import XprojError
from xproj_core.io.jsonl import write_jsonl


@pytest.fixture
def no_env(monkeypatch):
    monkeypatch.delenv(datasets.ENV_VAR, raising=False)


def test_vendored_europarl(no_env):
    corpus = load_corpus("europarl-ner:en-de")
    assert len(corpus) == 799 and corpus.meta["root"] == str(datasets.VENDORED)
    first = corpus[1]
    assert (first.src_lang, first.tgt_lang) == ("en", "de")
    assert first.src_tokens[:3] == ["I", "declare", "resumed"] and first.tgt_tokens[0] == "Ich"
    assert len(first.src_tokens) == len(first.src_tags) and len(first.tgt_tokens) == len(first.tgt_tags)
    assert corpus.has_src_tags and corpus.has_tgt_tags
    assert len(load_corpus("europarl-ner:de-it")) == 799


def test_vendored_listing(no_env, tmp_path):
    infos = {i.name: i for i in list_datasets(tmp_path)}
    assert {"europarl-ner:en-de", "europarl-ner:en-es", "europarl-ner:en-it"} <= set(infos)
    assert infos["europarl-ner:en-it"].size == 799
    assert infos["europarl-ner:en-it"].root == str(datasets.VENDORED)


def test_data_dir_first_then_vendored(no_env, tmp_path, monkeypatch):
    (tmp_path / "europarl-ner").mkdir()
    for lang in ("en", "de"):
        (tmp_path / "europarl-ner" / f"{lang}-europarl.test.conll02").write_text("A\tB-PER\n\nb\tO\n")
    assert data_roots(tmp_path)[:2] == [tmp_path, datasets.VENDORED]
    assert len(load_corpus("europarl-ner:en-de", tmp_path)) == 2
    assert len(load_corpus("europarl-ner:en-es", tmp_path)) == 799
    monkeypatch.setenv(datasets.ENV_VAR, str(tmp_path))
    assert data_roots()[0] == tmp_path and len(load_corpus("europarl-ner:en-de")) == 2


def test_jsonl_path(tmp_path, no_env):
    corpus = load_corpus("europarl-ner:en-it")
    path = tmp_path / "x.jsonl"
    write_jsonl(path, corpus.pairs[:5])
    assert load_corpus(str(path)).pairs == corpus.pairs[:5]


def test_unknown_names(no_env, tmp_path):
    with pytest.raises(XprojError, match=r"\[E013\] unknown dataset 'nope:x'"):
        load_corpus("nope:x")
    with pytest.raises(XprojError, match=r"\[E013\]"):
        load_corpus("europarl-ner:en-fr")
    with pytest.raises(XprojError, match=r"\[E001\]"):
        load_corpus("europarl-ner:en-de", tmp_path / "missing")
    with pytest.raises(XprojError, match=r"\[E001\]"):
        load_corpus(str(tmp_path / "missing.jsonl"))


def test_vendored_equals_shared(shared_data, no_env):
    assert load_corpus("europarl-ner:en-de").pairs == load_corpus("europarl-ner:en-de", shared_data).pairs
