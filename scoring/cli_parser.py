"""The command line's parser: sub-commands registered by name, each parsed with argparse, all text in Chinese.

Registering a command stores its arguments as plain data; only the command that runs gets an ``argparse`` parser,
so ``score`` does not pay for the other forty commands. ``--help`` prints to stdout and exits 0; a missing or
unknown command prints the list of commands, bad arguments one line on stderr: both exit 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn, TypeVar, Union

from . import cli_text as text

EXIT_INVALID = 2
Handler = TypeVar("Handler", bound=Callable[..., None])


class Arg:
    """One argument of a command, exactly as ``ArgumentParser.add_argument`` takes it."""

    __slots__ = ("names", "options")

    def __init__(self, names: tuple[str, ...], options: dict[str, Any]):
        self.names = names
        self.options = options

    @property
    def positional(self) -> bool:
        return not self.names[0].startswith("-")


def arg(*names: str, **options: Any) -> Arg:
    """An argument: ``arg("files", nargs="+", type=Path, metavar="文件", help="…")``."""
    return Arg(names, options)


def integer(value: str) -> int:
    """An integer argument, with a Chinese message when it is not one."""
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(text.NOT_AN_INTEGER.format(value=value)) from None


def positive_integer(value: str) -> int:
    """An integer of at least 1."""
    number = integer(value)
    if number < 1:
        raise argparse.ArgumentTypeError(text.NOT_POSITIVE.format(value=value))
    return number


def usage_error(prog: str, message: str) -> NoReturn:
    """One line on stderr naming the command and pointing at its help; exit 2."""
    print(f"{prog}: {message}（{text.SEE_HELP.format(prog=prog)}）", file=sys.stderr)
    raise SystemExit(EXIT_INVALID)


class Formatter(argparse.HelpFormatter):
    """argparse's help layout with the Chinese usage prefix."""

    def add_usage(self, usage, actions, groups, prefix=None):  # noqa: ANN001 - argparse's signature
        super().add_usage(usage, actions, groups, text.USAGE if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """argparse with Chinese section titles and help option; an error is one Chinese line and exit 2."""

    def __init__(self, prog: str, description: str):
        super().__init__(prog=prog, description=description, add_help=False, allow_abbrev=False,
                         formatter_class=Formatter)
        self.positional_group = self.add_argument_group(text.ARGUMENTS)
        self.option_group = self.add_argument_group(text.OPTIONS)
        self.option_group.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=text.HELP)

    def add(self, spec: Arg) -> None:
        options = dict(spec.options)
        default = options.get("default")
        if default not in (None, False) and "help" in options:
            options["help"] += text.DEFAULT.format(default=default)
        group = self.positional_group if spec.positional else self.option_group
        group.add_argument(*spec.names, **options)

    def parse_intermixed_args(self, args=None, namespace=None):  # noqa: ANN001 - argparse's signature
        # argparse keeps the usage for its messages by cutting a 7-character "usage: " off the formatted usage;
        # hand it ours whole, or it cuts into the program name.
        if self.usage is None:
            self.usage = self.format_usage().removeprefix(text.USAGE)
        return super().parse_intermixed_args(args, namespace)

    def error(self, message: str) -> NoReturn:
        usage_error(self.prog, text.argparse_error(message))


class Command:
    """A command: its help (the first line is its entry in the list of commands), its arguments and the function
    that runs it with them as keywords."""

    def __init__(self, help: str, handler: Callable[..., None], args: tuple[Arg, ...]):
        self.help = help
        self.handler = handler
        self.args = args

    def parser(self, prog: str) -> Parser:
        parser = Parser(prog, self.help)
        for spec in self.args:
            parser.add(spec)
        return parser

    def run(self, prog: str, argv: Sequence[str]) -> None:
        values = self.parser(prog).parse_intermixed_args(list(argv))
        self.handler(**vars(values))


class Group:
    """A set of commands and sub-groups (the whole command line, ``rubric``, ``export`` …)."""

    def __init__(self, help: str = ""):
        self.help = help
        self.children: dict[str, Union[Command, Group]] = {}

    def command(self, name: str, help: str, *args: Arg) -> Callable[[Handler], Handler]:
        """Decorator registering ``handler`` as the command ``name``; its parameters are the arguments' dests."""
        def register(handler: Handler) -> Handler:
            self.children[name] = Command(help, handler, args)
            return handler
        return register

    def group(self, name: str, help: str = "") -> Group:
        """The sub-group ``name``, created on first use (several modules add commands to ``export``)."""
        existing = self.children.get(name)
        if isinstance(existing, Group):
            existing.help = existing.help or help
            return existing
        created = Group(help)
        self.children[name] = created
        return created

    def run(self, prog: str, argv: Sequence[str]) -> None:
        """Run the command ``argv`` names (``prog`` is how the user called this group)."""
        if not argv or argv[0] in ("-h", "--help"):
            print(self.usage(prog), file=sys.stdout if argv else sys.stderr)
            if not argv:
                raise SystemExit(EXIT_INVALID)
            return
        name = argv[0]
        child = self.children.get(name)
        if child is None:
            usage_error(prog, text.UNKNOWN_COMMAND.format(name=name, choices="、".join(self.children)))
        child.run(f"{prog} {name}", argv[1:])

    def usage(self, prog: str) -> str:
        """The group's help: what it is for and each command with its help line."""
        width = max(len(name) for name in self.children) + 2
        lines = [f"{text.USAGE}{prog} {text.COMMAND_METAVAR} …", ""]
        if self.help:
            lines += [self.help, ""]
        lines.append(f"{text.COMMANDS}：")
        lines += [f"  {name:<{width}}{child.help.splitlines()[0]}" for name, child in self.children.items()]
        lines += ["", text.SEE_COMMAND_HELP.format(prog=prog)]
        return "\n".join(lines)
