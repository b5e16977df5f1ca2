"""The ``sitrep`` command: a thin layer over the library's API (``sitrep.run``,
``sitrep.open_store``) and the presenters.

Each command parses its arguments, calls the library, and prints what happened. Exit status:
0 when every input was read, 1 when some inputs had problems (the rest was stored) or a
store or file could not be read, 2 for a usage error. Errors are one line on stderr, with
their code (``error: [S401] ...``); ``sitrep --debug COMMAND`` shows the traceback instead.
"""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from .errors import ConfigError, SitrepError
from .ingest.common import ReadOptions

app = typer.Typer(
    help="sitrep turns news articles into a deduplicated, sourced timeline of violent incidents.\n\n"
         "Start with:  sitrep run examples/baghdad",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
# Piped output (CI logs, files) gets a wide table rather than rich's 80-column default.
console = Console(width=None if sys.stdout.isatty() else 140)
errors = Console(stderr=True)
DEBUG = {"on": False}       # set by --debug, read by main()

DB_OPTION = typer.Option("sitrep.db", "--db", help="The store: a SQLite file, or a database URL "
                         "such as postgresql+psycopg://user@host/sitrep.")


class ExportFormat(str, Enum):
    json = "json"
    documents = "documents"
    csv = "csv"
    geojson = "geojson"
    parquet = "parquet"


class Engine(str, Enum):
    local = "local"
    processes = "processes"
    ray = "ray"


@app.callback()
def _options(debug: bool = typer.Option(False, "--debug", help="Show the full traceback of an "
                                        "error instead of its one-line message.")) -> None:
    DEBUG["on"] = debug


def _read_store(db: str):
    """An existing store: read commands never create one (a typo in --db fails, naming it)."""
    from . import open_store

    return open_store(db, create=False)


def print_timeline(incidents, *, limit: int | None = None, title: str = "Incident timeline",
                   total: int | None = None) -> None:
    """The first ``limit`` rows of ``incidents``; ``total``: how many there are in all, when
    ``incidents`` holds only the first ones."""
    from .present.timeline import timeline_rows, timeline_table

    rows = timeline_rows(incidents)
    total = len(rows) if total is None else total
    shown = rows if limit is None else rows[:limit]
    table = timeline_table(shown, console.width, title)
    table.title = f"{title} ({total} incidents)"
    console.print(table)
    if limit is not None and total > len(shown):
        console.print(f"… {total - len(shown)} more; see the exports or `sitrep timeline --all`.")


INPUTS = typer.Argument(..., help="Files or folders: .txt .md .html .json .jsonl .warc .rss .atom "
                        "(and .gz); a folder with manifest.jsonl reads what it lists.")
ENGINE_OPTION = typer.Option(Engine.local, help="local: this process; processes: one worker per "
                             "core; ray: a Ray cluster (pip install 'sitrep[ray]').")
WORKERS_OPTION = typer.Option(0, help="Worker processes for --engine processes/ray (0: one per core).")
OUT_OPTION = typer.Option(Path("out"), "--out", help="Folder for incidents.json and documents.jsonl.")
QUIET_OPTION = typer.Option(False, "--quiet", "-q", help="Print only problems and the summary line.")
LIMIT_OPTION = typer.Option(40, help="Rows of the timeline to print.")
SET_OPTION = typer.Option([], "--set", metavar="KEY=VALUE", help="A link setting (a field of "
                          "sitrep.LinkConfig), e.g. --set merge_threshold=0.6; repeatable.")
FOLLOW_LINKS_OPTION = typer.Option(False, "--follow-links", help="Read what symbolic links inside "
                                   "a named folder point to outside it.")
MAX_RECORDS_OPTION = typer.Option(ReadOptions().max_records, min=1, help="Lines (records) read at "
                                  "most from one JSON lines, manifest or WARC file.")
MAX_BYTES_OPTION = typer.Option(ReadOptions().max_bytes, min=1, help="Bytes (decompressed) read at "
                                "most from one JSON lines, manifest or WARC file.")


def _options(engine: Engine, workers: int, settings: list[str], quiet: bool,
             reading: ReadOptions = ReadOptions(), chunk_size: int = 256,
             stages: tuple[str, ...] = ("read", "extracted", "linked", "stored"),
             inputs: list[Path] = ()):
    """``RunOptions`` from the command's options, with a progress display of ``stages`` on a
    terminal (unless --quiet) and Ctrl-C asking to stop after the chunk in hand; use the
    returned display as a context manager. A run that waits for another one writing to its
    store says so."""
    from . import LinkConfig, RunOptions

    display = RunDisplay(inputs, stages, enabled=not quiet and sys.stderr.isatty())

    def on_wait(message: str) -> None:
        errors.print(f"[yellow]waiting[/yellow] {message}", highlight=False, soft_wrap=True)

    options = RunOptions(engine=engine.value, workers=workers or None, chunk_size=chunk_size,
                         link=LinkConfig().with_settings(settings), on_progress=display.update,
                         stop=display.interrupt.requested, reading=reading, on_wait=on_wait)
    return options, display


class StopOnInterrupt:
    """Ctrl-C (SIGINT) asks the run to stop after the chunk in hand, which is then stored;
    a second Ctrl-C stops at once (the chunk in hand is not stored, nothing else is lost)."""

    def __init__(self) -> None:
        self._asked = False
        self._before = None

    def requested(self) -> bool:
        return self._asked

    def _handle(self, signum, frame) -> None:
        if self._asked:
            raise KeyboardInterrupt
        self._asked = True

    def __enter__(self) -> "StopOnInterrupt":
        import signal

        self._before = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc_info) -> None:
        import signal

        signal.signal(signal.SIGINT, self._before)


