"""The web app: a read-only JSON API (with its OpenAPI document) and a web page over the
store. ``create_app(store_url)`` builds it; ``sitrep serve`` runs it with uvicorn."""
from .app import create_app

__all__ = ["create_app"]
