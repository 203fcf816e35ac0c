"""No network, no stray files: the PDF stage fetches only the pack's own assets.

The hostile HTML here is what a template from a pull request could write (content
cannot: see test_hostile_content.py). A local HTTP server counts requests, so "no
network" is measured, not assumed; a secret file beside the test checks "no stray files".
"""

from __future__ import annotations

import http.server
import io
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.errors import Position
from generator.pdf.make import PdfOptions, make_pdf
from generator.render.rendered import Rendered

SECRET = "TOP-SECRET-9d2e"
pytestmark = pytest.mark.slow


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """An HTTP server on 127.0.0.1 that records every path asked of it."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body { color: red }")

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", requests
    finally:
        httpd.shutdown()
        httpd.server_close()


def hostile_html(base: str, secret: Path) -> str:
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title>
<link rel="stylesheet" href="{base}/linked.css">
<link rel="attachment" href="file://{secret}" title="exfiltrated">
<link rel="attachment" href="{base}/attached.bin">
<style>
@import url("{base}/imported.css");
@font-face {{ font-family: x; src: url("{base}/font.woff2"); }}
body {{ background: url("file://{secret}"); font-family: x; }}
p {{ background-image: url("../../../../../../{secret}"); }}
</style></head><body>
<p>Hello <a rel="attachment" href="file://{secret}">embedded</a></p>
<img src="{base}/pixel.png" alt="pixel">
<img src="file://{secret}" alt="secret">
<object data="file://{secret}"></object>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10"
 height="10"><image href="{base}/svg-image.png" width="10" height="10"/>
<image xlink:href="file://{secret}" width="10" height="10"/></svg>
<iframe src="{base}/frame.html"></iframe>
<p style="background: url('{base}/inline-style.png')">styled</p>
</body></html>"""


def test_fetcher_reaches_no_network_and_no_file(
    tmp_path: Path, server: tuple[str, list[str]]
) -> None:
    base, requests = server
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    rendered = Rendered(hostile_html(base, secret), {"print.css": b"p { color: black }"})
    pdf, warnings = make_pdf(rendered, Position("briefs/x.yaml"), PdfOptions(variant="none"))
    assert requests == []
    refused = {d.message for d in warnings}
    assert all(d.code == "B502" and str(d.position) == "briefs/x.yaml" for d in warnings)
    for name in ("linked.css", "imported.css", "font.woff2", "pixel.png", "attached.bin"):
        assert f"refused to fetch '{base}/{name}': no network access" in refused
    assert f"refused to fetch 'file://{secret}': not one of the pack's assets" in refused
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.attachments == {}
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Hello" in text
    assert SECRET not in text
    assert SECRET.encode() not in pdf


def test_fetcher_serves_the_pack_assets(tmp_path: Path) -> None:
    """The one thing it does fetch: the pack's own stylesheet, from memory."""
    html = '<html><head><link rel="stylesheet" href="print.css"></head><body><p>x</p></body></html>'
    rendered = Rendered(html, {"print.css": b"@page { size: A6 }"})
    pdf, warnings = make_pdf(rendered, Position("p.yaml"), PdfOptions(variant="none"))
    assert warnings == []
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert round(float(box.width)) == 298  # A6 came from the asset


def test_pack_base_cannot_be_escaped(tmp_path: Path) -> None:
    """'../' out of the pack's own folder is a file URL like any other: refused."""
    html = '<html><head><link rel="stylesheet" href="../../etc/passwd"></head><body>x</body></html>'
    _, warnings = make_pdf(Rendered(html, {}), Position("p.yaml"), PdfOptions(variant="none"))
    assert [d.message for d in warnings] == [
        "refused to fetch 'file:///etc/passwd': not one of the pack's assets"
    ]
