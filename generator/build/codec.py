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

`decoder(T)` builds (once per type) a function that checks and rebuilds a value of type T;
`column(T)` one that checks and rebuilds a whole list of values of type T at once, a field at a time
(what a dict's values and a tuple's items go through): the checks run over each column with the
interpreter's own loops (`set(map(type, values))`), so ten thousand records decode in milliseconds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from collections.abc import Callable
from functools import cache
from itertools import chain, islice
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
            return lambda v: tuple(_column(args[0])(_list(v)))
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
        if args[0] is not str:
            raise TypeError("the build cache stores only objects with text keys")

        def mapping(v: Any) -> dict[Any, Any]:
            if type(v) is not dict:
                raise Malformed("expected an object")
            return dict(zip(v, _column(args[1])(list(v.values())), strict=True))
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


def column(kind: Any) -> Callable[[list[Any]], list[Any]]:
    """A function that rebuilds a list of values of type `kind` (each checked as `decoder(kind)` checks
    one), or raises Malformed. It returns the very list it was given when no value needs rebuilding."""
    return _column(kind)


def _types(values: list[Any]) -> set[type]:
    return set(map(type, values))


@cache
def _column(kind: Any) -> Callable[[list[Any]], list[Any]]:  # noqa: C901 - one branch a kind of type
    if kind in (str, int, bool):
        def plain(vs: list[Any]) -> list[Any]:
            if not _types(vs) <= {kind}:
                raise Malformed(f"expected {kind.__name__} values")
            return vs
        return plain
    if kind is float:
        def numbers(vs: list[Any]) -> list[Any]:
            found = _types(vs)
            if not found <= {float, int}:
                raise Malformed("expected numbers")
            return vs if int not in found else list(map(float, vs))
        return numbers
    if kind is dt.date:
        def dates(vs: list[Any]) -> list[Any]:
            if not _types(vs) <= {int} or vs and not 1 <= min(vs) <= max(vs) <= dt.date.max.toordinal():
                raise Malformed("expected dates' ordinals")
            return list(map(dt.date.fromordinal, vs))
        return dates
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (types.UnionType, typing.Union) and len(args) == 2 and type(None) in args:
        inner = _column(next(a for a in args if a is not type(None)))

        def optional(vs: list[Any]) -> list[Any]:
            if None not in vs:
                return inner(vs)
            where = [i for i, v in enumerate(vs) if v is not None]
            found = inner([vs[i] for i in where])
            out: list[Any] = [None] * len(vs)
            for i, x in zip(where, found, strict=True):
                out[i] = x
            return out
        return optional
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        each = _column(args[0])

        def variable(vs: list[Any]) -> list[Any]:
            if not _types(vs) <= {list}:
                raise Malformed("expected lists")
            flat = list(chain.from_iterable(vs))
            found = each(flat)
            if found is flat:
                return list(map(tuple, vs))
            items = iter(found)
            return [tuple(islice(items, n)) for n in map(len, vs)]
        return variable
    if origin is tuple:
        return _fields(kind, list(args), tuple)
    if isinstance(kind, type) and (dataclasses.is_dataclass(kind) or issubclass(kind, tuple) and hasattr(kind, "_fields")):
        hints = typing.get_type_hints(kind)
        names = [f.name for f in dataclasses.fields(kind)] if dataclasses.is_dataclass(kind) else list(kind._fields)  # type: ignore[attr-defined]
        return _fields(kind, [hints[n] for n in names], kind._make if hasattr(kind, "_make") else None)  # type: ignore[attr-defined]
    single = _decoder(kind)
    return lambda vs: [single(x) for x in vs]


def _fields(kind: Any, parts: list[Any], make: Callable[[Any], Any] | None) -> Callable[[list[Any]], list[Any]]:
    """Fixed tuples, NamedTuples and dataclasses, each written as the list of its fields' values: the
    values are turned into columns, one a field, checked a column at a time, and put together again
    (`make`: from the tuple of the fields; None: a dataclass, called with them). Any other form (a
    dataclass written by field name) goes one value at a time. The fields' column decoders are looked
    up on first use: a type may contain itself."""
    columns: list[Callable[[list[Any]], list[Any]]] = []
    single = _decoder(kind) if make is not tuple else None

    def rebuild(vs: list[Any]) -> list[Any]:
        if not columns:
            columns.extend(_column(p) for p in parts)
        if not _types(vs) <= {list}:
            if single is None:
                raise Malformed("expected lists")
            return [single(x) for x in vs]
        if not vs:
            return vs
        if set(map(len, vs)) != {len(parts)}:
            raise Malformed(f"{getattr(kind, '__name__', 'tuple')}: expected {len(parts)} values")
        given = [list(c) for c in zip(*vs, strict=True)]
        found = [c(g) for c, g in zip(columns, given, strict=True)]
        try:
            if make is tuple:
                same = all(f is g for f, g in zip(found, given, strict=True))
                return list(map(tuple, vs)) if same else list(zip(*found, strict=True))
            if make is not None:
                return list(map(make, zip(*found, strict=True)))
            return list(map(kind, *found))
        except Malformed:
            raise
        except Exception as exc:  # the type's own checks (__post_init__)
            raise Malformed(f"{kind.__name__}: {exc}") from None
    return rebuild