class RunDisplay:
    """One progress display for a run, on stderr: documents read, extracted, linked and
    stored (``stages``), each with its rate and the time left. The total comes from a quick
    count of the inputs (``ingest.count.count_documents``) in a background thread; until it
    is known the bars only pulse. Shows nothing when ``enabled`` is false (--quiet, not a
    terminal). Also holds the run's ``StopOnInterrupt``."""

    def __init__(self, inputs: list[Path], stages: tuple[str, ...], *, enabled: bool) -> None:
        self.enabled, self.inputs, self.stages = enabled, list(inputs), stages
        self.interrupt = StopOnInterrupt()
        self.progress = Progress(TextColumn("{task.description:>9}"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("{task.fields[rate]:>12}"), TimeRemainingColumn(),
                                 console=errors, transient=True, disable=not enabled)
        self.tasks: dict[str, int] = {}

    def __enter__(self) -> "RunDisplay":
        self.interrupt.__enter__()
        if self.enabled:
            import threading

            self.progress.start()
            self.tasks = {stage: self.progress.add_task(stage, total=None, rate="")
                          for stage in self.stages}
            threading.Thread(target=self._count, daemon=True).start()
        return self

    def _count(self) -> None:
        from .ingest.count import count_documents

        total = count_documents(self.inputs)
        for task in self.tasks.values():
            self.progress.update(task, total=max(total, self.progress.tasks[task].completed))

    def update(self, done) -> None:
        for stage, task in self.tasks.items():
            completed = getattr(done, stage)
            elapsed = self.progress.tasks[task].elapsed or 0
            total = self.progress.tasks[task].total
            self.progress.update(task, completed=completed,
                                 total=None if total is None else max(total, completed),
                                 rate=f"{completed / elapsed:.1f} docs/s" if elapsed else "")

    def __exit__(self, *exc_info) -> None:
        if self.enabled:
            self.progress.stop()
        self.interrupt.__exit__(*exc_info)


def _print_problems(problems) -> None:
    """One line each on stderr: the input, its line and what is wrong."""
    for problem in problems:
        errors.print(f"[yellow]problem[/yellow] {problem}", highlight=False, soft_wrap=True)


def _report_run(result, db: str, out: Path, quiet: bool, limit: int) -> None:
    """What ``run`` and ``link`` print and write after storing: problems, the outputs, the
    timeline and a summary line; exit status 1 when some inputs had problems."""
    from . import open_store
    from .present.export import write_outputs

    _print_problems(result.info.problems)
    info = result.info
    if result.interrupted:
        errors.print(f"interrupted: {info.documents_read} documents read and stored "
                     f"({info.documents_new} new); the same command again goes on from there",
                     highlight=False, soft_wrap=True)
        raise typer.Exit(130)
    with open_store(db) as store:
        paths = write_outputs(store, out)
        if not quiet:
            total, first = store.query_incidents(limit=limit)
            print_timeline(first, limit=limit, total=total)
    console.print(
        f"read {info.documents_read} documents: {info.documents_new} new, {info.documents_duplicate} "
        f"already stored, {info.documents_skipped} skipped (not English or empty); "
        f"{info.mentions} incident mentions; {len(info.problems)} problems. "
        f"Wrote {paths['incidents']} and {paths['documents']}.", highlight=False)
    if result.failed:
        raise typer.Exit(1)


@app.command()
def run(
    inputs: list[Path] = INPUTS,
    db: str = DB_OPTION,
    out: Path = OUT_OPTION,
    engine: Engine = ENGINE_OPTION,
    workers: int = WORKERS_OPTION,
    settings: list[str] = SET_OPTION,
    quiet: bool = QUIET_OPTION,
    limit: int = LIMIT_OPTION,
    follow_links: bool = FOLLOW_LINKS_OPTION,
    max_records: int = MAX_RECORDS_OPTION,
    max_bytes: int = MAX_BYTES_OPTION,
    chunk_size: int = typer.Option(256, "--chunk-size", min=1, help="Documents read, extracted, "
                                   "linked and stored together, in one transaction."),
) -> None:
    """Ingest, clean, extract, link and store articles; print the timeline; write the outputs.

    Running the same input again changes nothing; new inputs update the store. Documents are
    stored a chunk at a time: after a crash, the same command again goes on where it stopped;
    Ctrl-C stops after the chunk in hand (exit status 130).

    Example:

        sitrep run examples/baghdad --db sitrep.db --out out
    """
    from . import run as run_sitrep

    reading = ReadOptions(follow_links=follow_links, max_records=max_records, max_bytes=max_bytes)
    options, display = _options(engine, workers, settings, quiet, reading, chunk_size, inputs=inputs)
    with display:
        result = run_sitrep(inputs, db, options)
    _report_run(result, db, out, quiet, limit)


@app.command()
def extract(
    inputs: list[Path] = INPUTS,
    output: Path = typer.Option(..., "--output", "-o", help="The JSON lines file to write: the "
                                "cleaned documents, their mentions and claims, and the problems."),
    engine: Engine = ENGINE_OPTION,
    workers: int = WORKERS_OPTION,
    quiet: bool = QUIET_OPTION,
    follow_links: bool = FOLLOW_LINKS_OPTION,
    max_records: int = MAX_RECORDS_OPTION,
    max_bytes: int = MAX_BYTES_OPTION,
) -> None:
    """The extract stage alone: read, clean and extract articles into a file.

    Nothing is stored. `sitrep link` then links and stores the file; together they make
    what `sitrep run` makes.

    Example:

        sitrep extract examples/baghdad -o mentions.jsonl
    """
    from . import extract_files

    if output.is_dir():
        raise ConfigError(f"--output {output} is a folder; name the file to write")
    reading = ReadOptions(follow_links=follow_links, max_records=max_records, max_bytes=max_bytes)
    options, display = _options(engine, workers, [], quiet, reading, stages=("read", "extracted"),
                                inputs=inputs)
    with display:
        extraction = extract_files(inputs, options, out=output)
    _print_problems(extraction.problems)
    console.print(f"read {len(extraction.documents)} documents, extracted {len(extraction.read)}: "
                  f"{len(extraction.mentions)} incident mentions; {len(extraction.problems)} "
                  f"problems. Wrote {output}.", highlight=False)
    if extraction.problems:
        raise typer.Exit(1)


@app.command()
def link(
    mentions: Path = typer.Argument(..., help="A file `sitrep extract` wrote."),
    db: str = DB_OPTION,
    out: Path = OUT_OPTION,
    settings: list[str] = SET_OPTION,
    quiet: bool = QUIET_OPTION,
    limit: int = LIMIT_OPTION,
) -> None:
    """The link stage alone: link and store the mentions `sitrep extract` wrote.

    Mentions become incidents and stories in the store; the timeline is printed and the
    outputs written, as `sitrep run` does. Texts the store holds already add only their ids.

    Example:

        sitrep link mentions.jsonl --db sitrep.db --set merge_threshold=0.6
    """
    from . import link_extraction

    options, _ = _options(Engine.local, 0, settings, quiet=True)
    result = link_extraction(mentions, db, options)
    _report_run(result, db, out, quiet, limit)


@app.command()
def timeline(
    db: str = DB_OPTION,
    all_rows: bool = typer.Option(False, "--all", help="Print every incident, not the first 40."),
) -> None:
    """Print the incident timeline of an existing store.

    Example:

        sitrep timeline --db sitrep.db --all
    """
    with _read_store(db) as store:
        print_timeline(store.incidents(), limit=None if all_rows else 40)


@app.command()
def runs(
    db: str = DB_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Print each run in full, as JSON lines: "
                                 "its counts, problems and resolved configuration."),
) -> None:
    """List the runs a store has recorded: what each read, and how.

    The table gives the counts, the engine, the language model and the extractors'
    versions; --json gives every run in full, with its resolved configuration.

    Example:

        sitrep runs --db sitrep.db --json
    """
    import json

    from .records import to_dict

    with _read_store(db) as store:
        recorded = store.runs()
    if as_json:
        for info in recorded:
            print(json.dumps(to_dict(info), ensure_ascii=False))
        return
    table = Table(title=f"Runs ({len(recorded)})")
    counts = ("read", "new", "mentions", "incidents", "problems")
    for column in ("run", "started", *counts, "engine", "extractors"):
        table.add_column(column, justify="right" if column in counts else "left")
    for info in recorded:
        versions = info.config.get("extractors") or {}
        table.add_row(info.run_id, info.started.strftime("%Y-%m-%d %H:%M"), str(info.documents_read),
                      str(info.documents_new), str(info.mentions), str(info.incidents),
                      str(len(info.problems)), str(info.config.get("engine", "?")),
                      " ".join(v.removeprefix("sitrep.extract.") for k, v in versions.items()
                               if k != "spacy") or "not recorded")
    console.print(table)


