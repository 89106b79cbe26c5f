"""panther_detection_helpers.caching over SQLite.

Panther keeps this state in one DynamoDB item per key (a counter, a string set and a dictionary can share
a key) with an ``expiresAt`` epoch-seconds TTL. Iota keeps the same item shape in a SQLite file that the
host passes to every worker, so the state is shared by all workers and survives restarts. WAL mode and a
busy timeout let several worker processes write without "database is locked" errors.

DynamoDB deletes expired items lazily, so panther rules may briefly see expired state unless they pass
``force_ttl_check``; here an expired item is always treated as deleted, which is the state DynamoDB
converges to.
"""

import json
import sqlite3
import time
from typing import Any, Dict, Iterable, Optional, Set, Union

_SCHEMA = """
CREATE TABLE IF NOT EXISTS panther_cache (
    key TEXT PRIMARY KEY,
    int_count INTEGER,
    string_set TEXT,
    dictionary TEXT,
    expires_at INTEGER
)
"""

_connection: Optional[sqlite3.Connection] = None


def use_database(path: str) -> None:
    """Point the helpers at a database file (or ':memory:' for isolated rule tests)."""
    global _connection
    if _connection is not None:
        _connection.close()
    _connection = sqlite3.connect(path, timeout=30.0, isolation_level=None)
    _connection.execute("PRAGMA busy_timeout = 30000")
    _while_locked(lambda: _prepare(_connection, path))


def _prepare(conn: sqlite3.Connection, path: str) -> None:
    if path != ":memory:":
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(_SCHEMA)


def _while_locked(action, seconds: float = 30.0) -> None:
    """Retries while the file is locked. A pool's workers open a new file together, and switching it to WAL needs it
    to one connection: SQLite then answers "database is locked" at once, without waiting out the busy timeout."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            action()
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _db() -> sqlite3.Connection:
    if _connection is None:
        raise RuntimeError("the caching database is not configured for this worker")
    return _connection


class _Transaction:
    """BEGIN IMMEDIATE takes the write lock up front, so read-modify-write is atomic across workers."""

    def __enter__(self) -> sqlite3.Connection:
        conn = _db()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("DELETE FROM panther_cache WHERE expires_at IS NOT NULL AND expires_at < ?", (time.time(),))
        return conn

    def __exit__(self, exc_type, exc, tb) -> None:
        _db().execute("ROLLBACK" if exc_type else "COMMIT")


def _row(conn: sqlite3.Connection, key: str):
    return conn.execute(
        "SELECT int_count, string_set, dictionary, expires_at FROM panther_cache WHERE key = ?", (key,)
    ).fetchone()


def _ensure(conn: sqlite3.Connection, key: str) -> None:
    conn.execute("INSERT OR IGNORE INTO panther_cache (key) VALUES (?)", (key,))


def _set_expiry(conn: sqlite3.Connection, key: str, epoch_seconds: Optional[int]) -> None:
    if epoch_seconds is not None:
        conn.execute("UPDATE panther_cache SET expires_at = ? WHERE key = ?", (int(epoch_seconds), key))


def ttl_expired(response: Dict[str, Any]) -> bool:
    expires_at = response.get("expiresAt")
    return expires_at is not None and int(expires_at) < time.time()


def set_key_expiration(key: str, epoch_seconds: int) -> None:
    with _Transaction() as conn:
        _set_expiry(conn, key, epoch_seconds)


def get_counter(key: str, force_ttl_check: bool = False) -> int:
    with _Transaction() as conn:
        row = _row(conn, key)
    return int(row[0]) if row and row[0] is not None else 0


def increment_counter(key: str, val: int = 1, epoch_seconds: Optional[int] = None) -> int:
    with _Transaction() as conn:
        _ensure(conn, key)
        conn.execute("UPDATE panther_cache SET int_count = COALESCE(int_count, 0) + ? WHERE key = ?", (int(val), key))
        _set_expiry(conn, key, epoch_seconds)
        return int(_row(conn, key)[0])


def reset_counter(key: str) -> None:
    with _Transaction() as conn:
        conn.execute("DELETE FROM panther_cache WHERE key = ?", (key,))


def _read_set(row) -> Set[str]:
    return set(json.loads(row[1])) if row and row[1] is not None else set()


def _write_set(conn: sqlite3.Connection, key: str, values: Set[str]) -> None:
    _ensure(conn, key)
    conn.execute(
        "UPDATE panther_cache SET string_set = ? WHERE key = ?",
        (json.dumps(sorted(values)) if values else None, key),
    )


def _as_strings(val: Union[str, Iterable[str]]) -> Set[str]:
    return {val} if isinstance(val, str) else {str(v) for v in val}


def get_string_set(key: str, force_ttl_check: bool = False) -> Set[str]:
    with _Transaction() as conn:
        return _read_set(_row(conn, key))


def put_string_set(key: str, val: Iterable[str], epoch_seconds: Optional[int] = None) -> None:
    values = _as_strings(val)
    if not values:
        # DynamoDB cannot store an empty set; panther deletes the key instead.
        reset_string_set(key)
        return
    with _Transaction() as conn:
        _write_set(conn, key, values)
        _set_expiry(conn, key, epoch_seconds)


def add_to_string_set(key: str, val: Union[str, Iterable[str]], epoch_seconds: Optional[int] = None) -> Set[str]:
    with _Transaction() as conn:
        values = _read_set(_row(conn, key)) | _as_strings(val)
        _write_set(conn, key, values)
        _set_expiry(conn, key, epoch_seconds)
        return values


def remove_from_string_set(key: str, val: Union[str, Iterable[str]]) -> Set[str]:
    with _Transaction() as conn:
        values = _read_set(_row(conn, key)) - _as_strings(val)
        _write_set(conn, key, values)
        return values


def reset_string_set(key: str) -> None:
    with _Transaction() as conn:
        conn.execute("DELETE FROM panther_cache WHERE key = ?", (key,))


def put_dictionary(key: str, val: Dict[str, Any], epoch_seconds: Optional[int] = None) -> None:
    if not isinstance(val, dict):
        raise TypeError("put_dictionary: value must be a dict")
    with _Transaction() as conn:
        _ensure(conn, key)
        conn.execute("UPDATE panther_cache SET dictionary = ? WHERE key = ?", (json.dumps(val), key))
        _set_expiry(conn, key, epoch_seconds)


def get_dictionary(key: str, force_ttl_check: bool = False) -> Dict[str, Any]:
    with _Transaction() as conn:
        row = _row(conn, key)
    return json.loads(row[2]) if row and row[2] is not None else {}
