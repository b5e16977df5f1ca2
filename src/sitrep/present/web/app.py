"""``create_app``: the FastAPI app over a store; ``main.py``-style, it only wires routers.

    app = create_app("sitrep.db")                     # uvicorn.run(app) or `sitrep serve`

Read-only: no route writes, and by default a guard answers 405 to any method but GET, HEAD
and OPTIONS, so nothing reachable over HTTP can change the store. Every asset is served
from ``/static`` (the package's ``present/static``); a Content-Security-Policy keeps pages
from loading anything from elsewhere. The OpenAPI document is at ``/openapi.json``; the
interactive ``/docs`` pages are off because FastAPI loads them from a CDN.
"""
from __future__ import annotations

import json
import os
import time
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

from ...store import Store
from ..viewmodel import STATIC
from .routers import documents, incidents, pages, search

CONTENT_SECURITY_POLICY = ("default-src 'self'; img-src 'self' data:; style-src 'self'; "
                           "script-src 'self'; connect-src 'self'; object-src 'none'; "
                           "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
HEADERS = [(b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
           (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer")]


async def _refuse(send, status: int, detail: str, *headers: tuple[bytes, bytes]) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), *headers,
        (b"content-length", str(len(body)).encode()), *HEADERS]})
    await send({"type": "http.response.body", "body": body})


class GuardAndHeaders:
    """Plain ASGI middleware (cheaper than ``@app.middleware``): refuses writing methods when
    read-only and requests with a NUL character (no id or word holds one, and PostgreSQL
    refuses it in text), and adds the security headers and a ``Server-Timing`` header
    (``app;dur=`` milliseconds spent in the app) to every response."""

    def __init__(self, app, read_only: bool = True) -> None:
        self.app = app
        self.read_only = read_only

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.read_only and scope["method"] not in SAFE_METHODS:
            await _refuse(send, 405, "this sitrep server is read-only",
                          (b"allow", b"GET, HEAD, OPTIONS"))
            return
        query = scope.get("query_string", b"")
        if "\x00" in scope["path"] or b"%00" in query or b"\x00" in query:
            await _refuse(send, 422, "a NUL character (%00) is not accepted in a request")
            return
        started = time.perf_counter()

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                took = (time.perf_counter() - started) * 1000
                headers = [*message.get("headers", []),
                           *(h for h in HEADERS if h[0] not in present),
                           (b"server-timing", f"app;dur={took:.1f}".encode())]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


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

    app.add_middleware(GuardAndHeaders, read_only=read_only)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    app.mount("/docs/static", StaticFiles(directory=str(swagger_ui_path)), name="docs-static")
    for module in (incidents, documents, search, pages):
        app.include_router(module.router)
    return app


# ``sitrep serve --workers N`` starts N processes, each importing the app: the store they
# open is named in this environment variable.
STORE_ENVIRONMENT = "SITREP_SERVE_DB"


def app_from_environment() -> FastAPI:
    """``create_app`` over the store ``$SITREP_SERVE_DB`` names (uvicorn's factory for
    several worker processes)."""
    return create_app(os.environ[STORE_ENVIRONMENT])
