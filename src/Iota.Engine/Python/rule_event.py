"""The event a Python rule sees: a read-only, case-insensitive view of one log record.

Rules written for panther-analysis expect exactly this shape (``get``, ``deep_get``, ``deep_walk``,
``udm``; nested objects are read-only mappings, lists read-only sequences), and iota-style rules get
the same object so one helper library serves both dialects.
"""

from collections.abc import Mapping, Sequence
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple


def _wrap(value: Any) -> Any:
    if isinstance(value, dict):
        return ImmutableCaseInsensitiveDict(value)
    if isinstance(value, list):
        return ImmutableList(value)
    return value


def _is_sequence(value: Any) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, (str, bytes))


def to_plain(value: Any) -> Any:
    """Mutable dict/list copy, so rule outputs built from event parts serialise as ordinary JSON."""
    if isinstance(value, ImmutableCaseInsensitiveDict):
        return {k: to_plain(v) for k, v in value._data.items()}
    if isinstance(value, ImmutableList):
        return [to_plain(v) for v in value._items]
    if isinstance(value, Mapping):
        return {k: to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return [to_plain(v) for v in sorted(value, key=str)]
    return value


class ImmutableList(Sequence):
    """A list from the event that rules can read but not change."""

    __slots__ = ("_items",)

    def __init__(self, items: List[Any]):
        self._items = tuple(_wrap(v) for v in items)

    def __getitem__(self, index):
        return self._items[index]

    def __len__(self) -> int:
        return len(self._items)

    def __eq__(self, other: Any) -> bool:
        # Rules compare event lists against list literals; a bare tuple would never be equal to those.
        if isinstance(other, (ImmutableList, list, tuple)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(list(self._items))

    def copy(self) -> list:
        return to_plain(self)


class ImmutableCaseInsensitiveDict(Mapping):
    """A JSON object whose keys are matched without regard to case, as panther matches them."""

    __slots__ = ("_data", "_keys_by_lower", "_wrapped")

    def __init__(self, data: Dict[str, Any]):
        self._data = data
        # Both built on first need: most events are read by exact-case keys, and most values are scalars.
        self._keys_by_lower: Optional[Dict[str, str]] = None
        self._wrapped: Optional[Dict[Any, Any]] = None

    def _folded_key(self, key: Any) -> Any:
        """The event's own spelling of a key that is not there as given, or _MISSING."""
        if not isinstance(key, str):
            return _MISSING
        if self._keys_by_lower is None:
            self._keys_by_lower = {k.lower(): k for k in self._data if isinstance(k, str)}
        return self._keys_by_lower.get(key.lower(), _MISSING)

    def _wrap_child(self, key: Any, value: Any) -> Any:
        if self._wrapped is None:
            self._wrapped = {}
        wrapped = self._wrapped.get(key)
        if wrapped is None:
            wrapped = self._wrapped[key] = _wrap(value)
        return wrapped

    def __getitem__(self, key: Any) -> Any:
        value = self.get(key, _MISSING)
        if value is _MISSING:
            raise KeyError(key)
        return value

    # What rules call for nearly every field they read (deep_get too), so the common case (the key as spelled, a
    # scalar value) takes no further Python call.
    def get(self, key: Any, default: Any = None) -> Any:
        value = self._data.get(key, _MISSING)
        if value is _MISSING:
            folded = self._folded_key(key)
            if folded is _MISSING:
                return default
            key, value = folded, self._data[folded]
        return self._wrap_child(key, value) if isinstance(value, (dict, list)) else value

    def __contains__(self, key: object) -> bool:
        return key in self._data or self._folded_key(key) is not _MISSING

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return repr(self._data)

    def to_dict(self) -> dict:
        return to_plain(self)

    def copy(self) -> dict:
        return to_plain(self)


class _Missing:
    pass


_MISSING = _Missing()


def deep_get(obj: Any, *keys: Any, default: Any = None) -> Any:
    """Follow keys through nested mappings; anything missing, null or not a mapping gives ``default``."""
    current = obj
    for key in keys:
        if not isinstance(current, Mapping):
            return default
        current = current.get(key)
        if current is None:
            return default
    return current


def deep_walk(obj: Any, *keys: Any, default: Any = None, return_val: str = "all") -> Any:
    """Like deep_get, but fans out through lists and collects every distinct value found."""
    if not keys:
        if _is_sequence(obj) and _only_empty_lists(obj):
            return default
        return obj
    if isinstance(obj, Mapping):
        child = obj.get(keys[0])
        if child is None:
            return default
        return deep_walk(child, *keys[1:], default=default, return_val=return_val)
    if _is_sequence(obj):
        found: List[Any] = []
        for item in obj:
            value = deep_walk(item, *keys, default=default, return_val=return_val)
            if value is None:
                continue
            for leaf in (value if _is_sequence(value) else [value]):
                if leaf not in found:
                    found.append(leaf)
        if not found:
            return default
        if return_val == "first":
            return found[0]
        if return_val == "last":
            return found[-1]
        return found[0] if len(found) == 1 else found
    return default


def _only_empty_lists(value: Any) -> bool:
    return all(_is_sequence(v) and _only_empty_lists(v) for v in value)


class DataModel:
    """Named fields for one log type: each is a JSON path into the event or a function of the event."""

    def __init__(self, model_id: str, paths: Dict[str, List[Tuple[str, Any]]], methods: Dict[str, Callable]):
        self.model_id = model_id
        self.paths = paths
        self.methods = methods

    def has(self, name: str) -> bool:
        return name in self.paths or name in self.methods

    def resolve(self, event: "PantherEvent", name: str) -> Any:
        if name in self.methods:
            return self.methods[name](event)
        matches = evaluate_path(event, self.paths[name])
        if len(matches) > 1:
            raise ValueError(f"JSONPath for [{name}] in data model [{self.model_id}] matched multiple fields")
        return matches[0] if matches else None


def parse_path(path: str) -> List[Tuple[str, Any]]:
    """Parse the JSONPath subset data models use: $.a.b, a.b, $.a[0].b, $.a[*].b, $['a b']."""
    steps: List[Tuple[str, Any]] = []
    text = path.strip()
    if text.startswith("$"):
        text = text[1:]
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == ".":
            i += 1
            continue
        if ch == "[":
            end = text.index("]", i)
            inner = text[i + 1:end].strip()
            if inner == "*":
                steps.append(("any", None))
            elif inner[:1] in "'\"":
                steps.append(("key", inner[1:-1]))
            else:
                steps.append(("index", int(inner)))
            i = end + 1
            continue
        end = i
        while end < len(text) and text[end] not in ".[":
            end += 1
        name = text[i:end]
        steps.append(("any", None) if name == "*" else ("key", name))
        i = end
    if not steps:
        raise ValueError(f"empty JSON path '{path}'")
    return steps


def evaluate_path(value: Any, steps: List[Tuple[str, Any]]) -> List[Any]:
    current = [value]
    for kind, arg in steps:
        following: List[Any] = []
        for node in current:
            if kind == "key" and isinstance(node, Mapping) and arg in node:
                following.append(node[arg])
            elif kind == "index" and _is_sequence(node) and -len(node) <= arg < len(node):
                following.append(node[arg])
            elif kind == "any":
                if isinstance(node, Mapping):
                    following.extend(node[k] for k in node)
                elif _is_sequence(node):
                    following.extend(node)
        current = following
    return [v for v in current if v is not None]


class PantherEvent(ImmutableCaseInsensitiveDict):
    """The top-level event, with the helpers panther rules call on it."""

    __slots__ = ("_data_model",)

    def __init__(self, data: Dict[str, Any], data_model: Optional[DataModel] = None):
        super().__init__(data)
        self._data_model = data_model

    def deep_get(self, *keys: Any, default: Any = None) -> Any:
        return deep_get(self, *keys, default=default)

    def deep_walk(self, *keys: Any, default: Any = None, return_val: str = "all") -> Any:
        return deep_walk(self, *keys, default=default, return_val=return_val)

    def udm(self, *keys: str, default: Any = None) -> Any:
        """A data model field when the log type's model names it, otherwise the event's own field."""
        if not keys:
            return default
        if self._data_model is not None and self._data_model.has(keys[0]):
            value = self._data_model.resolve(self, keys[0])
            if len(keys) > 1:
                value = deep_get(value, *keys[1:])
        else:
            value = deep_get(self, *keys)
        return default if value is None else value
