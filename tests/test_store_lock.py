"""The store's writer lock: two runs on one store at once give what one after the other
gives, the waiting one says why it waits, and a writer killed with -9 leaves no lock."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from sitrep.pipeline import run
from sitrep.store import Store

SITREP = [sys.executable, "-m", "sitrep.cli"]


def _split_example(baghdad_dir: Path, root: Path) -> tuple[Path, Path]:
    """Two input folders that share a story: the even articles, and the odd ones plus the
    first again (the same text under both)."""
    lines = (baghdad_dir / "manifest.jsonl").read_text().splitlines()
    folders = (root / "a", root / "b")
    for number, line in enumerate(lines):
        targets = [folders[number % 2]] + ([folders[1]] if number == 0 else [])
        for folder in targets:
            (folder / "docs").mkdir(parents=True, exist_ok=True)
            path = json.loads(line)["path"]
            shutil.copy(baghdad_dir / path, folder / path)
            with open(folder / "manifest.jsonl", "a") as manifest:
                manifest.write(line + "\n")
    return folders


def _incidents(store: Store) -> list[tuple]:
    """What a run leaves, without ids: each incident's mentions and figures."""
    return sorted((tuple(sorted(i.mention_ids)), i.killed.best, i.wounded.best,
                   i.munitions.best, i.date.start if i.date else None)
                  for i in store.incidents())


def _hold(store: Store, release: threading.Event, held: threading.Event,
          on_wait=None) -> threading.Thread:
    def hold() -> None:
        with store.writing(on_wait=on_wait):
            held.set()
            release.wait(60)

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    return thread


def test_two_runs_at_once_give_what_one_after_the_other_gives(tmp_path, baghdad_dir):
    a, b = _split_example(baghdad_dir, tmp_path / "inputs")
    with Store.open(tmp_path / "sequential.db") as store:
        for folder in (a, b):             # (this example gives the same in either order)
            run([folder], store)
        expected = _incidents(store)

    db = tmp_path / "shared.db"
    with Store.open(db) as holder:       # both runs start while the store is busy
        release, held = threading.Event(), threading.Event()
        thread = _hold(holder, release, held)
        held.wait(10)
        logs = [tmp_path / f"{folder.name}.log" for folder in (a, b)]
        runs = [subprocess.Popen([*SITREP, "run", str(folder), "--db", str(db), "--out",
                                  str(tmp_path / f"out-{folder.name}"), "-q"],
                                 stdout=subprocess.DEVNULL, stderr=open(log, "w"))
                for folder, log in zip((a, b), logs)]
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and \
                not all("waiting" in log.read_text() for log in logs):
            time.sleep(0.2)
        release.set()
        thread.join()
        for process in runs:
            process.wait(timeout=300)
    for process, log in zip(runs, logs):
        err = log.read_text()
        assert process.returncode == 0, err
        assert "Traceback" not in err
        assert f"process {os.getpid()} is writing to {db}; waiting for it to finish" in \
            " ".join(err.split())
    with Store.open(db) as store:
        got = _incidents(store)
        assert len(store.documents()) == 5
    assert got == expected


@pytest.mark.parametrize("store_url", ["sqlite", "postgresql"], indirect=True)
def test_a_second_writer_waits_is_told_why_and_goes_on_when_the_first_ends(store_url):
    first, second = Store.open(store_url), Store.open(store_url)
    try:
        release, held = threading.Event(), threading.Event()
        holder = _hold(first, release, held)
        assert held.wait(10)
        messages: list[str] = []
        got_it, done = threading.Event(), threading.Event()
        waiter = _hold(second, done, got_it, on_wait=messages.append)
        time.sleep(0.5)
        assert not got_it.is_set() and len(messages) == 1
        assert "waiting for it to finish" in messages[0]
        with first.writing():            # re-entrant in the process that holds it
            pass
        release.set()
        holder.join(10)
        assert got_it.wait(10)
        done.set()
        waiter.join(10)
    finally:
        first.close()
        second.close()


def test_postgres_stores_in_two_schemas_do_not_block_each_other(request):
    server = request.getfixturevalue("postgres_server")
    from sqlalchemy import create_engine, text

    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for name in ("lock_a", "lock_b"):
            conn.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE; CREATE SCHEMA {name}"))
    try:
        a = Store.open(f"{server}?options=-csearch_path%3Dlock_a")
        b = Store.open(f"{server}?options=-csearch_path%3Dlock_b")
        with a.writing(on_wait=pytest.fail), b.writing(on_wait=pytest.fail):
            pass
        a.close()
        b.close()
    finally:
        with admin.connect() as conn:
            conn.execute(text("DROP SCHEMA lock_a CASCADE; DROP SCHEMA lock_b CASCADE"))
        admin.dispose()


def test_a_writer_killed_with_signal_9_leaves_no_lock(tmp_path):
    db = tmp_path / "s.db"
    Store.open(db).close()
    code = ("import sys, time\nfrom sitrep.store import Store\n"
            f"s = Store.open({str(db)!r})\nwith s.writing():\n"
            "    print('held', flush=True)\n    time.sleep(60)\n")
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        messages: list[str] = []
        with Store.open(db) as store:
            waiting, got, done = threading.Event(), threading.Event(), threading.Event()
            thread = _hold(store, done, got,
                           on_wait=lambda m: (messages.append(m), waiting.set()))
            assert waiting.wait(10) and f"process {holder.pid} is writing" in messages[0]
            holder.send_signal(signal.SIGKILL)
            assert got.wait(10)
            done.set()
            thread.join(10)
    finally:
        holder.kill()
        holder.wait()
