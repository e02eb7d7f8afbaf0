"""``python -m scoring``: the command line."""

from .cli import main

main()
