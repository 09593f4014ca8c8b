#!/usr/bin/env bash
# One language end to end: its parallel text → silver data (pairs whose target side is in the MasakhaNER2
# test set removed) → a tagger trained on the silver data, scored on that test set. Prints wall times.
#   LANG_CODE  MasakhaNER2 language (default hau)
#   PARALLEL   parallel dataset(s), "+"-joined (default: mafand:en-$LANG_CODE:train)
#   N          pairs to draw (default 2000; "" for all)
#   ALIGNER    aligner spec (default e5; eflomal is the fast one)
#   BASELINES  1: also zero-shot, silver + English CoNLL and gold-trained taggers (the English side is
#              encoded once per cache: minutes on a fresh one)
# A fresh cache (XPROJ_CACHE=/tmp/empty) measures a first run: the encoder conversion and every encoding.
set -euo pipefail
LANG_CODE=${LANG_CODE:-hau}
PARALLEL=${PARALLEL:-mafand:en-$LANG_CODE:train}
N=${N-2000}
ALIGNER=${ALIGNER:-e5}
OUT=${OUT:-/tmp/xproj-silver-$LANG_CODE}
mkdir -p "$OUT"
IFS=+ read -ra SOURCES <<< "$PARALLEL"
uptime
time xproj silver ${SOURCES[@]/#/--parallel } --exclude "masakhaner2:$LANG_CODE:test" ${N:+--n "$N"} \
  --aligner "$ALIGNER" --out "$OUT/silver-$LANG_CODE.jsonl" --json
time xproj train-ner --train "$OUT/silver-$LANG_CODE.jsonl" --eval "$LANG_CODE=masakhaner2:$LANG_CODE:test" \
  --types PER,ORG,LOC ${BASELINES:+--baselines} --out "$OUT/$LANG_CODE-head.npz" --json
uptime
