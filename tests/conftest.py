"""Shared fixtures. The spaCy pipeline loads once per test session.

``store_url`` (parametrize it indirectly with "sqlite" / "postgresql") is a fresh, empty
store. PostgreSQL: ``SITREP_TEST_POSTGRES_URL`` if set (each test gets its own schema
there); otherwise a throwaway cluster is started from the Debian server binaries
(``/usr/lib/postgresql/*/bin``, see ``scripts/ci-postgres.sh``) for the session; otherwise
the PostgreSQL variants are skipped, saying why.
"""
from __future__ import annotations

import glob
import os
import re
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    from sitrep.parse import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def baghdad_dir() -> Path:
    return EXAMPLES / "baghdad"


# ----------------------------------------------------------------------------- PostgreSQL


def _pg_bindir() -> Path | None:
    found = glob.glob("/usr/lib/postgresql/*/bin/initdb")
    if not found:
        return None
    newest = max(found, key=lambda p: int(re.search(r"/(\d+)/bin/", p).group(1)))
    return Path(newest).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL URL for the session (a server we start and stop ourselves, or the one
    ``SITREP_TEST_POSTGRES_URL`` names)."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed: pip install -e 'src/..[postgres]'")
    url = os.environ.get("SITREP_TEST_POSTGRES_URL")
    if url:
        yield url
        return
    bindir = _pg_bindir()
    if bindir is None:
        pytest.skip("no PostgreSQL server binaries (/usr/lib/postgresql/*/bin/initdb): run "
                    "scripts/ci-postgres.sh or set SITREP_TEST_POSTGRES_URL")
    base = Path(tempfile.mkdtemp(prefix="sitrep-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:              # initdb refuses root: run the server as postgres
        if not shutil.which("runuser"):
            pytest.skip("running as root without runuser: cannot start PostgreSQL as postgres")
        shutil.chown(base, user="postgres")
        prefix = ["runuser", "-u", "postgres", "--"]
    data, port = base / "data", _free_port()

    def run(*args: str) -> None:
        done = subprocess.run([*prefix, *args], capture_output=True, text=True)
        if done.returncode:
            log = (base / "server.log").read_text() if (base / "server.log").exists() else ""
            raise RuntimeError(f"{' '.join(args)} failed: {done.stderr}{done.stdout}{log}")

    run(str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
        "--no-locale", "-E", "UTF8", "--no-sync")
    options = (f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off")
    run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(base / "server.log"), "-w",
        "-t", "60", "-o", options, "start")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def store_url(request, tmp_path):
    """A fresh, empty database: a SQLite file, or a PostgreSQL schema of its own."""
    if request.param == "sqlite":
        yield str(tmp_path / "sitrep.db")
        return
    server = request.getfixturevalue("postgres_server")
    name = "t_" + uuid.uuid4().hex[:12]
    admin = create_engine(server.replace("postgresql://", "postgresql+psycopg://", 1),
                          isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE SCHEMA {name}"))
    sep = "&" if "?" in server else "?"
    try:
        yield f"{server}{sep}options=-csearch_path%3D{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP SCHEMA {name} CASCADE"))
        admin.dispose()


GVA_DEV = SHARED / "corpus" / "gva-dev"


def gva_dev_slice(folder: Path, n: int) -> Path:
    """A JSON lines file of ``n`` gva-dev documents in the corpus's order: all the reports of
    the gold incidents with three or more, up to half of ``n`` (so that linking has
    documents to join), then the first of the others. Skips the test without ../shared."""
    import json

    docs, gold = GVA_DEV / "docs.jsonl", GVA_DEV / "gold.json"
    if not (docs.exists() and gold.exists()):
        pytest.skip("the shared gva-dev corpus is not beside the project")
    wanted: list[str] = []
    for incident in json.loads(gold.read_text())["incidents"]:
        sources = incident["sources"]
        if len(sources) >= 3 and len(wanted) + len(sources) <= n // 2:
            wanted += [s for s in sources if s not in wanted]
    lines = docs.read_text(encoding="utf-8").splitlines()
    chosen = set(wanted)
    for line in lines:
        if len(chosen) >= n:
            break
        chosen.add(json.loads(line)["id"])
    path = folder / f"gva-dev-{n}.jsonl"
    path.write_text("".join(f"{line}\n" for line in lines if json.loads(line)["id"] in chosen),
                    encoding="utf-8")
    return path


def store_contents(store) -> dict:
    """What a store holds, whatever the runs that wrote it: every incident and story whole,
    and every document's ids and mentions (run ids and times left out)."""
    return {
        "incidents": sorted(store.incidents(), key=lambda i: i.id),
        "stories": store.stories(),
        "documents": sorted((d.id, d.aliases, d.urls, d.text) for d in store.documents()),
        "mentions": sorted((m.id, m.place, m.date, m.killed, m.wounded) for m in store.mentions()),
        "claims": sorted(c.id for c in store.claims()),
    }
