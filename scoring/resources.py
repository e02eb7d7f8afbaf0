"""Data shipped inside the package: rubrics, document templates, example applicants, migration scripts.

Found with ``importlib.resources`` so the same code works in a checkout (``PYTHONPATH=.``), an editable install
and an installed wheel. In the repository, ``scoring/rubrics``, ``scoring/forms`` and ``scoring/example_data`` are
links to the top-level ``rubrics/``, ``forms/`` and ``data/examples/`` folders; a wheel carries copies of them.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def package_path(package: str, *parts: str) -> Path:
    """A file or folder inside an installed package, as a file-system path.

    The package is always installed unpacked (a checkout or a wheel), never imported from a zip, so the
    resource is a real path.
    """
    return Path(str(files(package).joinpath(*parts)))


def data_folder(name: str) -> Path:
    """One of the library's data folders: ``rubrics``, ``forms`` or ``example_data``."""
    return package_path("scoring", name)
