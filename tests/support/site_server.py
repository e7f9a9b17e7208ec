"""A real loopback HTTP server that serves a static test site and logs every request.

Dependency-free (stdlib ``http.server`` + ``threading``). Typical use::

    with SiteServer(pathlib.Path("tests/sites/basic")) as site:
        crawl(site.url("/robots.txt"))
        assert site.count("/fr/series/secret-interdit/") == 0

URL to file mapping (``root`` is the site folder):

* ``/`` and any path ending in ``/`` serve that folder's ``index.html``;
* any other path serves the file of that name (``/fr/rss.xml`` -> ``fr/rss.xml``);
  a path naming a folder without the trailing slash gets a 301 to ``path/``;
* the query string is ignored for file lookup (it stays in the request log and
  overrides can target it), so sites paginate with plain paths (``/page/2/``);
* anything else, and anything outside ``root``, is a 404.

Text files (html, htm, xml, rss, atom, txt, json) are templates: the literal
``{{BASE}}`` becomes :attr:`SiteServer.base_url` when served. Every file response
carries ``ETag`` and ``Last-Modified`` and honours ``If-None-Match`` (which wins
when both are sent) and ``If-Modified-Since`` with a bodiless 304. The ETag is a
hash of the served bytes *and* the Last-Modified time, so :meth:`SiteServer.touch`
makes a page look updated to either validator.
"""

from __future__ import annotations

import email.utils
import hashlib
import pathlib
import socket
import sys
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

BASE_PLACEHOLDER = "{{BASE}}"
"""Replaced with the server's base URL in every text file it serves."""

TEMPLATE_SUFFIXES = frozenset({".html", ".htm", ".xml", ".rss", ".atom", ".txt", ".json"})

CONTENT_TYPES: dict[str, str] = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".svg": "image/svg+xml",
}
DEFAULT_CONTENT_TYPE = "application/octet-stream"

_BODILESS_STATUSES = frozenset({HTTPStatus.NO_CONTENT, HTTPStatus.NOT_MODIFIED})


@dataclass(frozen=True)
class RequestRecord:
    """One request as the server received it, logged before it was answered.

    ``path`` is the request target as sent, query string included
    (``/fr/series/?utm=x``); ``headers`` has lower-cased names; ``time`` is
    ``time.time()`` at arrival.
    """

    method: str
    path: str
    headers: dict[str, str]
    time: float

    def header(self, name: str, default: str | None = None) -> str | None:
        """A request header by case-insensitive name."""
        return self.headers.get(name.lower(), default)


@dataclass(frozen=True)
class _Override:
    status: int
    body: bytes
    headers: dict[str, str]
    delay: float


