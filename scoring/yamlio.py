"""Reading and writing YAML: the one reader and the one writer every part of the library uses.

It runs on libyaml (``yaml.CSafeLoader``) when PyYAML was built with it, on the pure-Python safe loader otherwise.
Errors come back as problems in Chinese that name the file and the line: a syntax error with its line and column;
a value the constructor rejects (an impossible date such as ``2026-13-01``, an unknown tag) with its line, the item
ID and the field, found by constructing the composed nodes one by one.
"""

from __future__ import annotations

from collections.abc import Iterator

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import messages as msg
from .problems import InputInvalid, Problem

Path = tuple[str | int, ...]
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_CONSTRUCTION_ERRORS = (ValueError, TypeError, OverflowError, yaml.constructor.ConstructorError)
_RESOLVED_CACHE_SIZE = 50_000


class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader (libyaml's parser when available) with plain-scalar tags remembered.

    The tag of a plain scalar depends on its text alone (this loader has no path resolvers), and answers files
    repeat the same keys and values thousands of times, so resolving each text once saves a third of a load.
    """

    _resolved: dict[str, str] = {}

    def resolve(self, kind, value, implicit):
        if kind is ScalarNode and implicit[0]:
            tag = self._resolved.get(value)
            if tag is None:
                if len(self._resolved) >= _RESOLVED_CACHE_SIZE:
                    self._resolved.clear()
                tag = self._resolved[value] = super().resolve(kind, value, implicit)
            return tag
        return super().resolve(kind, value, implicit)


class _Unusual(Exception):
    """A node the quick builder leaves to PyYAML's constructor (a merge key, a set, a non-text key, a custom tag)."""


# The safe constructor's functions for the scalar tags other than text (null, bool, int, float, binary, timestamp).
_SCALAR_BUILDERS = {tag: function for tag, function in yaml.constructor.SafeConstructor.yaml_constructors.items()
                    if tag and tag.rsplit(":", 1)[-1] in ("null", "bool", "int", "float", "binary", "timestamp")}


def read_yaml(text: str, file: str, *, items_under: str | None = None,
              error: type[InputInvalid] = InputInvalid) -> object:
    """Parse one YAML document into plain data; raise ``error`` listing its problems.

    ``items_under`` names the top-level mapping whose keys are item IDs (``answers`` in an answers file), so a bad
    value under it is reported against that item; elsewhere the item is the nearest enclosing mapping's ``id``.
    """
    loader = Loader(text)
    node = None
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        try:
            return _build(node, loader, {})
        except _Unusual:
            return loader.construct_document(node)
    except yaml.MarkedYAMLError as err:
        if isinstance(err, yaml.constructor.ConstructorError) and node is not None:
            raise error(_value_problems(node, file, items_under) or [_syntax_problem(err, file, text)]) from None
        raise error([_syntax_problem(err, file, text)]) from None
    except yaml.YAMLError as err:  # a reader error: a character YAML does not allow
        raise error([_syntax_problem(err, file, text)]) from None
    except _CONSTRUCTION_ERRORS as err:
        raise error(_value_problems(node, file, items_under)
                    or [Problem(file, None, None, msg.YAML_BAD_VALUE.format(detail=err))]) from None
    finally:
        loader.dispose()


def yaml_error_message(err: yaml.YAMLError, text: str | None = None) -> str:
    """A Chinese message for a YAML syntax error, with its line and column."""
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    problem = str(getattr(err, "problem", None) or getattr(err, "reason", None) or err)
    reason = _translate(problem)
    if mark is not None and text is not None and text[mark.index:mark.index + 1] == "\t":
        reason = msg.YAML_TAB
    if mark is not None:
        return msg.YAML_SYNTAX_AT.format(line=mark.line + 1, column=mark.column + 1, reason=reason)
    position = getattr(err, "position", None)
    if position is not None and text is not None:
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        return msg.YAML_SYNTAX_AT.format(line=line, column=column, reason=reason)
    return msg.YAML_SYNTAX.format(reason=reason)


def _syntax_problem(err: yaml.YAMLError, file: str, text: str) -> Problem:
    return Problem(file, None, None, yaml_error_message(err, text))


def _translate(problem: str) -> str:
    lowered = problem.lower()
    for fragment, chinese in msg.YAML_PROBLEMS:
        if fragment in lowered:
            return chinese
    return msg.YAML_UNKNOWN_PROBLEM.format(problem=problem)


# ---------------------------------------------------------------- building data from the composed nodes


def _build(node: Node, constructor, memo: dict[int, object]) -> object:
    """The data PyYAML's safe constructor makes from ``node``, built directly (a node shared through an anchor is
    built once, as PyYAML does); ``_Unusual`` for anything but text, scalars, lists and plain mappings."""
    tag = node.tag
    kind = node.__class__
    if kind is ScalarNode:
        if tag == _STR:
            return node.value
        builder = _SCALAR_BUILDERS.get(tag)
        if builder is None:
            raise _Unusual
        return builder(constructor, node)
    known = memo.get(id(node))
    if known is not None:
        return known
    if kind is MappingNode and tag == _MAP:
        mapping: dict = {}
        memo[id(node)] = mapping
        for key_node, value_node in node.value:
            if key_node.__class__ is not ScalarNode:
                raise _Unusual
            key = key_node.value if key_node.tag == _STR else _build(key_node, constructor, memo)
            mapping[key] = _build(value_node, constructor, memo)
        return mapping
    if kind is SequenceNode and tag == _SEQ:
        sequence: list = []
        memo[id(node)] = sequence
        for item in node.value:
            sequence.append(_build(item, constructor, memo))
        return sequence
    raise _Unusual


# ---------------------------------------------------------------- finding the value that failed


def _value_problems(root: Node, file: str, items_under: str | None) -> list[Problem]:
    """Construct every scalar on its own and report each one the constructor rejects, with where it sits."""
    constructor = yaml.constructor.SafeConstructor()
    problems = []
    for node, path, owner, as_key in _walk(root, (), None, items_under, set()):
        message = msg.YAML_KEY_NOT_TEXT if as_key else _construct_problem(constructor, node)
        if message is None:
            continue
        item_id, field = _locate(path, owner, items_under)
        problems.append(Problem(file, item_id, field, msg.YAML_AT_LINE.format(line=node.start_mark.line + 1,
                                                                              message=message)))
    return problems


def _walk(node: Node, path: Path, owner: tuple[str, int] | None, items_under: str | None,
          seen: set[int]) -> Iterator[tuple[Node, Path, tuple[str, int] | None, bool]]:
    """Every node with its key path, the (id, depth) of the nearest enclosing mapping that has an ``id``, and
    whether it is a mapping key that is not text (a list or mapping used as a key)."""
    if id(node) in seen:  # an alias to a node already visited (and a guard against recursive anchors)
        return
    seen.add(id(node))
    yield node, path, owner, False
    if isinstance(node, MappingNode):
        keys = [(_key(key), value) for key, value in node.value]
        for key, value in keys:
            if key == "id" and isinstance(value, ScalarNode) and not items_under:
                owner = (value.value, len(path))
        for (key_node, _), (key, value) in zip(node.value, keys):
            if not isinstance(key_node, ScalarNode):
                yield key_node, path, owner, True
            yield from _walk(value, path + (key,), owner, items_under, seen)
    elif isinstance(node, SequenceNode):
        for index, value in enumerate(node.value):
            yield from _walk(value, path + (index,), owner, items_under, seen)


def _key(node: Node) -> str:
    return node.value if isinstance(node, ScalarNode) else "?"


def date_problem(detail: str) -> str:
    """Python's English reason for an impossible date (``month must be in 1..12``) in Chinese."""
    lowered = detail.lower()
    return next((chinese for fragment, chinese in msg.DATE_PROBLEMS if fragment in lowered), msg.DATE_PROBLEM_OTHER)


def _construct_problem(constructor: yaml.constructor.SafeConstructor, node: Node) -> str | None:
    """Why this node cannot be constructed (only its own tag and value; children are checked on their own)."""
    if not isinstance(node, ScalarNode):
        if node.tag in constructor.yaml_constructors and node.tag is not None:
            return None
        return msg.YAML_UNKNOWN_TAG.format(tag=node.tag)
    try:
        constructor.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError:
        return msg.YAML_UNKNOWN_TAG.format(tag=node.tag)
    except _CONSTRUCTION_ERRORS as err:
        if node.tag == _TIMESTAMP:
            return msg.YAML_BAD_DATE.format(value=node.value, detail=date_problem(str(err)))
        return msg.YAML_BAD_SCALAR.format(value=node.value, detail=err)
    return None


def _locate(path: Path, owner: tuple[str, int] | None, items_under: str | None) -> tuple[str | None, str | None]:
    """The item ID and the field (``evidence[0].date``) of a key path."""
    if items_under and len(path) >= 2 and path[0] == items_under:
        return str(path[1]), _field(path[2:])
    if owner is not None:
        item_id, depth = owner
        return item_id, _field(path[depth:])
    return None, _field(path)


def _field(path: Path) -> str | None:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or None


_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when available: drafts are written on every change


def dump_yaml(data: object) -> str:
    """``data`` (plain dicts, lists, strings, numbers, dates) as YAML text: UTF-8 Chinese kept readable, keys in
    their order, lines up to 120 characters. libyaml's emitter when available (six times faster, same text)."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)