@app.command()
def export(
    format: ExportFormat = typer.Option(ExportFormat.json, "--format", "-f", help="json: incidents with "
                                        "their claim ledger; documents: cleaned texts as JSON lines; csv: "
                                        "ACLED's export columns; geojson; parquet."),
    db: str = DB_OPTION,
    output: Path = typer.Option(None, "--output", "-o", help="File to write (default: stdout for json, "
                                "documents and geojson; required for parquet)."),
) -> None:
    """Export the incidents (or documents) of an existing store.

    Example:

        sitrep export --format csv --db sitrep.db -o incidents.csv
    """
    from .present import export as exporters

    if format is ExportFormat.parquet and output is None:
        raise ConfigError("--format parquet needs --output FILE")
    if output is not None and output.is_dir():
        raise ConfigError(f"--output {output} is a folder; name the file to write")
    with _read_store(db) as store:
        data = exporters.export_data(store)
        target = output if output is not None else sys.stdout
        if format is ExportFormat.json:
            exporters.write_json(target, **data)
        elif format is ExportFormat.documents:
            exporters.write_documents_jsonl(data["documents"], target)
        elif format is ExportFormat.csv:
            exporters.write_acled_csv(data["incidents"], data["documents"], target,
                                      claims=data["claims"], updated=store.incident_updates())
        elif format is ExportFormat.geojson:
            exporters.write_geojson(data["incidents"], target)
        else:
            exporters.write_parquet(data["incidents"], target)
    if output is not None:
        errors.print(f"wrote {output}")


