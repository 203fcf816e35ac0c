"""`briefs serve`: pages rendered in memory, re-rendered on every save, reloaded by the browser."""

from __future__ import annotations

import http.client
import io
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import REPO, SEED_ID, SEED_PACK

STARTUP_SECONDS = 30.0
CHANGE_SECONDS = 10.0


@dataclass
class Served:
    """A running `briefs serve` and everything it printed so far."""

    process: subprocess.Popen[str]
    port: int
    lines: list[str] = field(default_factory=list)
    reader: threading.Thread | None = None

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.reader is not None:
            self.reader.join(timeout=10)
        assert self.process.stderr is not None
        self.process.stderr.close()

    def get(self, path: str) -> tuple[int, str, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, response.getheader("Content-Type") or "", response.read()
        finally:
            connection.close()

    def page(self, path: str = f"/{SEED_PACK}/") -> str:
        status, _, body = self.get(path)
        assert status == 200
        return body.decode("utf-8")

    def events(self) -> http.client.HTTPResponse:
        """The reload stream, after its first message (the version now)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=CHANGE_SECONDS)
        connection.request("GET", "/__briefs__/events")
        response = connection.getresponse()
        assert response.getheader("Content-Type") == "text/event-stream"
        while response.fp.readline().strip():
            pass
        return response


def next_event(stream: http.client.HTTPResponse) -> str:
    while True:
        line = stream.fp.readline().decode()
        assert line, "event stream closed"
        if line.startswith("data:"):
            return line.removeprefix("data:").strip()


def start(root: Path, *args: str) -> Served:
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", *args],
        cwd=root,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    lines: list[str] = []
    ready = threading.Event()

    def drain() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            lines.append(line.rstrip("\n"))
            ready.set()
        ready.set()

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline and not any("serving http" in line for line in lines):
        if process.poll() is not None:
            break
        ready.wait(0.1)
    found = next(
        (re.search(r"127\.0\.0\.1:(\d+)/", line) for line in lines if "serving http" in line), None
    )
    served = Served(process, int(found.group(1)) if found else 0, lines, reader)
    if found is None:
        served.stop()
        pytest.fail(f"serve did not start: {lines}")
    return served


@pytest.fixture
def served(project: Path) -> Iterator[Served]:
    server = start(project, "--port", "0")
    yield server
    server.stop()


def wait_for(served: Served, needle: str, path: str = f"/{SEED_PACK}/") -> float:
    """Seconds until the page at path contains needle (fails after CHANGE_SECONDS)."""
    started = time.perf_counter()
    while time.perf_counter() - started < CHANGE_SECONDS:
        if needle in served.page(path):
            return time.perf_counter() - started
        time.sleep(0.02)
    pytest.fail(f"{needle!r} never served; serve said: {served.lines}")


def test_serves_the_pack_with_a_reload_script_and_writes_nothing(
    served: Served, project: Path
) -> None:
    page = served.page()
    assert (
        '<h1 class="cover-title">Thailand at the 26th ASEAN–Republic of Korea Summit</h1>' in page
    )
    assert '<script src="/__briefs__/reload.js"' in page
    assert f'href="/{SEED_PACK}.pdf">PDF</a>' in page
    status, content_type, css = served.get(f"/{SEED_PACK}/screen.css")
    assert (status, content_type) == (200, "text/css; charset=utf-8")
    assert css == (REPO / "templates" / "screen.css").read_bytes()
    assert f'href="{SEED_PACK}/index.html"' in served.page("/")
    assert served.get("/nothing-here/")[0] == 404
    assert not (project / "build").exists()


def test_preview_reads_the_articles_as_the_build_does(served: Served) -> None:
    """Who's who's organisations and the checks come from the spaCy stage, as in a build."""
    page = served.page()
    assert '<h3 id="people-organisations">Organisations</h3>' in page
    assert any("warning[C410]" in line for line in served.lines), served.lines


def test_build_output_has_no_reload_script(project: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--no-pdf"],
        cwd=project,
        capture_output=True,
        check=False,
    )
    assert completed.returncode == 0
    html = (project / "build" / SEED_PACK / "index.html").read_text(encoding="utf-8")
    assert "EventSource" not in html and "briefs-preview" not in html


def test_template_change_is_served_again(served: Served, project: Path) -> None:
    """Save -> re-render -> reload event -> new page, three times over (how fast is for
    `make bench` to measure; a timing assertion fails correct code on a busy machine)."""
    served.page()
    cover = project / "templates" / "partials" / "cover.html.j2"
    cover.parent.mkdir(parents=True)
    theme_cover = (REPO / "templates" / "partials" / "cover.html.j2").read_text(encoding="utf-8")
    timings = []
    for attempt in range(3):
        stream = served.events()
        marker = f"Cover draft {attempt}"
        started = time.perf_counter()
        cover.write_text(theme_cover.replace("Briefing pack", marker), encoding="utf-8")
        next_event(stream)
        assert marker in served.page()
        timings.append(time.perf_counter() - started)
        stream.close()
        time.sleep(0.2)
    print(f"save to new page served: {[f'{t * 1000:.0f} ms' for t in timings]}")


def test_input_and_stylesheet_changes_are_served(served: Served, project: Path) -> None:
    annotation = project / "seeds" / f"{SEED_ID}.ann.yaml"
    text = annotation.read_text(encoding="utf-8")
    annotation.write_text(
        text.replace("Upgrade the ASEAN–Korea", "Upgrade (edited) the ASEAN–Korea"),
        encoding="utf-8",
    )
    wait_for(served, "Upgrade (edited) the ASEAN–Korea")
    css = project / "templates" / "screen.css"
    css.parent.mkdir(exist_ok=True)
    css.write_text("body { color: rebeccapurple; }\n", encoding="utf-8")
    wait_for(served, "rebeccapurple", f"/{SEED_PACK}/screen.css")


def test_a_broken_input_shows_its_diagnostics_then_recovers(served: Served, project: Path) -> None:
    pack = project / "briefs" / f"{SEED_PACK}.yaml"
    good = pack.read_text(encoding="utf-8")
    pack.write_text(good.replace("\ntitle:", "\ntittle:"), encoding="utf-8")
    wait_for(
        served,
        f"briefs/{SEED_PACK}.yaml:2:1: error[B101]: unknown key &#x27;tittle&#x27;; did you mean &#x27;title&#x27;?",
    )
    assert '<script src="/__briefs__/reload.js"' in served.page()
    pack.write_text(good, encoding="utf-8")
    wait_for(served, 'class="cover-title"')


@pytest.mark.slow
def test_pdf_on_demand(served: Served) -> None:
    status, content_type, body = served.get(f"/{SEED_PACK}.pdf")
    assert (status, content_type) == (200, "application/pdf")
    assert body.startswith(b"%PDF-")


@pytest.mark.slow
def test_a_pdf_asked_for_is_remade_after_a_change_and_served_new(
    served: Served, project: Path
) -> None:
    """The warm worker makes the PDF again in the background after a save; what the next
    request gets is the PDF of the new version, never the old one."""
    from pypdf import PdfReader

    first = served.get(f"/{SEED_PACK}.pdf")[2]
    pack = project / "briefs" / f"{SEED_PACK}.yaml"
    pack.write_text(pack.read_text("utf-8").replace("\ntitle: ", "\ntitle: Remade "), "utf-8")
    wait_for(served, "Remade ")
    status, _, second = served.get(f"/{SEED_PACK}.pdf")
    assert status == 200 and second != first
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(second)).pages[:1])
    assert "Remade" in text


@pytest.mark.slow
def test_the_pdf_served_after_a_save_is_the_one_a_build_writes(
    served: Served, project: Path
) -> None:
    """Remade in the background (with the page numbers kept from the last PDF, and any
    PDF of a version saved over dropped), the PDF served is byte for byte the build's."""
    served.get(f"/{SEED_PACK}.pdf")  # asked for once: remade after every save from now on
    pack = project / "briefs" / f"{SEED_PACK}.yaml"
    text = pack.read_text("utf-8")
    for n in range(2):  # two saves in a row: the first one's PDF is not wanted any more
        pack.write_text(text.replace("\ntitle: ", f"\ntitle: Saved {n} "), "utf-8")
        time.sleep(0.2)
    wait_for(served, "Saved 1 ")
    status, content_type, body = served.get(f"/{SEED_PACK}.pdf")
    assert (status, content_type) == (200, "application/pdf")
    built = subprocess.run(
        [sys.executable, "-m", "generator", "build"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    assert body == (project / "build" / f"{SEED_PACK}.pdf").read_bytes()


def test_the_checks_page_is_served_as_the_build_writes_it(served: Served) -> None:
    status, content_type, body = served.get(f"/{SEED_PACK}/checks.html")
    assert (status, content_type) == (200, "text/html; charset=utf-8")
    assert b"<!DOCTYPE html>" in body[:200]


def test_a_taken_port_is_a_diagnostic(project: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        completed = subprocess.run(
            [sys.executable, "-m", "generator", "serve", "--port", str(port)],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert completed.returncode == 1
    assert completed.stderr.splitlines() == [
        f"127.0.0.1:{port}: error[E920]: cannot listen on 127.0.0.1:{port}: Address already in use; "
        "try --port 0 for any free port",
        "1 error, 0 warnings",
    ]


def test_a_modified_template_is_compiled_again_and_the_others_are_kept(project: Path) -> None:
    from generator.render.html import environment
    from generator.tools.serve import Site

    site = Site(project, lambda line: None)
    try:
        cover = project / "templates" / "partials" / "cover.html.j2"
        cover.parent.mkdir(parents=True)
        theme = (REPO / "templates" / "partials" / "cover.html.j2").read_text(encoding="utf-8")
        cover.write_text(theme.replace("Briefing pack", "First cover"), encoding="utf-8")
        site.changed([str(cover)])  # a new file: what was compiled may be shadowed by it
        page = site.page(SEED_PACK)
        assert page is not None and page.rendered is not None
        assert "First cover" in page.rendered.html
        compiled = environment.cache_info().currsize
        assert compiled > 0
        cover.write_text(theme.replace("Briefing pack", "Second cover"), encoding="utf-8")
        later = cover.stat().st_mtime + 2  # a save within the clock's tick still counts
        os.utime(cover, (later, later))
        site.changed([str(cover)], added_or_removed=False)
        assert environment.cache_info().currsize == compiled
        page = site.page(SEED_PACK)
        assert page is not None and page.rendered is not None
        assert "Second cover" in page.rendered.html
        site.changed([str(cover)])
        assert environment.cache_info().currsize == 0
    finally:
        site.stop()


@pytest.mark.slow
def test_serve_makes_its_pdfs_in_a_warm_worker_process(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.pdf import worker
    from generator.tools import serve

    running: list[bool] = []
    monkeypatch.setattr(serve, "_serve", lambda *args: running.append(worker.worker_running()))
    serve.serve(project, 0, lambda line: None)
    assert running == [True]
    assert not worker.worker_running()
