"""Where the app keeps its files: the data folder (embedded SQLite database, drafts, a legacy key file).

``TSP_DATA_DIR`` names it. Otherwise, when the package runs from a checkout (``pyproject.toml`` beside the
``scoring`` folder, as with ``PYTHONPATH=.``, an editable install or ``scripts/start.sh``), it is the checkout's
``data/``, as the README describes; an installed package uses the user's data folder ``$XDG_DATA_HOME/tsp-scoring``
(``~/.local/share/tsp-scoring``), never a folder inside site-packages.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "tsp-scoring"


def checkout_root() -> Path | None:
    """The checkout the package runs from, or None for an installed package."""
    root = Path(__file__).resolve().parent.parent
    return root if (root / "pyproject.toml").is_file() else None


def data_dir() -> Path:
    """The data folder: ``TSP_DATA_DIR``, the checkout's ``data/``, or ``$XDG_DATA_HOME/tsp-scoring``."""
    override = os.environ.get("TSP_DATA_DIR")
    if override:
        return Path(override)
    root = checkout_root()
    if root is not None:
        return root / "data"
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / APP_NAME