@app.command()
def report(
    db: str = DB_OPTION,
    output: Path = typer.Option(Path("report.html"), "--output", "-o", help="The HTML file to write."),
    title: str = typer.Option("sitrep: incident report", help="The report's title."),
) -> None:
    """Write one self-contained HTML file: a timeline, a map and a card per incident with its sources.

    The file holds its styles, scripts, data and map; opening it fetches nothing.

    Example:

        sitrep report --db sitrep.db -o report.html
    """
    from .present.report import write_report

    if output.is_dir():
        raise ConfigError(f"--output {output} is a folder; name the file to write")
    with _read_store(db) as store:
        path = write_report(store, output, title=title)
    errors.print(f"wrote {path}")


@app.command()
def serve(
    db: str = DB_OPTION,
    host: str = typer.Option("127.0.0.1", help="Address to listen on (0.0.0.0: every interface)."),
    port: int = typer.Option(8000, help="Port to listen on."),
    workers: int = typer.Option(0, min=0, help="Server processes (0: one per core, at most "
                                "4). Requests are CPU-bound Python: one process uses one core."),
) -> None:
    """Serve the web page and the read-only JSON API (OpenAPI at /openapi.json) over a store.

    Example:

        sitrep serve --db sitrep.db --port 8000
    """
    import os

    import uvicorn

    from .present.web.app import STORE_ENVIRONMENT, create_app

    workers = workers or min(4, os.cpu_count() or 1)
    with _read_store(db) as store:      # a missing or bad store fails here, once
        errors.print(f"serving {db} on http://{host}:{port}/ with {workers} process"
                     f"{'es' if workers > 1 else ''} (JSON API under /api, Ctrl+C stops)")
        if workers == 1:
            uvicorn.run(create_app(store), host=host, port=port, log_level="warning")
            return
    os.environ[STORE_ENVIRONMENT] = db
    uvicorn.run("sitrep.present.web.app:app_from_environment", factory=True, host=host,
                port=port, workers=workers, log_level="warning")


