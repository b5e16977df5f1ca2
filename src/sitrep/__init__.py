"""sitrep: news articles in, a deduplicated, sourced timeline of violent incidents out.

The stages, each a module with a plain function core over the records in ``sitrep.records``:

    ingest -> clean -> parse -> extract -> link -> reconcile -> store -> present

``sitrep.pipeline`` chains them; ``sitrep.cli`` and ``sitrep.present.web`` are thin layers over it.
"""

__version__ = "0.1.0"