class SiteServer:
    """Serves a folder of templated files on 127.0.0.1 (port 0) and logs every request."""

    def __init__(self, root: pathlib.Path | str, host: str = "127.0.0.1") -> None:
        self.root = pathlib.Path(root).resolve()
        if not self.root.is_dir():
            raise NotADirectoryError(f"site root is not a folder: {self.root}")
        self.host = host
        self.requests: list[RequestRecord] = []
        self._lock = threading.Lock()
        self._overrides: dict[str, _Override] = {}
        self._delays: dict[str, float] = {}
        self._mtimes: dict[pathlib.Path, datetime] = {}
        self._base_url: str | None = None
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()

    # -- lifecycle -----------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """``http://HOST:PORT`` without a trailing slash; set by :meth:`start`."""
        if self._base_url is None:
            raise RuntimeError("SiteServer.base_url is only known after start()")
        return self._base_url

    def url(self, path: str = "/") -> str:
        """The absolute URL of a site path (``url("/fr/rss.xml")``)."""
        return self.base_url + (path if path.startswith("/") else "/" + path)

    def start(self) -> SiteServer:
        """Bind a free port and serve in a background thread; returns ``self``."""
        if self._httpd is not None:
            raise RuntimeError("SiteServer is already running")
        self._stopping.clear()
        httpd = _Server((self.host, 0), _Handler, site=self)
        host, port = httpd.server_address[:2]
        self._base_url = f"http://{host}:{port}"
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"SiteServer:{port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, close open connections and join every thread. Idempotent."""
        httpd, thread = self._httpd, self._thread
        if httpd is None:
            return
        self._stopping.set()
        httpd.shutdown()
        httpd.close_connections()
        httpd.server_close()
        if thread is not None:
            thread.join()
        self._httpd = self._thread = None

    def __enter__(self) -> SiteServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- request log ---------------------------------------------------------------

    def paths(self) -> list[str]:
        """Requested paths (query included), in arrival order."""
        with self._lock:
            return [record.path for record in self.requests]

    def count(self, path: str) -> int:
        """How many requests had exactly this path (query included), any method."""
        with self._lock:
            return sum(1 for record in self.requests if record.path == path)

    def clear_requests(self) -> None:
        """Forget the logged requests (for example between two crawls)."""
        with self._lock:
            self.requests.clear()

    # -- test controls -------------------------------------------------------------

    def set_override(
        self,
        path: str,
        status: int = 200,
        body: bytes | str = b"",
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
    ) -> None:
        """Answer ``path`` (any method) with this response instead of the site's.

        A target with a query matches its exact override first, then the override of
        its bare path. ``body`` is a template like site files. The given headers are
        sent with ``Date``, ``Server``, ``Content-Length`` and, when absent, a
        ``Content-Type`` guessed from the path; no validators and no 304 logic.
        ``delay`` seconds pass before answering (a slow server; cut short by stop()).
        """
        data = body.encode("utf-8") if isinstance(body, str) else bytes(body)
        override = _Override(int(status), data, dict(headers or {}), float(delay))
        with self._lock:
            self._overrides[path] = override

    def set_delay(self, path: str, seconds: float) -> None:
        """Serve the site's own ``path`` after ``seconds`` (a slow page; cut short by stop())."""
        with self._lock:
            self._delays[path] = float(seconds)

    def clear_override(self, path: str | None = None) -> None:
        """Remove the override of ``path``, or every override when ``path`` is None."""
        with self._lock:
            if path is None:
                self._overrides.clear()
            else:
                self._overrides.pop(path, None)

    def touch(self, path: str, mtime: datetime | None = None) -> None:
        """Make the file behind URL ``path`` report ``mtime`` (default: now) as Last-Modified.

        The file itself is not changed. A naive ``mtime`` is taken as UTC.
        """
        file = self._resolve(urlsplit(path).path)
        if file is None:
            raise FileNotFoundError(f"no site file serves {path!r}")
        when = mtime or datetime.now(UTC)
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        with self._lock:
            self._mtimes[file] = when.astimezone(UTC).replace(microsecond=0)

    # -- serving (called from handler threads) -------------------------------------

    def _handle(self, handler: _Handler, method: str) -> None:
        target = handler.path
        if "://" in target.split("?", 1)[0]:  # absolute-form target, as a proxy would get
            parts = urlsplit(target)
            target = parts.path + (f"?{parts.query}" if parts.query else "")
        headers: dict[str, str] = {}
        for name, value in handler.headers.items():
            key = name.lower()
            headers[key] = f"{headers[key]}, {value}" if key in headers else value
        with self._lock:
            self.requests.append(RequestRecord(method, target, headers, time.time()))
            override = self._overrides.get(target) or self._overrides.get(target.split("?", 1)[0])
            delay = self._delays.get(target.split("?", 1)[0], 0.0)

        if method not in ("GET", "HEAD"):
            handler.close_connection = True  # the request body is left unread
        if override is not None:
            self._send_override(handler, method, target, override)
        elif method not in ("GET", "HEAD"):
            self._send(handler, method, HTTPStatus.METHOD_NOT_ALLOWED, b"", {"Allow": "GET, HEAD"})
        elif delay > 0 and self._stopping.wait(delay):
            handler.close_connection = True
        else:
            self._send_file(handler, method, target)

    def _send_override(self, handler: _Handler, method: str, target: str, override: _Override) -> None:
        if override.delay > 0 and self._stopping.wait(override.delay):
            handler.close_connection = True
            return
        headers = dict(override.headers)
        if override.body and not any(name.lower() == "content-type" for name in headers):
            headers["Content-Type"] = _content_type(urlsplit(target).path)
        self._send(handler, method, override.status, self._render(override.body), headers)

    def _send_file(self, handler: _Handler, method: str, target: str) -> None:
        parts = urlsplit(target)
        url_path = unquote(parts.path)
        file = self._resolve(url_path)
        if file is None:
            if self._is_folder(url_path):
                location = self.base_url + parts.path + "/" + (f"?{parts.query}" if parts.query else "")
                self._send(handler, method, HTTPStatus.MOVED_PERMANENTLY, b"", {"Location": location})
            else:
                body = b"<!DOCTYPE html><title>404 Not Found</title><h1>Not Found</h1>\n"
                self._send(handler, method, HTTPStatus.NOT_FOUND, body, {"Content-Type": CONTENT_TYPES[".html"]})
            return

        body = file.read_bytes()
        if file.suffix.lower() in TEMPLATE_SUFFIXES:
            body = self._render(body)
        with self._lock:
            modified = self._mtimes.get(file)
        if modified is None:
            modified = datetime.fromtimestamp(int(file.stat().st_mtime), UTC)
        last_modified = email.utils.format_datetime(modified, usegmt=True)
        etag = '"' + hashlib.sha256(body + last_modified.encode()).hexdigest()[:24] + '"'
        validators = {"ETag": etag, "Last-Modified": last_modified}

        if _not_modified(handler, etag, modified):
            self._send(handler, method, HTTPStatus.NOT_MODIFIED, b"", validators)
        else:
            headers = {"Content-Type": _content_type(file.name), **validators}
            self._send(handler, method, HTTPStatus.OK, body, headers)

    def _send(self, handler: _Handler, method: str, status: int, body: bytes, headers: dict[str, str]) -> None:
        try:
            handler.send_response(status)
            for name, value in headers.items():
                if name.lower() != "content-length":
                    handler.send_header(name, value)
            if status not in _BODILESS_STATUSES and status >= 200:
                handler.send_header("Content-Length", str(len(body)))
            if handler.close_connection:
                handler.send_header("Connection", "close")
            handler.end_headers()
            if method != "HEAD" and status not in _BODILESS_STATUSES and status >= 200:
                handler.wfile.write(body)
        except (ConnectionError, TimeoutError):
            handler.close_connection = True

    def _render(self, body: bytes) -> bytes:
        return body.replace(BASE_PLACEHOLDER.encode(), self.base_url.encode())

    def _resolve(self, url_path: str) -> pathlib.Path | None:
        """The file serving a (decoded) URL path, or None."""
        if not url_path.startswith("/") or "\x00" in url_path:
            return None
        candidate = self.root / url_path.lstrip("/")
        if url_path.endswith("/"):
            candidate = candidate / "index.html"
        try:
            candidate = candidate.resolve()
        except OSError:
            return None
        if not candidate.is_relative_to(self.root) or not candidate.is_file():
            return None
        return candidate

    def _is_folder(self, url_path: str) -> bool:
        if not url_path.startswith("/") or url_path.endswith("/") or "\x00" in url_path:
            return False
        candidate = (self.root / url_path.lstrip("/")).resolve()
        return candidate.is_relative_to(self.root) and candidate.is_dir()


