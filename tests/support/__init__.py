"""Shared test helpers: a real loopback HTTP server for the static test sites."""

from .site_server import RequestRecord, SiteServer

__all__ = ["RequestRecord", "SiteServer"]
