#!/usr/bin/env bash
# Installs everything, then starts the app on the embedded default (SQLite under data/, bundled examples and, on a
# database without accounts, the fictitious demo district with its demo accounts). serve.py is the app (app.py) plus
# the routes that set and clear the sign-in cookie.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
.venv/bin/python -m scoring db upgrade
if [ -z "${TSP_DATABASE_URL:-}" ]; then
  .venv/bin/python -m scoring demo load
  .venv/bin/python -m scoring demo round   # the demo year run to its end (harmless when already done)
fi
PORT="${PORT:-8501}"
echo "==> http://localhost:${PORT}"
exec .venv/bin/python -m streamlit run serve.py --server.port "$PORT" --server.headless true \
  --browser.gatherUsageStats false
