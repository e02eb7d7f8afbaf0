#!/usr/bin/env bash
# Installs everything, then starts the app on the embedded default (SQLite under data/, bundled examples).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
PORT="${PORT:-8501}"
echo "==> http://localhost:${PORT}"
exec .venv/bin/python -m streamlit run app.py --server.port "$PORT" --server.headless true \
  --browser.gatherUsageStats false
