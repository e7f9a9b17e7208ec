"""A loopback HTTP server that misbehaves on purpose, at the socket level.

Unlike :class:`tests.support.site_server.SiteServer` (a well-behaved static site),
every path here is answered by a *behaviour*: a function that receives the raw
connection and may send anything — a decompression bomb, a body longer than its
Content-Length says, broken chunked encoding, bytes trickled one at a time, nothing
at all. Dependency-free (stdlib ``socket`` + ``threading``); one thread per
connection, every response ends with ``Connection: close``.

Typical use::

    with HostileServer() as server:
        server.route("/bomb.html", bomb("gzip", 1 << 30, "text/html"))
        server.route("/slow.html", never_answer())
        ... crawl server.url("/bomb.html") ...
        assert server.count("/bomb.html") == 1

Bodies given as ``str`` or ``bytes`` are templates: ``{{BASE}}`` becomes the
server's base URL (``http://127.0.0.1:PORT``).
"""

from __future__ import annotations

import functools
import gzip
import socket
import struct
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType

BASE_PLACEHOLDER = b"{{BASE}}"
MAX_REQUEST_HEAD = 64 * 1024


@dataclass(frozen=True)
class Request:
    """One request as received: method, target (query included), lower-cased headers, time."""

    method: str
    path: str
    headers: dict[str, str]
    time: float

    def header(self, name: str, default: str | None = None) -> str | None:
        return self.headers.get(name.lower(), default)


@dataclass
class Connection:
    """What a behaviour works with: the socket, the request, the server."""

    sock: socket.socket
    request: Request
    server: HostileServer

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def head(self, status: int = 200, headers: dict[str, str] | None = None, reason: str = "X") -> None:
        """Send a status line and headers (``Connection: close`` added)."""
        lines = [f"HTTP/1.1 {status} {reason}"]
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        lines.append("Connection: close")
        self.send(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))

    def wait(self, seconds: float) -> bool:
        """Sleep, cut short by the server stopping; True when it stopped."""
        return self.server.stopping.wait(seconds)

    def render(self, body: bytes | str) -> bytes:
        data = body.encode("utf-8") if isinstance(body, str) else bytes(body)
        return data.replace(BASE_PLACEHOLDER, self.server.base_url.encode())


Behaviour = Callable[[Connection], None]


