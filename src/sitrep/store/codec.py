"""The record codec for the store: ``records.to_dict`` / ``from_dict`` output, made fast.

``encode`` gives exactly ``records.to_dict``; ``rebuild`` follows ``records.from_dict`` (the
codec's reference, ``sitrep.records._convert``) with two differences that matter here:

- each record class's type hints are resolved once, against ``sitrep.records``' own module
  namespace (where ``Any`` and ``dt`` live), and compiled into one converter per type, not
  re-resolved on every record: reading 100k incidents would otherwise spend most of its
  time in ``typing.get_type_hints`` and ``typing.get_origin``;
- ``records.from_dict`` (as of this writing) evaluates the hints in a namespace without
  ``Any`` and fails with ``NameError`` on every record holding an ``Any`` field (Document,
  Claim, Mention, FieldConflict, Incident, RunInfo). Once it is fixed and cached, ``rebuild``
  can simply be ``records.from_dict``; ``tests/test_store.py`` checks both agree.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import types
import typing
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from .. import records


def rebuild(cls: type, data: Any) -> Any:
    """A record of type ``cls`` from ``records.to_dict`` output."""
    return None if data is None else _converter(cls)(data)


def _identity(value: Any) -> Any:
    return value


@functools.cache
def _converter(tp: Any) -> Callable[[Any], Any]:
    """A function turning JSON data into a value of type ``tp``, built once per type; the
    identity where nothing needs converting (str, int, Any, dict, list ...)."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        return _converter(options[0]) if len(options) == 1 else _identity
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            inner = _converter(args[0])
            if inner is _identity:
                return tuple
            return lambda value: tuple(None if v is None else inner(v) for v in value)
        parts = [_converter(a) for a in args]
        return lambda value: tuple(None if v is None else f(v) for f, v in zip(parts, value))
    if origin in (dict, list) or tp is Any:
        return _identity
    if dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp, globalns=vars(records))
        fields = [(f.name, _converter(hints[f.name])) for f in dataclasses.fields(tp)]
        plain = tuple(name for name, conv in fields if conv is _identity)
        converted = tuple((name, conv) for name, conv in fields if conv is not _identity)

        def build(value: dict) -> Any:
            kwargs = {name: value[name] for name in plain if name in value}
            for name, conv in converted:
                if name in value:
                    v = value[name]
                    kwargs[name] = None if v is None else conv(v)
            return tp(**kwargs)

        return build
    if tp is dt.datetime:
        return lambda v: v if isinstance(v, dt.datetime) else dt.datetime.fromisoformat(v)
    if tp is dt.date:
        return lambda v: v if isinstance(v, dt.date) else dt.date.fromisoformat(v[:10])
    if isinstance(tp, type) and issubclass(tp, StrEnum):
        return tp
    return _identity


# ----------------------------------------------------------------------------- encoding

_PLAIN = (str, int, float, bool, type(None))
_FIELDS: dict[type, tuple[str, ...] | None] = {}


def encode(value: Any) -> Any:
    """Exactly ``records.to_dict(value)``, with each dataclass's field names looked up once:
    saving a batch of incidents otherwise spends most of its time in ``dataclasses.fields``."""
    cls = type(value)
    if cls in _PLAIN:
        return value
    try:
        names = _FIELDS[cls]
    except KeyError:
        names = _FIELDS[cls] = (tuple(f.name for f in dataclasses.fields(cls))
                                if dataclasses.is_dataclass(cls) else None)
    if names is not None:
        return {name: encode(getattr(value, name)) for name in names}
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {k: encode(v) for k, v in value.items()}
    return value
