"""The local web UI: a thin Starlette app over the library; every page has a ``.json`` twin."""

from veracity.web.app import create_app

__all__ = ["create_app"]
