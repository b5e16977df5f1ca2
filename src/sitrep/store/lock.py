"""The writer lock: one process at a time writes to a store.

Linking reads the store (the incidents near each new mention) and then writes what it
decided; two runs interleaving those steps would each link against a store without the
other's incidents and save the same event twice. So a run holds this lock from its first
read to its last write (``Store.writing``), whatever batches or chunks it saves in between;
readers (``sitrep serve``, exports) never take it.

- SQLite: an exclusive ``flock`` on a file beside the database (``sitrep.db-lock``), which
  holds the pid of the process writing. The kernel releases it when that process ends, even
  by ``kill -9``: a stale lock cannot outlive its writer.
- PostgreSQL: a session-level advisory lock (``pg_advisory_lock``) keyed by database and
  schema, held on a connection of its own; it ends with that session.
- An in-memory SQLite store is private to its process: no lock.

The lock is re-entrant per ``Store`` object. While another process holds it, ``on_wait`` is
called once with a message saying who, then the caller waits for as long as it takes.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection, Engine, text

Wait = Callable[[str], None]


class WriterLock:
    """A re-entrant writer lock for one store; ``acquire``/``release`` nest."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._depth = 0
        self._file: int | None = None              # SQLite: the lock file's descriptor
        self._connection: Connection | None = None  # PostgreSQL: the session holding it
        database = engine.url.database
        self.database = database
        self.path = (Path(f"{database}-lock") if engine.dialect.name == "sqlite"
                     and database not in (None, "", ":memory:") else None)

    def acquire(self, on_wait: Wait | None = None) -> None:
        if self._depth == 0:
            if self.path is not None:
                self._lock_file(on_wait)
            elif self._engine.dialect.name == "postgresql":
                self._lock_session(on_wait)
        self._depth += 1

    def release(self) -> None:
        self._depth -= 1
        if self._depth > 0:
            return
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            os.close(self._file)
            self._file = None
        if self._connection is not None:
            try:
                self._connection.execute(text("SELECT pg_advisory_unlock_all()"))
            finally:
                self._connection.close()
                self._connection = None

    def _lock_file(self, on_wait: Wait | None) -> None:
        descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(descriptor, 32, 0).decode("ascii", "replace").strip()
                if on_wait is not None:
                    who = f"process {holder}" if holder.isdigit() else "another process"
                    on_wait(f"{who} is writing to {self.database}; waiting for it to finish "
                            f"(lock file {self.path})")
                fcntl.flock(descriptor, fcntl.LOCK_EX)
            os.ftruncate(descriptor, 0)
            os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)
        except BaseException:
            os.close(descriptor)
            raise
        self._file = descriptor

    def _lock_session(self, on_wait: Wait | None) -> None:
        connection = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        try:
            where = connection.execute(text("SELECT current_database() || '.' || "
                                            "current_schema()")).scalar_one()
            # a positive 63-bit key, so pg_locks' (classid, objid) halves give it back
            key = int.from_bytes(hashlib.sha1(f"sitrep writer {where}".encode()).digest()[:8],
                                 "big") >> 1
            if not connection.execute(text("SELECT pg_try_advisory_lock(:k)"),
                                      {"k": key}).scalar_one():
                holder = connection.execute(text(
                    "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted "
                    "AND ((classid::bigint << 32) | objid::bigint) = :k LIMIT 1"),
                    {"k": key}).scalar()
                if on_wait is not None:
                    who = f"server process {holder}" if holder else "another session"
                    on_wait(f"{who} holds the sitrep writer lock of {where}; waiting for "
                            "it to finish")
                connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": key})
        except BaseException:
            connection.close()
            raise
        self._connection = connection