def _content_type(name: str) -> str:
    return CONTENT_TYPES.get(pathlib.PurePosixPath(name).suffix.lower(), DEFAULT_CONTENT_TYPE)


def _not_modified(handler: BaseHTTPRequestHandler, etag: str, modified: datetime) -> bool:
    """RFC 9110 evaluation: If-None-Match, when present, decides alone."""
    if_none_match = handler.headers.get("If-None-Match")
    if if_none_match is not None:
        wanted = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in wanted or etag in wanted
    if_modified_since = handler.headers.get("If-Modified-Since")
    if if_modified_since:
        try:
            since = email.utils.parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        return modified <= since
    return False


class _Server(ThreadingHTTPServer):
    """A threading server that knows its SiteServer and its open connections."""

    daemon_threads = True
    request_queue_size = 128  # the default 5 drops bursts of concurrent connections

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler], site: SiteServer) -> None:
        self.site = site
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """Wake handler threads blocked on idle keep-alive connections."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet about clients that hang up; report real bugs."""
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    server_version = "SiteServer/1.0"
    sys_version = ""
    timeout = 30  # seconds an idle keep-alive connection is kept
    disable_nagle_algorithm = True  # headers and body go out in separate writes

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """No per-request logging on stderr."""

    def do_GET(self) -> None:
        self.server.site._handle(self, "GET")

    def do_HEAD(self) -> None:
        self.server.site._handle(self, "HEAD")

    def do_POST(self) -> None:
        self.server.site._handle(self, "POST")

    def do_PUT(self) -> None:
        self.server.site._handle(self, "PUT")

    def do_DELETE(self) -> None:
        self.server.site._handle(self, "DELETE")

    def do_PATCH(self) -> None:
        self.server.site._handle(self, "PATCH")

    def do_OPTIONS(self) -> None:
        self.server.site._handle(self, "OPTIONS")
