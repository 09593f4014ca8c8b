"""Translators: ``cached:<file>`` (published translations), ``apertium:<pair>`` (Debian, rule-based) and
``hf:<name-or-path>`` (a transformers seq2seq model: NLLB, M2M-100, Marian…, also a :class:`TranslationScorer`).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import Errors, XprojError
from ..io.text import read_lines
from ..io.tokpairs import SEPARATOR, read_token_pairs
from .base import TRANSLATORS

ANY = "*"
"""Language key of translation pairs whose file does not name the languages (usable in both directions)."""


def _normalise(text: str) -> str:
    return " ".join(text.split())


class CachedTranslator:
    """Looks translations up in a file of published translations (exact match, whitespace-normalised).

    Formats: ``a ||| b`` token pairs (read by :mod:`xproj_core.io.tokpairs`, so sides come back joined by
    single spaces) or ``a<TAB>b`` lines (languages unnamed: either side translates to the other), or JSONL
    objects keyed by language code (``{"en": ..., "bam": ...}``, optionally nested under ``"translation"``,
    as in Hugging Face translation datasets). A file whose first non-blank line holds ``|||`` is a token-pair file.
    """

    def __init__(self, path: str) -> None:
        self.name = f"cached:{path}"
        self.path = Path(path)
        self._table: dict[tuple[str, str], dict[str, str]] = {}
        lines = read_lines(self.path, allow_empty_lines=True)
        if self.path.suffix != ".jsonl" and SEPARATOR in next(line for line in lines if line.strip()):
            for src, tgt in read_token_pairs(self.path):
                self._add({"a": " ".join(src), "b": " ".join(tgt)})
            return
        for number, line in enumerate(lines, start=1):
            if line.strip():
                self._add(self._parse(line, number))

    def _parse(self, line: str, number: int) -> dict[str, str]:
        if self.path.suffix == ".jsonl":
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise XprojError(Errors.E011, path=self.path, line=number, detail=error.msg) from None
            record = record.get("translation", record) if isinstance(record, dict) else record
            if not isinstance(record, dict) or len(record) < 2:
                raise XprojError(
                    Errors.E009, path=self.path, line=number, detail="expected an object with a text per language code"
                )
            return {str(k): str(v) for k, v in record.items()}
        sides = line.split("\t")
        if len(sides) != 2:
            raise XprojError(Errors.E009, path=self.path, line=number, detail="expected 'a<TAB>b'")
        return {"a": sides[0], "b": sides[1]}

    def _add(self, record: dict[str, str]) -> None:
        keys = list(record)
        for src in keys:
            for tgt in keys:
                if src != tgt:
                    direction = (ANY, ANY) if set(keys) == {"a", "b"} else (src, tgt)
                    self._table.setdefault(direction, {})[_normalise(record[src])] = record[tgt]

    def translate(self, texts: Sequence[str], src_lang: str, tgt_lang: str) -> list[str]:
        result = []
        for text in texts:
            key = _normalise(text)
            found = self._table.get((src_lang, tgt_lang), {}).get(key) or self._table.get((ANY, ANY), {}).get(key)
            if found is None:
                raise XprojError(Errors.E501, path=self.path, src_lang=src_lang, tgt_lang=tgt_lang, text=text[:80])
            result.append(found)
        return result


class ApertiumTranslator:
    """Debian Apertium (``apertium -u <pair>``): rule-based, one line per sentence; the pair fixes the
    direction (``src_lang``/``tgt_lang`` are not consulted). Unknown words pass through unchanged."""

    def __init__(self, pair: str) -> None:
        self.name = f"apertium:{pair}"
        self.pair = pair
        if shutil.which("apertium") is None:
            raise XprojError(
                Errors.E017,
                what="apertium",
                detail="install Debian's apertium and a pair, e.g. apt-get install apertium-eng-spa",
            )
        modes = self._run(["apertium", "-l"], "")
        if pair not in modes.split():
            raise XprojError(
                Errors.E017,
                what=f"Apertium pair {pair!r}",
                detail=f"installed modes: {', '.join(modes.split()) or 'none'}",
            )

    @staticmethod
    def _run(command: list[str], text: str) -> str:
        process = subprocess.run(command, input=text, capture_output=True, text=True, check=False)
        if process.returncode != 0:
            raise XprojError(Errors.E500, what=" ".join(command), detail=process.stderr.strip()[:200])
        return process.stdout

    def translate(self, texts: Sequence[str], src_lang: str = "", tgt_lang: str = "") -> list[str]:
        if not texts:
            return []
        flat = [" ".join(t.split()) for t in texts]
        lines = self._run(["apertium", "-u", self.pair], "\n".join(flat) + "\n").rstrip("\n").split("\n")
        if len(lines) != len(flat):
            raise XprojError(Errors.E500, what=self.name, detail=f"{len(flat)} lines in, {len(lines)} out")
        return [line.strip() for line in lines]


def parse_lang_codes(value: str | dict[str, str] | None) -> dict[str, str]:
    """``"en=eng_Latn,bam=bam_Latn"`` (or a dict) → ``{"en": "eng_Latn", "bam": "bam_Latn"}``."""
    if isinstance(value, dict):
        return dict(value)
    pairs = [item.split("=", 1) for item in (value or "").split(",") if item.strip()]
    if any(len(p) != 2 for p in pairs):
        raise XprojError(Errors.E016, option=value, detail="expected LANG=CODE,LANG=CODE")
    return {k.strip(): v.strip() for k, v in pairs}


class HfTranslator:
    """A transformers seq2seq model. Language codes: ``lang_codes`` maps our codes to the model's
    (NLLB ``eng_Latn``, M2M ``en``); the source code goes to the tokenizer's ``src_lang``/``tgt_lang``
    when it has them, and a target code that is a vocabulary token is forced as the first generated token."""

    def __init__(
        self,
        name_or_path: str,
        lang_codes: str | dict[str, str] | None = None,
        batch_size: int = 16,
        num_beams: int = 4,
        max_new_tokens: int = 256,
    ) -> None:
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

        self.name = f"hf:{name_or_path}"
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(name_or_path)
            self.model = AutoModelForSeq2SeqLM.from_pretrained(name_or_path).eval()
        except (OSError, ValueError) as error:
            raise XprojError(
                Errors.E017, what=f"seq2seq model {name_or_path!r}", detail=str(error).splitlines()[0]
            ) from None
        self.lang_codes = parse_lang_codes(lang_codes)
        self.batch_size, self.num_beams, self.max_new_tokens = batch_size, num_beams, max_new_tokens

    def _set_langs(self, src_lang: str, tgt_lang: str) -> int | None:
        """Point the tokenizer at the languages; the forced first target token id, if the model has one."""
        src, tgt = self.lang_codes.get(src_lang, src_lang), self.lang_codes.get(tgt_lang, tgt_lang)
        for attribute, code in (("src_lang", src), ("tgt_lang", tgt)):
            if hasattr(self.tokenizer, attribute):
                setattr(self.tokenizer, attribute, code)
        token_id = self.tokenizer.convert_tokens_to_ids(tgt)
        return None if token_id is None or token_id == self.tokenizer.unk_token_id else int(token_id)

    def _batches(self, items: Sequence[Any]) -> list[Sequence[Any]]:
        return [items[k : k + self.batch_size] for k in range(0, len(items), self.batch_size)]

    def translate(self, texts: Sequence[str], src_lang: str, tgt_lang: str) -> list[str]:
        import torch

        forced = self._set_langs(src_lang, tgt_lang)
        result: list[str] = []
        for batch in self._batches(list(texts)):
            inputs = self.tokenizer(list(batch), return_tensors="pt", padding=True, truncation=True)
            with torch.inference_mode():
                output = self.model.generate(
                    input_ids=inputs["input_ids"],
                    attention_mask=inputs["attention_mask"],
                    num_beams=self.num_beams,
                    max_new_tokens=self.max_new_tokens,
                    forced_bos_token_id=forced,
                )
            result += [t.strip() for t in self.tokenizer.batch_decode(output, skip_special_tokens=True)]
        return result

    def log_prob(self, sources: Sequence[str], targets: Sequence[str], src_lang: str, tgt_lang: str) -> list[float]:
        """Teacher-forced mean log-probability per target token (the tokenizer's target encoding, EOS included)."""
        import torch

        self._set_langs(src_lang, tgt_lang)
        result: list[float] = []
        for batch in self._batches(list(zip(sources, targets))):
            encoded = self.tokenizer(
                [s for s, _ in batch],
                text_target=[t for _, t in batch],
                return_tensors="pt",
                padding=True,
                truncation=True,
            )
            labels = encoded["labels"]
            mask = labels != self.tokenizer.pad_token_id
            with torch.inference_mode():
                logits = self.model(
                    input_ids=encoded["input_ids"],
                    attention_mask=encoded["attention_mask"],
                    labels=labels.masked_fill(~mask, -100),
                ).logits
            token_logp = torch.log_softmax(logits.float(), -1).gather(-1, labels.unsqueeze(-1)).squeeze(-1)
            result += ((token_logp * mask).sum(1) / mask.sum(1).clamp(min=1)).tolist()
        return result


@TRANSLATORS.register(
    "cached",
    "published translations looked up in a file (a ||| b, TSV or language-keyed JSONL)",
    takes_argument=True,
    argument_help="FILE",
)
def _cached(path: str) -> CachedTranslator:
    return CachedTranslator(path)


@TRANSLATORS.register(
    "apertium", "Debian Apertium rule-based MT (e.g. apertium:eng-spa)", takes_argument=True, argument_help="PAIR"
)
def _apertium(pair: str) -> ApertiumTranslator:
    return ApertiumTranslator(pair)


@TRANSLATORS.register(
    "hf",
    "transformers seq2seq model (NLLB/M2M/Marian; local path or cached name); also scores translations",
    takes_argument=True,
    argument_help="NAME_OR_PATH",
    options={
        "lang_codes": "LANG=CODE,... (e.g. en=eng_Latn,bam=bam_Latn)",
        "batch_size": "sentences per batch",
        "num_beams": "beam size",
        "max_new_tokens": "output length limit",
    },
)
def _hf(
    name_or_path: str,
    lang_codes: str | None = None,
    batch_size: int = 16,
    num_beams: int = 4,
    max_new_tokens: int = 256,
) -> HfTranslator:
    return HfTranslator(name_or_path, lang_codes, int(batch_size), int(num_beams), int(max_new_tokens))
