import pytest

from xproj_core import datasets
from xproj_core.datasets import corpus_alignments, data_roots, list_datasets, load_corpus
from xproj_core.errors import XprojError
from xproj_core.io.jsonl import write_jsonl


@pytest.fixture
def no_env(monkeypatch):
    monkeypatch.delenv(datasets.ENV_VAR, raising=False)


@pytest.fixture
def bare(no_env, monkeypatch, tmp_path):
    """As in a fresh clone: no ../shared/data."""
    monkeypatch.setattr(datasets, "SHARED", tmp_path / "absent")


def test_vendored_europarl(no_env):
    corpus = load_corpus("europarl-ner:en-de")
    assert len(corpus) == 799 and corpus.meta["root"] == str(datasets.VENDORED)
    first = corpus[1]
    assert (first.src_lang, first.tgt_lang) == ("en", "de")
    assert first.src_tokens[:3] == ["I", "declare", "resumed"] and first.tgt_tokens[0] == "Ich"
    assert len(first.src_tokens) == len(first.src_tags) and len(first.tgt_tokens) == len(first.tgt_tags)
    assert corpus.has_src_tags and corpus.has_tgt_tags
    assert len(load_corpus("europarl-ner:de-it")) == 799


def test_vendored_listing(bare):
    infos = {i.name: i for i in list_datasets()}
    assert {n: i.size for n, i in infos.items()} == {
        "alignment-gold:en-fr": 447,
        "bam-translate-test": 637,
        "europarl-ner:en-de": 799,
        "europarl-ner:en-es": 799,
        "europarl-ner:en-it": 799,
        "nllb-seed:eng-bam": 6193,
    }
    assert {i.root for i in infos.values()} == {str(datasets.VENDORED)}


def test_vendored_bambara_translate_test(bare):
    corpus = load_corpus("bam-translate-test")
    assert len(corpus) == 637 and not corpus.has_src_tags and corpus.has_tgt_tags
    first = corpus[0]
    assert (first.src_lang, first.tgt_lang) == ("en", "bam")
    assert first.tgt_tokens[6:8] == ["Dirisa", "Togola"] and first.tgt_tags[6:8] == ["B-PER", "I-PER"]
    links = corpus_alignments(corpus)
    # the shipped AccAlign pairs are [English, Bambara]: English "Dirisa" (4) - Bambara "Dirisa" (6)
    assert (4, 6) in links[0][0] and (0, 0) in links[0][0]
    assert all(i < len(p.src_tokens) and j < len(p.tgt_tokens) for p, (s, _) in zip(corpus, links) for i, j in s)


def test_vendored_seed_and_gold_alignments(bare):
    seed = load_corpus("nllb-seed:eng-bam")
    assert len(seed) == 6193 and seed[0].src_tokens[:3] == ["Lillian", "Diana", "Gish"]
    assert seed[0].tgt_tokens[:2] == ["Lilian", "Diana"] and seed[0].tgt_tags is None
    gold = load_corpus("alignment-gold:en-fr")
    assert len(gold) == 447
    sure, possible = zip(*corpus_alignments(gold))
    assert sure[0] == {(0, 0), (1, 1)} and sum(map(len, possible)) > 0
    with pytest.raises(XprojError, match=r"\[E017\] .*word alignment"):
        corpus_alignments(seed)


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


def test_not_available_without_data_dir(bare):
    with pytest.raises(XprojError, match=r"\[E017\] dataset 'masakhaner2:hau' is not available: .*--data-dir"):
        load_corpus("masakhaner2:hau")


def test_unknown_names(no_env, tmp_path):
    with pytest.raises(XprojError, match=r"\[E013\] unknown dataset 'nope:x'"):
        load_corpus("nope:x")
    for name in ("europarl-ner:en-fr", "bam-translate-test:x", "multi30k:en-de:task3", "flores:bam-en", "mafand:en-yor:x:y"):
        with pytest.raises(XprojError, match=r"\[E013\]"):
            load_corpus(name)
    with pytest.raises(XprojError, match=r"\[E001\]"):
        load_corpus("europarl-ner:en-de", tmp_path / "missing")
    with pytest.raises(XprojError, match=r"\[E001\]"):
        load_corpus(str(tmp_path / "missing.jsonl"))


def test_vendored_equals_shared(shared_data, no_env):
    assert load_corpus("europarl-ner:en-de").pairs == load_corpus("europarl-ner:en-de", shared_data).pairs


def test_names_from_shared_data(shared_data, no_env):
    names = {i.name: i.size for i in list_datasets(shared_data)}
    expected = {
        "masakhaner2:hau:test": 1633, "mafand:en-yor:test": 1558, "menyo:en-yor:test": 6633,
        "salt:eng-lug:test": 500, "multi30k:en-de:task1:test_2016_flickr": 1000,
        "multi30k:en-de:task2:test_2016": 25000, "flores:en-bam": 1012, "tatoeba:en-swa": 387,
        "wmt:hau-en:newstest2021": 997, "alignment-gold:ro-en": 248, "silveralign:eng-deu": 227,
        "conll2003-en:test": 3453, "wikiann:swa:test": 1000, "nllb-seed:eng-mri": 6193,
    }
    assert {n: names.get(n) for n in expected} == expected
    hau = load_corpus("masakhaner2:hau", shared_data)
    assert hau.name == "masakhaner2:hau:test" and len(hau) == 1633
    assert hau[0].src_tokens == [] and hau[0].tgt_lang == "hau" and hau[0].tgt_tags[0] == "B-ORG"
    luo = load_corpus("mafand:en-luo", shared_data)
    assert len(luo) == 1500 and luo[0].tgt_lang == "luo"
    assert len(load_corpus("multi30k:en-fr:task1:val", shared_data)[0].meta["image"]) > 0
    assert len(load_corpus("wmt:en-hau:newstest2021", shared_data)) == 1000
    assert len(load_corpus("salt:lug-ach:dev", shared_data)) == 500
    assert load_corpus("bam-translate-test", shared_data).pairs == load_corpus("bam-translate-test").pairs