@dataclass
class HostileServer:
    """Routes exact paths (query included, else the bare path) to behaviours; 404 otherwise."""

    host: str = "127.0.0.1"
    routes: dict[str, Behaviour] = field(default_factory=dict)
    default: Behaviour | None = None  # for paths without a route (e.g. an endless generated site)
    requests: list[Request] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None
        self._threads: list[threading.Thread] = []
        self._sockets: set[socket.socket] = set()
        self.base_url = ""

    # lifecycle -----------------------------------------------------------------------

    def start(self) -> HostileServer:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((self.host, 0))
        listener.listen(128)
        listener.settimeout(0.1)
        self._listener = listener
        self.base_url = f"http://{self.host}:{listener.getsockname()[1]}"
        thread = threading.Thread(target=self._accept, name=f"HostileServer:{self.base_url}", daemon=True)
        thread.start()
        self._threads.append(thread)
        return self

    def stop(self) -> None:
        self.stopping.set()
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        for thread in list(self._threads):
            thread.join(timeout=5)
        if self._listener is not None:
            self._listener.close()
            self._listener = None

    def __enter__(self) -> HostileServer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None):
        self.stop()

    # configuration and log -------------------------------------------------------------

    def url(self, path: str) -> str:
        return self.base_url + path

    def route(self, path: str, behaviour: Behaviour) -> None:
        with self._lock:
            self.routes[path] = behaviour

    def count(self, path: str) -> int:
        with self._lock:
            return sum(1 for r in self.requests if r.path == path)

    def log(self, path: str) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def paths(self) -> list[str]:
        with self._lock:
            return [r.path for r in self.requests]

    # serving -----------------------------------------------------------------------------

    def _accept(self) -> None:
        assert self._listener is not None
        while not self.stopping.is_set():
            try:
                sock, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self._sockets.add(sock)
            thread = threading.Thread(target=self._serve, args=(sock,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, sock: socket.socket) -> None:
        try:
            sock.settimeout(30)
            request = self._read_request(sock)
            if request is None:
                return
            with self._lock:
                self.requests.append(request)
                behaviour = self.routes.get(request.path) or self.routes.get(request.path.split("?", 1)[0])
            (behaviour or self.default or not_found())(Connection(sock, request, self))
        except OSError:
            pass  # the client hung up, or stop() shut the socket
        finally:
            with self._lock:
                self._sockets.discard(sock)
            try:
                sock.close()
            except OSError:
                pass

    @staticmethod
    def _read_request(sock: socket.socket) -> Request | None:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(4096)
            if not chunk:
                return None
            data += chunk
            if len(data) > MAX_REQUEST_HEAD:
                return None
        head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1")
        request_line, *header_lines = head.split("\r\n")
        method, target, _version = request_line.split(" ", 2)
        headers: dict[str, str] = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            key = name.strip().lower()
            headers[key] = f"{headers[key]}, {value.strip()}" if key in headers else value.strip()
        return Request(method, target, headers, time.time())


# behaviours ------------------------------------------------------------------------------------


def respond(
    body: bytes | str = b"",
    status: int = 200,
    content_type: str | None = "text/html; charset=utf-8",
    headers: dict[str, str] | None = None,
    chunked: bool = False,
    content_length: bool = True,
) -> Behaviour:
    """A well-formed response (Content-Length, or chunked encoding)."""

    def behaviour(conn: Connection) -> None:
        data = conn.render(body)
        all_headers = dict(headers or {})
        if content_type:
            all_headers.setdefault("Content-Type", content_type)
        if chunked:
            all_headers["Transfer-Encoding"] = "chunked"
        elif content_length:
            all_headers["Content-Length"] = str(len(data))
        conn.head(status, all_headers)
        if conn.request.method == "HEAD":
            return
        if chunked:
            for start in range(0, len(data), 8192):
                piece = data[start : start + 8192]
                conn.send(b"%x\r\n%s\r\n" % (len(piece), piece))
            conn.send(b"0\r\n\r\n")
        else:
            conn.send(data)

    return behaviour


def not_found() -> Behaviour:
    return respond("<!DOCTYPE html><title>404</title><h1>Not Found</h1>", status=404)


def redirect(location: str, status: int = 302, headers: dict[str, str] | None = None) -> Behaviour:
    """A redirect; ``location`` is a template."""

    def behaviour(conn: Connection) -> None:
        conn.head(
            status,
            {"Location": conn.render(location).decode("latin-1"), "Content-Length": "0", **(headers or {})},
        )

    return behaviour


def sequence(*behaviours: Behaviour) -> Behaviour:
    """The first request gets the first behaviour, the next the next, the last repeats."""
    calls = {"n": 0}
    lock = threading.Lock()

    def behaviour(conn: Connection) -> None:
        with lock:
            index = min(calls["n"], len(behaviours) - 1)
            calls["n"] += 1
        behaviours[index](conn)

    return behaviour


@functools.lru_cache(maxsize=8)
def bomb_body(encoding: str, size: int = 1 << 30) -> bytes:
    """``size`` zero bytes (a multiple of 1 MiB) compressed with gzip, deflate (zlib) or br.

    Built in well under a second: with a full flush after each 1 MiB block, every
    block after the first compresses to the same bytes, so the stream is the first
    block, that repeated, and a trailer with the checksum of the whole.
    """
    block = b"\0" * (1 << 20)
    blocks = size // len(block)
    if encoding == "br":
        import brotli

        compressor = brotli.Compressor(quality=5)
        out = [compressor.process(block) for _ in range(blocks)]
        out.append(compressor.finish())
        return b"".join(out)
    wbits = {"gzip": 31, "deflate": 15}[encoding]
    compressor = zlib.compressobj(9, zlib.DEFLATED, wbits)
    first = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeated = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH) == repeated
    end = compressor.flush(zlib.Z_FINISH)
    if encoding == "gzip":
        crc = 0
        for _ in range(blocks):
            crc = zlib.crc32(block, crc)
        trailer = struct.pack("<II", crc, size & 0xFFFFFFFF)
    else:
        adler = 1
        for _ in range(blocks):
            adler = zlib.adler32(block, adler)
        trailer = struct.pack(">I", adler)
    return first + repeated * (blocks - 1) + end[: -len(trailer)] + trailer


