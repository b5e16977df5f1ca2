"""The ``sitrep`` command: a thin layer over ``sitrep.pipeline``, the store and the presenters.

Each command parses its arguments, calls the library, and prints what happened. Exit status:
0 when every input was read, 1 when some inputs had problems (the rest was stored), 2 for a
usage error.
"""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                           TimeRemainingColumn)
from rich.table import Table

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


def _open_store(db: str):
    from .store import Store

    return Store.open(db)


def print_timeline(incidents, *, limit: int | None = None, title: str = "Incident timeline") -> None:
    from .present.timeline import timeline_rows

    rows = timeline_rows(incidents)
    table = Table(title=f"{title} ({len(rows)} incidents)", show_lines=False, expand=False)
    for column, justify in (("date", "left"), ("place", "left"), ("type", "left"), ("killed", "right"),
                            ("wounded", "right"), ("munitions", "right"), ("sources", "right")):
        table.add_column(column, justify=justify, overflow="fold", no_wrap=column in ("date", "killed", "wounded"))
    shown = rows if limit is None else rows[:limit]
    for row in shown:
        sources = f"{row.sources}" if row.sources == row.independent_sources or not row.independent_sources \
            else f"{row.sources} ({row.independent_sources} indep.)"
        table.add_row(row.date, row.place, row.sub_event_type, row.killed, row.wounded, row.munitions, sources)
    console.print(table)
    if limit is not None and len(rows) > limit:
        console.print(f"… {len(rows) - limit} more; see the exports or `sitrep timeline --all`.")


def write_outputs(store, out: Path) -> dict[str, Path]:
    """The standard run outputs: incidents.json (the scorer's shape plus the claim ledger)
    and documents.jsonl (the cleaned text of every kept document)."""
    from .present import export

    out.mkdir(parents=True, exist_ok=True)
    data = _export_data(store)
    paths = {"incidents": out / "incidents.json", "documents": out / "documents.jsonl"}
    export.write_json(paths["incidents"], **data)
    export.write_documents_jsonl(data["documents"], paths["documents"])
    return paths


def _export_data(store) -> dict:
    return {"incidents": store.incidents(), "stories": store.stories(), "claims": store.claims(),
            "documents": store.documents()}


@app.command()
def run(
    inputs: list[Path] = typer.Argument(..., help="Files or folders: .txt .md .html .json .jsonl .warc "
                                        ".rss .atom (and .gz); a folder with manifest.jsonl reads what it lists."),
    db: str = DB_OPTION,
    out: Path = typer.Option(Path("out"), "--out", help="Folder for incidents.json and documents.jsonl."),
    engine: Engine = typer.Option(Engine.local, help="local: this process; processes: one worker per "
                                  "core; ray: a Ray cluster (pip install 'sitrep[ray]')."),
    workers: int = typer.Option(0, help="Worker processes for --engine processes/ray (0: one per core)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only problems and the summary line."),
    limit: int = typer.Option(40, help="Rows of the timeline to print."),
) -> None:
    """Ingest, clean, extract, link and store articles; print the timeline; write the outputs.

    Running the same input again changes nothing; new inputs update the store.

    Example:

        sitrep run examples/baghdad --db sitrep.db --out out
    """
    from .pipeline import RunOptions
    from .pipeline import run as run_pipeline

    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        errors.print(f"[red]No such file or folder:[/red] {', '.join(missing)}")
        raise typer.Exit(2)
    store = _open_store(db)
    show_progress = not quiet and sys.stderr.isatty()
    progress = Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.fields[rate]} docs/s"), TimeElapsedColumn(), TimeRemainingColumn(),
                        console=errors, transient=True, disable=not show_progress)
    task = None

    def on_total(total: int) -> None:
        nonlocal task
        if total > 5:
            task = progress.add_task("extract", total=total, rate="–")

    def on_progress(done: int) -> None:
        if task is not None:
            progress.advance(task, done)
            elapsed = progress.tasks[task].elapsed or 0
            completed = progress.tasks[task].completed
            progress.update(task, rate=f"{completed / elapsed:.1f}" if elapsed else "–")

    try:
        with progress:
            result = run_pipeline(inputs, store, RunOptions(engine=engine.value, workers=workers or None,
                                                            on_progress=on_progress, on_total=on_total))
        for problem in result.info.problems:
            errors.print(f"[yellow]problem[/yellow] {problem}", highlight=False, soft_wrap=True)
        paths = write_outputs(store, out)
        if not quiet:
            print_timeline(store.incidents(), limit=limit)
        info = result.info
        console.print(
            f"read {info.documents_read} documents: {info.documents_new} new, {info.documents_duplicate} "
            f"already stored, {info.documents_skipped} skipped (not English or empty); "
            f"{info.mentions} incident mentions; {len(info.problems)} problems. "
            f"Wrote {paths['incidents']} and {paths['documents']}.", highlight=False)
    finally:
        store.close()
    if result.failed:
        raise typer.Exit(1)


@app.command()
def timeline(
    db: str = DB_OPTION,
    all_rows: bool = typer.Option(False, "--all", help="Print every incident, not the first 40."),
) -> None:
    """Print the incident timeline of an existing store.

    Example:

        sitrep timeline --db sitrep.db --all
    """
    store = _open_store(db)
    try:
        print_timeline(store.incidents(), limit=None if all_rows else 40)
    finally:
        store.close()


@app.command()
def export(
    format: ExportFormat = typer.Option(ExportFormat.json, "--format", "-f", help="json: incidents with "
                                        "their claim ledger; documents: cleaned texts as JSON lines; csv: "
                                        "ACLED-style; geojson; parquet."),
    db: str = DB_OPTION,
    output: Path = typer.Option(None, "--output", "-o", help="File to write (default: stdout for json, "
                                "documents and geojson; required for parquet)."),
) -> None:
    """Export the incidents (or documents) of an existing store.

    Example:

        sitrep export --format csv --db sitrep.db -o incidents.csv
    """
    from .present import export as exporters

    store = _open_store(db)
    try:
        data = _export_data(store)
        if format is ExportFormat.parquet and output is None:
            errors.print("[red]--format parquet needs --output FILE[/red]")
            raise typer.Exit(2)
        target = output if output is not None else sys.stdout
        if format is ExportFormat.json:
            exporters.write_json(target, **data)
        elif format is ExportFormat.documents:
            exporters.write_documents_jsonl(data["documents"], target)
        elif format is ExportFormat.csv:
            exporters.write_acled_csv(data["incidents"], data["documents"], target)
        elif format is ExportFormat.geojson:
            exporters.write_geojson(data["incidents"], target)
        else:
            exporters.write_parquet(data["incidents"], target)
    finally:
        store.close()
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

    store = _open_store(db)
    try:
        path = write_report(store, output, title=title)
    finally:
        store.close()
    errors.print(f"wrote {path}")


@app.command()
def serve(
    db: str = DB_OPTION,
    host: str = typer.Option("127.0.0.1", help="Address to listen on (0.0.0.0: every interface)."),
    port: int = typer.Option(8000, help="Port to listen on."),
) -> None:
    """Serve the web page and the read-only JSON API (OpenAPI at /openapi.json) over a store.

    Example:

        sitrep serve --db sitrep.db --port 8000
    """
    import uvicorn

    from .present.web.app import create_app

    errors.print(f"serving {db} on http://{host}:{port}/ (JSON API under /api, Ctrl+C stops)")
    uvicorn.run(create_app(db), host=host, port=port, log_level="warning")


def main() -> None:  # pragma: no cover - console script entry
    app()


if __name__ == "__main__":  # pragma: no cover
    app()
