"""``create_app``: the FastAPI app over a store; ``main.py``-style, it only wires routers.

    app = create_app("sitrep.db")                     # uvicorn.run(app) or `sitrep serve`

Read-only: no route writes, and by default a guard answers 405 to any method but GET, HEAD
and OPTIONS, so nothing reachable over HTTP can change the store. Every asset is served
from ``/static`` (the package's ``present/static``); a Content-Security-Policy keeps pages
from loading anything from elsewhere. The OpenAPI document is at ``/openapi.json``; the
interactive ``/docs`` pages are off because FastAPI loads them from a CDN.
"""
from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from ...store import Store
from ..viewmodel import STATIC
from .routers import documents, incidents, pages, search

CONTENT_SECURITY_POLICY = ("default-src 'self'; img-src 'self' data:; style-src 'self'; "
                           "script-src 'self'; connect-src 'self'; object-src 'none'; "
                           "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def create_app(store_url: str | Path | Store = "sitrep.db", read_only: bool = True) -> FastAPI:
    """The web app over the store at ``store_url`` (a path, a database URL, or an open
    ``Store``, which the app then leaves open). The store is the ``get_store`` dependency,
    which tests may replace through ``app.dependency_overrides``."""
    owned = not isinstance(store_url, Store)
    store = Store.open(store_url) if owned else store_url

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        if owned:
            store.close()

    app = FastAPI(
        title="sitrep",
        summary="A deduplicated, sourced timeline of violent incidents, read from news.",
        description="Incidents with their figures, the claims behind every figure (document, "
                    "sentence span, speaker) and conflicting claims side by side. Read-only.",
        version="1",
        docs_url=None, redoc_url=None,
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.read_only = read_only

    @app.middleware("http")
    async def guard_and_headers(request: Request, call_next):
        if read_only and request.method not in SAFE_METHODS:
            return JSONResponse({"detail": "this sitrep server is read-only"}, status_code=405,
                                headers={"Allow": "GET, HEAD, OPTIONS"})
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    for module in (incidents, documents, search, pages):
        app.include_router(module.router)
    return app