def bomb(encoding: str, size: int = 1 << 30, content_type: str = "text/html; charset=utf-8") -> Behaviour:
    """A small body that decompresses to ``size`` bytes, sent with Content-Encoding."""
    return respond(bomb_body(encoding, size), content_type=content_type, headers={"Content-Encoding": encoding})


def gzip_file(data: bytes, content_type: str = "application/x-gzip") -> Behaviour:
    """A gzip file served as such (no Content-Encoding): a `.xml.gz` sitemap."""
    return respond(data, content_type=content_type)


def gzip_bytes(data: bytes) -> bytes:
    return gzip.compress(data)


def oversized(size: int, chunked: bool, content_type: str = "text/html; charset=utf-8") -> Behaviour:
    """``size`` bytes of HTML-ish filler, with a Content-Length or chunked."""

    def behaviour(conn: Connection) -> None:
        headers = {"Content-Type": content_type}
        if chunked:
            headers["Transfer-Encoding"] = "chunked"
        else:
            headers["Content-Length"] = str(size)
        conn.head(200, headers)
        piece = b"<p>" + b"a" * 65530 + b"</p>\n"
        sent = 0
        while sent < size and not conn.server.stopping.is_set():
            chunk = piece[: size - sent]
            conn.send(b"%x\r\n%s\r\n" % (len(chunk), chunk) if chunked else chunk)
            sent += len(chunk)
        if chunked:
            conn.send(b"0\r\n\r\n")

    return behaviour


def truncated(body: bytes | str, declared: int | None = None) -> Behaviour:
    """Announce ``declared`` bytes (default: twice the body), send the body, hang up."""

    def behaviour(conn: Connection) -> None:
        data = conn.render(body)
        conn.head(200, {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(declared or 2 * len(data))})
        conn.send(data)

    return behaviour


def broken_chunked(body: bytes | str) -> Behaviour:
    """Chunked encoding with a chunk-size line that is not hexadecimal, mid-body."""

    def behaviour(conn: Connection) -> None:
        data = conn.render(body)
        half = len(data) // 2
        conn.head(200, {"Content-Type": "text/html; charset=utf-8", "Transfer-Encoding": "chunked"})
        conn.send(b"%x\r\n%s\r\n" % (half, data[:half]))
        conn.send(b"zz-not-a-size\r\n" + data[half:] + b"\r\n0\r\n\r\n")

    return behaviour


def unfinished_chunked(body: bytes | str) -> Behaviour:
    """Chunked encoding that stops mid-body: the last chunk never comes."""

    def behaviour(conn: Connection) -> None:
        data = conn.render(body)
        half = len(data) // 2
        conn.head(200, {"Content-Type": "text/html; charset=utf-8", "Transfer-Encoding": "chunked"})
        conn.send(b"%x\r\n%s\r\n" % (half, data[:half]))
        conn.send(b"%x\r\n%s" % (len(data) - half, data[half : half + 10]))

    return behaviour


def hang_up() -> Behaviour:
    """Read the request and close the connection without a byte of response."""

    def behaviour(conn: Connection) -> None:
        conn.sock.shutdown(socket.SHUT_RDWR)

    return behaviour


def never_answer() -> Behaviour:
    """Read the request, then say nothing until the server stops."""

    def behaviour(conn: Connection) -> None:
        conn.wait(3600)

    return behaviour