def main(args: list[str] | None = None) -> int:
    """The ``sitrep`` command. A ``SitrepError``, a usage error or a file that cannot be
    written is one line on stderr and exit status 2 (usage) or 1; ``--debug`` re-raises it."""
    DEBUG["on"] = False
    try:
        status = app(args=args, prog_name="sitrep", standalone_mode=False)
    except typer.Abort:
        _fail("interrupted", 130)
    except SitrepError as exc:
        if DEBUG["on"]:
            raise
        _fail(str(exc), exc.exit_status)
    except OSError as exc:
        if DEBUG["on"] or exc.filename is None:
            raise
        _fail(f"{exc.filename}: {exc.strerror or exc}", 1)
    except Exception as exc:
        if not _usage_error(exc):
            raise
        message, ctx = exc.format_message(), getattr(exc, "ctx", None)
        if not message.strip():            # no arguments: the help is shown already
            return exc.exit_code
        command = ctx.command_path if ctx is not None else "sitrep"
        _fail(f"{message} (see: {command} --help)", exc.exit_code)
    return status if isinstance(status, int) else 0


def _usage_error(exc: Exception) -> bool:
    """Click's usage errors (a bad option, a missing argument), whichever click typer uses."""
    return callable(getattr(exc, "format_message", None)) and isinstance(
        getattr(exc, "exit_code", None), int)


def _fail(message: str, status: int):
    print(f"error: {' '.join(message.split())}", file=sys.stderr)
    raise SystemExit(status)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
