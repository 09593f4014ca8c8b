#!/usr/bin/env bash
# One-stop entry point for a fresh Debian machine with Python 3.11.
#   ./quickstart.sh app    install everything, then start the app on the embedded demo data
#   ./quickstart.sh test   install everything, then lint (ruff check, ruff format --check) and run the whole test suite
# Installs Debian packages (Apertium eng-spa, Chromium) when run as root or with sudo, creates
# .venv/ and installs the pinned Python dependencies; skips steps that are already up to date.
set -euo pipefail
cd "$(dirname "$0")"
mode=${1:-}
case "$mode" in app|test|install) ;; *) echo "usage: $0 app|test|install" >&2; exit 64;; esac

apt_packages=(apertium-eng-spa chromium)
missing=()
for p in "${apt_packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
  if [[ $(id -u) == 0 ]]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else sudo=none; fi
  if [[ $sudo == none ]]; then
    echo "quickstart: cannot install ${missing[*]} (not root, no sudo): Apertium and browser features stay off" >&2
  else
    echo "quickstart: installing Debian packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

python=${PYTHON:-python3}
[[ -x .venv/bin/python ]] || "$python" -m venv .venv
stamp=.venv/.quickstart-stamp
want=$(cat requirements.txt requirements-nodeps.txt requirements-ray.txt pyproject.toml | sha256sum | cut -d' ' -f1)
if [[ ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
  echo "quickstart: installing Python dependencies into .venv (first run takes a few minutes)"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -r requirements.txt -r requirements-ray.txt
  .venv/bin/python -m pip install -q --no-deps --ignore-requires-python -r requirements-nodeps.txt
  .venv/bin/python -m pip install -q --no-deps -e .
  echo "$want" > "$stamp"
fi

case "$mode" in
  app) exec .venv/bin/streamlit run app.py --server.address localhost --server.headless true ;;
  test) .venv/bin/ruff check . && .venv/bin/ruff format --check . && exec .venv/bin/python -m pytest -q ;;
  install) echo "quickstart: installed" ;;
esac
