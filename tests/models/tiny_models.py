"""Tiny random transformers models with word-level fast tokenizers, saved to a directory (no downloads)."""

from __future__ import annotations

from pathlib import Path

WORDS = "the president visited berlin paris house of europe a cat el presidente visitó la casa en".split()


def word_tokenizer(specials: list[str], template: str, extra: list[str] = ()):  # type: ignore[no-untyped-def]
    """A ``PreTrainedTokenizerFast`` over ``specials + WORDS + extra`` that splits on whitespace and
    punctuation (so ``berlin-paris`` is one word of three subwords)."""
    from tokenizers import Tokenizer, models, pre_tokenizers, processors
    from transformers import PreTrainedTokenizerFast

    vocab = {token: i for i, token in enumerate(specials + WORDS + list(extra))}
    core = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    core.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.WhitespaceSplit(), pre_tokenizers.Punctuation()])
    core.post_processor = processors.TemplateProcessing(
        single=template, special_tokens=[(t, vocab[t]) for t in specials if t in template]
    )
    return PreTrainedTokenizerFast(tokenizer_object=core, unk_token="[UNK]", pad_token="[PAD]",
                                   additional_special_tokens=list(extra))


def token_classifier(directory: Path, id2label: dict[int, str]) -> Path:
    """A 1-layer BERT token classifier with the given labels."""
    import torch
    from transformers import BertConfig, BertForTokenClassification

    torch.manual_seed(0)
    tokenizer = word_tokenizer(["[PAD]", "[UNK]", "[CLS]", "[SEP]"], "[CLS] $A [SEP]")
    tokenizer.cls_token, tokenizer.sep_token = "[CLS]", "[SEP]"
    config = BertConfig(vocab_size=len(tokenizer), hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=32, max_position_embeddings=64, id2label=id2label,
                        label2id={v: k for k, v in id2label.items()})
    BertForTokenClassification(config).save_pretrained(directory)
    tokenizer.save_pretrained(directory)
    return directory


def seq2seq(directory: Path, lang_tokens: list[str] = ()) -> Path:  # type: ignore[assignment]
    """A 1-layer random Marian model; ``lang_tokens`` become special tokens (for forced target codes)."""
    import torch
    from transformers import MarianConfig, MarianMTModel

    torch.manual_seed(0)
    tokenizer = word_tokenizer(["[PAD]", "[UNK]", "</s>"], "$A </s>", list(lang_tokens))
    tokenizer.eos_token = "</s>"
    config = MarianConfig(vocab_size=len(tokenizer), d_model=16, encoder_layers=1, decoder_layers=1,
                          encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=32,
                          decoder_ffn_dim=32, max_position_embeddings=64, pad_token_id=0, eos_token_id=2,
                          decoder_start_token_id=0, forced_eos_token_id=2)
    MarianMTModel(config).save_pretrained(directory)
    tokenizer.save_pretrained(directory)
    return directory


def encoder(max_length: int = 32):  # type: ignore[no-untyped-def]
    """A tiny random 2-layer BERT as an :class:`xproj_core.models.encoders.Encoder`."""
    import torch
    from transformers import BertConfig, BertModel

    from xproj_core.models.encoders import Encoder

    torch.manual_seed(0)
    tokenizer = word_tokenizer(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "-"], "[CLS] $A [SEP]")
    config = BertConfig(vocab_size=len(tokenizer), hidden_size=8, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=16, max_position_embeddings=64)
    return Encoder("tiny", BertModel(config).eval(), tokenizer, max_length)
