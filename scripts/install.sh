#!/usr/bin/env bash
# Installs everything the app and the tests need: Debian packages (as root) and a Python 3.11 virtualenv in .venv.
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(chromium fonts-noto-cjk libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils poppler-data postgresql-client)

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "==> apt-get install ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fc-cache -f >/dev/null 2>&1 || true
  else
    echo "warning: not root, cannot install ${missing[*]} (browser, CJK font and LibreOffice tests need them)" >&2
  fi
fi

PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv with $PYTHON"
  if ! "$PYTHON" -m venv .venv 2>/dev/null; then
    if [ "$(id -u)" = "0" ]; then
      apt-get install -y -qq python3-venv >/dev/null
      "$PYTHON" -m venv .venv
    else
      echo "error: $PYTHON cannot create a virtualenv (install python3-venv)" >&2
      exit 1
    fi
  fi
fi
echo "==> pip install -e .[test]"
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
