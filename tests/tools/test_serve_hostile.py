"""`briefs serve` answers hostile request paths over a raw socket: no header injection,
no dropped connection, no traceback (issue 12, class 3)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.tools.serve import Server, Site, listen
from tests.conftest import SEED_PACK

# Every byte a response header may hold: printable ASCII, space and tab.
_HEADER_BYTES = {9, *range(0x20, 0x7F)}


@pytest.fixture
def server(project: Path) -> Iterator[Server]:
    said: list[str] = []
    server = listen(Site(project, said.append), 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


def raw_get(server: Server, target: bytes) -> tuple[bytes, list[bytes], bytes]:
    """Send one GET with target as sent (no quoting), over loopback; status, headers, body."""
    port = server.server_address[1]
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(
            b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    data = b"".join(chunks)
    assert data, f"connection dropped without a response for {target!r}"
    head, _, body = data.partition(b"\r\n\r\n")
    status, *headers = head.split(b"\r\n")
    return status, headers, body


HOSTILE = [
    b"/x%0d%0aSet-Cookie:%20evil=1",
    b"/x%0aSet-Cookie:%20evil=1",
    b"/x%0dSet-Cookie:%20evil=1",
    b"/x%00y",
    b"/x%1b[31m",
    b"/x%7f",
    b"/x%c2%85Set-Cookie:%20evil=1",  # NEL
    b"/%E2%82%AC",  # a euro sign: not Latin-1, cannot go in a header
    b"/%C3%A9t%C3%A9",
    b"/\xc3\xa9t\xc3\xa9",  # raw UTF-8 bytes in the request line
    b"/\xff\xfe",
    b"/%ff%fe",  # percent-encoded, not UTF-8
    b"/%zz",
    b"/%4",
    b"/abc%",
    b"/x\x01y",
    b"/x\x7fy",
    f"/{SEED_PACK}%0d%0aSet-Cookie:%20evil=1".encode(),
    f"/{SEED_PACK}%0d%0aSet-Cookie:%20evil=1/".encode(),
    f"/{SEED_PACK}/%0d%0aSet-Cookie:%20evil=1".encode(),
    f"/{SEED_PACK}%0d%0a.pdf".encode(),
]


@pytest.mark.parametrize("target", HOSTILE, ids=repr)
def test_hostile_paths_are_404_with_clean_headers(server: Server, target: bytes) -> None:
    status, headers, _ = raw_get(server, target)
    assert status.startswith(b"HTTP/1.1 404 "), (target, status)
    for header in headers:
        assert set(header) <= _HEADER_BYTES, header
        name, _, _ = header.partition(b":")
        assert name.lower() != b"set-cookie"
        assert name.lower() != b"location"


def test_a_redirect_carries_only_a_safe_location(server: Server) -> None:
    status, headers, _ = raw_get(server, f"/{SEED_PACK}".encode())
    assert status.startswith(b"HTTP/1.1 301 ")
    assert f"Location: /{SEED_PACK}/".encode() in headers
    for header in headers:
        assert set(header) <= _HEADER_BYTES, header


def test_the_server_still_serves_after_hostile_requests(server: Server) -> None:
    for target in HOSTILE:
        raw_get(server, target)
    status, _, body = raw_get(server, b"/")
    assert status.startswith(b"HTTP/1.1 200 ")
    assert SEED_PACK.encode() in body
