"""Validated rubrics kept between runs, so a command that only reads a rubric does not validate it again.

An entry is keyed by the SHA-256 of everything the validated rubric depends on: the rubric file's text, the
guideline file's bytes (clause numbers are checked against it), the source of the modules that read and validate
a rubric, and the Python and pydantic versions. A changed rubric file, guideline or validating code is a new key,
so it is validated afresh; a rubric with problems is never stored. Entries are pickles of the validated
:class:`~scoring.rubric.Rubric`, read back without building any validator, in ``TSP_CACHE_DIR`` or
``$XDG_CACHE_HOME/tsp-scoring`` (``~/.cache/tsp-scoring``), a folder only its owner can write: an entry in a folder
or file anyone else could have written is ignored. A cache that cannot be read or written is skipped silently.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .rubric import Rubric

FORMAT = b"tsp-rubric-cache 1"
KEPT_ENTRIES = 20
# The modules whose code decides what a rubric file validates to (the rule kinds are added from kinds.MODULES).
VALIDATING_MODULES = ("scoring.rubric", "scoring.kinds", "scoring.kinds.base", "scoring.points", "scoring.names",
                      "scoring.yamlio")


def cache_dir() -> Path | None:
    """Where entries live: ``TSP_CACHE_DIR``, else ``$XDG_CACHE_HOME/tsp-scoring/rubrics``; None when there is no
    home folder to put it in (nothing is cached then)."""
    override = os.environ.get("TSP_CACHE_DIR")
    if override:
        return Path(override) / "rubrics"
    cache_home = Path(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"))
    return cache_home / "tsp-scoring" / "rubrics" if cache_home.is_absolute() else None


_code_digest: bytes | None = None


def _code() -> bytes:
    """Digest of the validating modules' source and the versions that shape the pickled objects (once a process)."""
    global _code_digest
    if _code_digest is None:
        import pydantic
        import pydantic_core

        from . import kinds

        digest = hashlib.sha256(FORMAT)
        digest.update(f"{sys.version}|{pydantic.VERSION}|{pydantic_core.__version__}".encode())
        names = (*VALIDATING_MODULES, *(module.__name__ for module in kinds.MODULES.values()))
        for name in names:
            digest.update(name.encode())
            digest.update(Path(sys.modules[name].__file__).read_bytes())
        _code_digest = digest.digest()
    return _code_digest


def key(text: str, guideline: Path) -> str | None:
    """The entry key of a rubric file's ``text`` validated against ``guideline``; None when the code cannot be
    read (then nothing is cached)."""
    try:
        digest = hashlib.sha256(_code())
        try:
            digest.update(guideline.read_bytes())
        except FileNotFoundError:
            digest.update(b"\0no guideline")
    except (OSError, KeyError, TypeError):
        return None
    digest.update(b"\0")
    digest.update(text.encode("utf-8"))
    return digest.hexdigest()


def _private(path: Path) -> bool:
    """Owned by this user and writable by no one else."""
    info = path.stat()
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def load(entry_key: str | None) -> Rubric | None:
    """The rubric stored under ``entry_key``, or None (no entry, unreadable, or not private)."""
    folder = cache_dir()
    if entry_key is None or folder is None:
        return None
    from .rubric import Rubric

    path = folder / f"{entry_key}.pickle"
    try:
        if not (_private(path.parent) and _private(path)):
            return None
        rubric = pickle.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001 - a damaged or outdated entry is a miss; validating again replaces it
        return None
    return rubric if isinstance(rubric, Rubric) else None


def store(entry_key: str | None, rubric: Rubric) -> None:
    """Keep ``rubric`` under ``entry_key`` (the newest ``KEPT_ENTRIES`` entries are kept)."""
    folder = cache_dir()
    if entry_key is None or folder is None:
        return
    from .atomic import write_atomic

    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(folder, 0o700)  # mkdir's mode is masked by the umask
        write_atomic(folder / f"{entry_key}.pickle", pickle.dumps(rubric, protocol=pickle.HIGHEST_PROTOCOL),
                     mode=0o600)
        entries = sorted(folder.glob("*.pickle"), key=lambda entry: entry.stat().st_mtime, reverse=True)
        for old in entries[KEPT_ENTRIES:]:
            old.unlink(missing_ok=True)
    except OSError:
        return
