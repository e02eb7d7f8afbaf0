#!/usr/bin/env bash
# Installs everything, then runs the whole test suite: SQLite and PostgreSQL storage tests, AppTest and the
# real-browser test. PostgreSQL defaults to 127.0.0.1:5432 database test (override with TSP_TEST_POSTGRES_URL);
# the storage tests fail when it cannot be reached.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
export TSP_TEST_POSTGRES_URL="${TSP_TEST_POSTGRES_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test}"
exec .venv/bin/python -m pytest "$@"
