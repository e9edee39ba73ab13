"""The model's values as plain JSON data and back, by their type annotations: what the build cache
stores instead of pickles. Nothing read is ever executed or imported: a value is rebuilt only as the
type the model declares for it, and anything else raises `Malformed`.

- dataclasses and NamedTuples: the list of their fields' values, in declaration order (the cache's
  fingerprint includes the generator's code, so a changed model never reads an old cache); an
  object of the fields by name is read too (what orjson writes of a dataclass);
- tuples and lists: lists; dicts: objects (keys are strings);
- dates: their ordinal; datetimes: [ISO text without the zone, fold, zone], the zone as
  "z:<IANA name>", "o:<offset seconds>" or "" (naive), so a value comes back with the same tzinfo;
- str, int, float, bool, None: as they are (an int where a float is declared is accepted).

`decoder(T)` builds (once per type) a function that checks and rebuilds a value of type T.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from collections.abc import Callable
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo


class Malformed(ValueError):
    """Data that is not a value of the declared type."""


def encode(value: Any) -> Any:
    """`value` as JSON data (see the module's docstring)."""
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, dt.datetime):
        tz = value.tzinfo
        zone = "" if tz is None else f"z:{tz.key}" if isinstance(tz, ZoneInfo) else (
            f"o:{int(tz.utcoffset(None).total_seconds())}" if isinstance(tz, dt.timezone) else _no_zone(tz))
        return [value.replace(tzinfo=None).isoformat(), value.fold, zone]
    if isinstance(value, dt.date):
        return value.toordinal()
    if isinstance(value, dt.time):
        return value.isoformat()
    if dataclasses.is_dataclass(value):
        return [encode(getattr(value, f.name)) for f in dataclasses.fields(value)]
    if isinstance(value, tuple | list):  # NamedTuples too: their fields in order
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {str(k): encode(v) for k, v in value.items()}
    raise TypeError(f"the build cache cannot store a {type(value).__name__}")


def _no_zone(tz: object) -> str:
    raise TypeError(f"the build cache cannot store the time zone {tz!r}")


def decoder(kind: Any) -> Callable[[Any], Any]:
    """A function that rebuilds a value of type `kind` from its JSON data, or raises Malformed."""
    return _decoder(kind)


@cache
def _decoder(kind: Any) -> Callable[[Any], Any]:  # noqa: C901 - one branch a kind of type
    if kind is Any:
        raise TypeError("the build cache stores only declared types")
    if kind in (str, int, bool):
        def plain(v: Any) -> Any:
            if type(v) is not kind:
                raise Malformed(f"expected {kind.__name__}, found {type(v).__name__}")
            return v
        return plain
    if kind is float:
        def number(v: Any) -> float:
            if type(v) not in (float, int):
                raise Malformed(f"expected a number, found {type(v).__name__}")
            return float(v)
        return number
    if kind is type(None):
        def none(v: Any) -> None:
            if v is not None:
                raise Malformed("expected null")
        return none
    if kind is dt.datetime:
        return _datetime
    if kind is dt.date:
        def date(v: Any) -> dt.date:
            if type(v) is not int or not 1 <= v <= dt.date.max.toordinal():
                raise Malformed("expected a date's ordinal")
            return dt.date.fromordinal(v)
        return date
    if kind is dt.time:
        def time(v: Any) -> dt.time:
            if type(v) is not str:
                raise Malformed("expected a time")
            return dt.time.fromisoformat(v)
        return time
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (types.UnionType, typing.Union):
        options = [_decoder(a) for a in args]
        nullable = type(None) in args

        def union(v: Any) -> Any:
            if v is None and nullable:
                return None
            for option in options:
                try:
                    return option(v)
                except (Malformed, ValueError, TypeError):
                    continue
            raise Malformed(f"no type of {kind} fits")
        return union
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            each = _decoder(args[0])
            return lambda v: tuple(each(x) for x in _list(v))
        parts = [_decoder(a) for a in args]

        def fixed(v: Any) -> tuple[Any, ...]:
            items = _list(v)
            if len(items) != len(parts):
                raise Malformed(f"expected {len(parts)} values, found {len(items)}")
            return tuple(p(x) for p, x in zip(parts, items, strict=True))
        return fixed
    if origin is list:
        each = _decoder(args[0])
        return lambda v: [each(x) for x in _list(v)]
    if origin is dict:
        key, value = _decoder(args[0]), _decoder(args[1])

        def mapping(v: Any) -> dict[Any, Any]:
            if type(v) is not dict:
                raise Malformed("expected an object")
            return {key(k): value(x) for k, x in v.items()}
        return mapping
    if origin is typing.Literal:
        allowed = set(args)

        def literal(v: Any) -> Any:
            if v not in allowed:
                raise Malformed(f"expected one of {sorted(map(repr, allowed))}")
            return v
        return literal
    if isinstance(kind, type) and (dataclasses.is_dataclass(kind) or issubclass(kind, tuple) and hasattr(kind, "_fields")):
        return _record(kind)
    raise TypeError(f"the build cache cannot read a {kind!r}")


def _record(kind: type) -> Callable[[Any], Any]:
    """A dataclass or NamedTuple from the list of its fields' values (decoders looked up on first use:
    a type may contain itself, as a section holds sections)."""
    hints = typing.get_type_hints(kind)
    if dataclasses.is_dataclass(kind):
        names = [f.name for f in dataclasses.fields(kind)]
    else:
        names = list(kind._fields)  # type: ignore[attr-defined]
    fields: list[Callable[[Any], Any]] = []

    def build(v: Any) -> Any:
        if not fields:
            fields.extend(_decoder(hints[n]) for n in names)
        if type(v) is dict:  # as orjson writes a dataclass: by field name
            try:
                v = [v[n] for n in names]
            except KeyError as exc:
                raise Malformed(f"{kind.__name__}: no field {exc}") from None
        items = _list(v)
        if len(items) != len(fields):
            raise Malformed(f"{kind.__name__}: expected {len(fields)} fields, found {len(items)}")
        try:
            return kind(*[f(x) for f, x in zip(fields, items, strict=True)])
        except Malformed:
            raise
        except Exception as exc:  # the type's own checks (__post_init__)
            raise Malformed(f"{kind.__name__}: {exc}") from None
    return build


def _list(v: Any) -> list[Any]:
    if type(v) is not list:
        raise Malformed(f"expected a list, found {type(v).__name__}")
    return v


def _datetime(v: Any) -> dt.datetime:
    items = _list(v)
    if len(items) != 3 or type(items[0]) is not str or items[1] not in (0, 1) or type(items[2]) is not str:
        raise Malformed("expected a date and time")
    value = dt.datetime.fromisoformat(items[0])
    zone: dt.tzinfo | None = None
    if items[2].startswith("z:"):
        zone = _zone(items[2][2:])
    elif items[2].startswith("o:"):
        zone = dt.timezone(dt.timedelta(seconds=int(items[2][2:])))
    elif items[2]:
        raise Malformed("unknown time zone")
    return value.replace(tzinfo=zone, fold=items[1])


@cache
def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ValueError, KeyError, OSError) as exc:
        raise Malformed(f"unknown time zone {name!r}") from exc
