"""``python -m scoring``: the command line."""

from .cli import main

raise SystemExit(main())