def trickle(interval: float = 0.5, byte: bytes = b" ") -> Behaviour:
    """Headers, then one byte every ``interval`` seconds, forever (a slowloris server)."""

    def behaviour(conn: Connection) -> None:
        conn.head(200, {"Content-Type": "text/html; charset=utf-8", "Transfer-Encoding": "chunked"})
        conn.send(b"c\r\n<html><body>\r\n")
        while not conn.wait(interval):
            conn.send(b"%x\r\n%s\r\n" % (len(byte), byte))

    return behaviour


# content and crawl helpers for the hostile tests ------------------------------------------------

ARTICLE = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:type" content="article"></head><body><article><h1>{title}</h1>
<p>Netflix a officiellement renouvelé « {series} » pour une saison {season}, a annoncé la plateforme ce
mardi dans un communiqué. La série française, portée par Camille Roux, a séduit plus de douze millions
de foyers dans le monde depuis sa mise en ligne.</p>
<p>Le tournage de cette nouvelle saison débutera en Bretagne au printemps prochain, selon la production.
Les scénaristes promettent une intrigue plus sombre et de nouveaux personnages, dont une garde-côte
venue de Brest. {extra}</p></article></body></html>"""


FILLER_WORDS = (
    "acteurs audience automne bande caméra casting chaîne chapitre comédie critique décor drame durée écran "
    "épisode équipe fiction final générique hiver intrigue lumière montage musique personnage plateau public "
    "récit réalisatrice rôle scène scénario spectateurs studio succès suite tournage tension univers village"
).split()


def article(series: str = "Les Gardiens du phare", season: int = 3, extra: str = "") -> str:
    """A French article page stating that ``series`` is renewed for ``season``; its last
    paragraph is words drawn from a generator seeded by the series, so that two articles
    about different series are no near-duplicates of each other."""
    import random

    draw = random.Random(f"{series}/{season}")
    words = " ".join(draw.choice(FILLER_WORDS) for _ in range(120))
    return ARTICLE.format(
        title=f"{series} renouvelée pour une saison {season}",
        series=series,
        season=season,
        extra=f"{extra}</p><p>Notes : {words}.",
    )


def rss(*links: str) -> str:
    """An RSS 2.0 feed of these links (templates: ``{{BASE}}/path``)."""
    items = "".join(f"<item><title>t</title><link>{link}</link></item>" for link in links)
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>f</title>{items}</channel></rss>'


def urlset(*links: str) -> str:
    urls = "".join(f"<url><loc>{link}</loc></url>" for link in links)
    return f'<?xml version="1.0" encoding="utf-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'


def feed_route(links: list[str]) -> Behaviour:
    return respond(rss(*links), content_type="application/rss+xml")


def last_run(db_url: str) -> dict:
    """The most recent run of `renewals stats --format json`."""
    import json

    from tests.support.crawling import renewals

    return json.loads(renewals("stats", "--db", db_url, "--format", "json").stdout)["runs"][0]


def stored_urls(db_url: str) -> set[str]:
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)
    try:
        with engine.connect() as connection:
            return {row[0] for row in connection.execute(text("SELECT url FROM articles"))}
    finally:
        engine.dispose()


MEASURE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[1:])\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def crawl_measured(sources, db_url: str, *extra: str):
    """Run `renewals crawl` and return (CompletedProcess, peak RSS in MiB of the crawler
    and its worker processes)."""
    import subprocess
    import sys

    from tests.support.crawling import COMMAND_TIMEOUT, FAST_SETTINGS, command

    args = command("crawl", "--sources", str(sources), "--db", db_url, *FAST_SETTINGS, *extra)
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, *args], capture_output=True, text=True, timeout=COMMAND_TIMEOUT
    )
    lines = result.stderr.strip().splitlines()
    peak_kib = int(lines[-1]) if lines and lines[-1].isdigit() else -1
    return result, peak_kib / 1024
