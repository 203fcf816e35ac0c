"""`briefs serve`: a preview on 127.0.0.1 that re-renders on every save and reloads the page.

Pages are rendered in memory (nothing is written to build/) by the build's own line
(build/pipeline.py) stopped after render; the PDF is made by its pdf stage, with the
configured variant, when its link is followed. One PDF worker process stays warm
(pdf/worker.py, forked as the server starts, so the PDF is laid out on the second core
and never holds up a page): it imports WeasyPrint and loads the fonts at once, and once
a pack's PDF has been asked for, it is made again in the background as soon as the pack
is rendered after a change, so the next request finds it ready (or half made) instead of
starting from nothing; a PDF of a version saved over is dropped (pdf/worker.py, supersede).
Compiled templates and parsed YAML are kept from one save to the next (only what
changed is compiled or parsed again). A watcher
thread (watchfiles) bumps a version number on every change to an input, template or
stylesheet; each served page carries a small script, added here and never to build
output, that listens on a server-sent-events stream and reloads when the version moves.
"""

from __future__ import annotations

import html
import http.server
import logging
import re
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import watchfiles

from generator.build.atomic import write_atomic
from generator.build.pipeline import BuildOptions, Run, index_page, pdf_of, run_pack
from generator.errors import Diagnostic, DiagnosticError, Position
from generator.load.pack import CONFIG_NAME, Project, find_project, pack_files
from generator.load.paths import inside
from generator.model import ProjectConfig
from generator.nlp.reader import Reader, make_reader
from generator.pdf.worker import supersede, warm_worker, worker_running
from generator.render.html import environment
from generator.render.rendered import Rendered
from generator.render.theme import THEME

logger = logging.getLogger(__name__)

EVENTS_PATH = "/__briefs__/events"
RELOAD_PATH = "/__briefs__/reload.js"
# Milliseconds: how long the watcher waits for more changes before it reports a batch.
# Editors write a file in one go; 30 ms groups a save without adding visible delay.
STEP_MS = 30
KEEPALIVE_SECONDS = 15.0
_TOOLBAR = """
<div id="briefs-preview" style="position:fixed;right:.75rem;bottom:.75rem;z-index:9999;\
font:14px/1.4 system-ui,sans-serif;background:#111;color:#fff;padding:.35rem .7rem;\
border-radius:.4rem;opacity:.85">preview{links}</div>"""
# An external script, not an inline one: the pages' Content-Security-Policy allows
# scripts from their own origin only, and the preview must not need a weaker policy.
_RELOAD_SCRIPT = """
<script src="{script}" data-version="{version}" data-events="{events}"></script>
"""
RELOAD_JS = b"""(() => {
  const tag = document.currentScript;
  const rendered = tag.dataset.version;
  const events = new EventSource(tag.dataset.events);
  events.onmessage = (event) => { if (event.data !== rendered) location.reload(); };
})();
"""

Say = Callable[[str], None]


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    location: str | None = None


@dataclass(frozen=True)
class Page:
    """One pack as last rendered: its HTML and assets, or why it failed."""

    version: int
    path: Path
    title: str
    rendered: Rendered | None
    diagnostics: tuple[Diagnostic, ...]
    pack_path: str
    run: Run | None = None  # the build line up to render, which the PDF on demand resumes


class Site:
    """The project's packs, rendered on demand and cached until the next change."""

    def __init__(self, project_dir: Path, say: Say) -> None:
        self.project_dir = project_dir
        self.say = say
        self.version = 0
        self.changed_at = 0.0
        self.stopping = False
        self.condition = threading.Condition()
        self._render_lock = threading.Lock()
        self._pages: dict[str, Page] = {}
        # The same reading as `briefs build` (drafts for unannotated articles, who's who,
        # glossary, checks), kept between renders so spaCy loads at most once; remade
        # when the settings or entity rules it was made from change.
        self._reader: tuple[tuple[Path, str | None], Reader] | None = None
        # The warm PDF worker: one thread, PDFs by slug for the version they were made at.
        self._pdf_worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="briefs-pdf")
        self._pdfs: dict[str, tuple[int, Future[tuple[bytes | None, list[Diagnostic]]]]] = {}
        self._pdf_lock = threading.Lock()

    @property
    def project(self) -> Project:
        # Found afresh each time: briefs.yaml may have changed since the last request.
        return find_project(self.project_dir)

    def changed(self, paths: Iterable[str] = (), *, added_or_removed: bool = True) -> None:
        """Something on disk changed: forget every rendering and tell the browsers. Compiled
        templates are kept when files were only modified (Jinja recompiles a changed one)."""
        names = sorted({Path(p).name for p in paths})
        if {CONFIG_NAME, "entities.yaml"} & set(names):
            self._reader = None
        with self.condition:
            self.version += 1
            self.changed_at = time.perf_counter()
            self._pages.clear()
            self.condition.notify_all()
        supersede()  # a PDF being made of the last version is dropped once laid out
        if added_or_removed:
            environment.cache_clear()  # a new template file can shadow a theme one
        if names:
            self.say(f"changed: {', '.join(names[:5])}{' ...' if len(names) > 5 else ''}")

    def stop(self) -> None:
        with self.condition:
            self.stopping = True
            self.condition.notify_all()
        self._pdf_worker.shutdown(wait=False, cancel_futures=True)

    def warm_pdf_worker(self) -> None:
        """Import WeasyPrint in the PDF worker now, not when the first PDF is asked for."""
        self._pdf_worker.submit(_import_weasyprint)

    def pdf(self, page: Page) -> Future[tuple[bytes | None, list[Diagnostic]]]:
        """The PDF of a page at its version: already made or being made, else started."""
        with self._pdf_lock:
            made = self._pdfs.get(page.path.stem)
            if made is None or made[0] != page.version:
                assert page.run is not None
                if made is not None:
                    made[1].cancel()  # not started yet: an older version nobody needs
                made = (page.version, self._pdf_worker.submit(pdf_of, page.run))
                self._pdfs[page.path.stem] = made
            return made[1]

    def remake_pdfs(self) -> None:
        """After a change, start again every PDF that has been asked for (rendering its
        pack starts it: see page)."""
        with self._pdf_lock:
            wanted = list(self._pdfs)
        for slug in wanted:
            self.page(slug)

    def wait(self, seen: int, timeout: float) -> int:
        """Block until the version is not `seen` (or timeout); the current version."""
        with self.condition:
            self.condition.wait_for(lambda: self.version != seen or self.stopping, timeout)
            return self.version

    def slugs(self) -> dict[str, Path]:
        return {path.stem: path for path in pack_files(self.project)}

    def page(self, slug: str) -> Page | None:
        """The pack rendered at the current version (rendering it now if need be)."""
        path = self.slugs().get(slug)
        if path is None:
            return None
        with self._render_lock:
            cached = self._pages.get(slug)
            if cached is not None and cached.version == self.version:
                return cached
            page = self._render(slug, path)
            self._pages[slug] = page
        # A PDF asked for before is made again now, not once every other pack is rendered.
        if slug in self._pdfs and page.run is not None and page.rendered is not None:
            self.pdf(page)
        return page

    def _render(self, slug: str, path: Path) -> Page:
        version = self.version
        started = time.perf_counter()
        project = self.project
        try:
            reader: Reader | None = self.reader(project)
            problems: list[Diagnostic] = []
        except DiagnosticError as error:  # a broken entities.yaml: show it, render anyway
            reader, problems = None, error.diagnostics
        # The build's own line, in memory and without the PDF; findings do not stop it.
        options = BuildOptions(
            out=project.root / "build", pdf_variant=project.config.pdf_variant, preview=True
        )
        run = run_pack(project, path, options, reader, until="render")
        diagnostics = problems + run.diagnostics
        rendered = run.rendered
        title = run.pack.spec.title if run.pack else slug
        for diagnostic in diagnostics:
            self.say(str(diagnostic))
        took = (time.perf_counter() - started) * 1000
        state = "rendered" if rendered else "failed"
        self.say(f"{state} {project.shown(path)} in {took:.0f} ms")
        shown = project.shown(path)
        return Page(version, path, title, rendered, tuple(diagnostics), shown, run)

    def reader(self, project: Project) -> Reader:
        key = (project.root, project.config.model)
        if self._reader is None or self._reader[0] != key:
            self._reader = (key, make_reader(project.root, project.config.model, write_atomic))
        return self._reader[1]

    def warm(self) -> None:
        """Render every pack now, so problems show in the terminal without a browser."""
        try:
            for slug in self.slugs():
                self.page(slug)
        except DiagnosticError as error:  # briefs.yaml itself is broken
            for diagnostic in error.diagnostics:
                self.say(str(diagnostic))


# ---- what each URL answers ----------------------------------------------------------


# A request path, percent-decoded, may hold only these: what a slug, an asset name or a
# fixed path can be. Anything else (controls, CR/LF, non-ASCII, bad escapes) is a 404,
# so no byte of a request ever reaches a response header it could break out of.
_SAFE_PATH = re.compile(r"/[A-Za-z0-9._~/-]*")
_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def request_path(url: str) -> str | None:
    """The decoded path of a request target, or None if it is not a plain ASCII path."""
    path = urlsplit(url).path
    if _PERCENT.search(path):
        return None
    try:
        decoded = unquote(path, errors="strict")
    except UnicodeDecodeError:
        return None
    return decoded if _SAFE_PATH.fullmatch(decoded) else None


def respond(site: Site, url: str) -> Response:
    """The response to a GET of url (events are handled by the request handler)."""
    path = request_path(url)
    if path is None:
        return _not_found(url)
    try:
        return _respond(site, path)
    except DiagnosticError as error:  # briefs.yaml itself is broken
        page = Page(
            site.version,
            Path(CONFIG_NAME),
            CONFIG_NAME,
            None,
            tuple(error.diagnostics),
            CONFIG_NAME,
        )
        return Response(200, _inject(_error_page(page), page.version, None).encode())


def _respond(site: Site, path: str) -> Response:
    if path in ("/", "/index.html"):
        return _index(site)
    if path == RELOAD_PATH:
        return Response(200, RELOAD_JS, "text/javascript; charset=utf-8")
    parts = path.strip("/").split("/")
    if len(parts) == 1 and parts[0].endswith(".pdf"):
        return _pdf(site, parts[0].removesuffix(".pdf"))
    if len(parts) == 1 and not path.endswith("/"):
        return Response(301, b"", location=f"/{parts[0]}/")
    if len(parts) == 1 or (len(parts) == 2 and parts[1] in ("", "index.html")):
        return _pack(site, parts[0])
    if len(parts) == 2:
        return _asset(site, parts[0], parts[1])
    return _not_found(path)


def _inject(page_html: str, version: int, pdf: str | None) -> str:
    """Add the reload script and a small toolbar (PDF link, all packs) to a served page."""
    links = ""
    if pdf:
        style = 'style="color:#9cf"'
        links = (
            f' · <a {style} href="{html.escape(pdf)}">PDF</a> · <a {style} href="/">all packs</a>'
        )
    script = _TOOLBAR.format(links=links) + _RELOAD_SCRIPT.format(
        script=RELOAD_PATH, version=version, events=EVENTS_PATH
    )
    head, marker, tail = page_html.rpartition("</body>")
    return f"{head}{script}{marker}{tail}" if marker else page_html + script


def _index(site: Site) -> Response:
    version = site.version
    titles = {}
    for slug in site.slugs():
        page = site.page(slug)
        titles[slug] = page.title if page else slug
    body = index_page(titles).decode("utf-8")
    return Response(200, _inject(body, version, None).encode("utf-8"))


def _pack(site: Site, slug: str) -> Response:
    page = site.page(slug)
    if page is None:
        return _not_found(f"/{slug}/")
    if page.rendered is None:
        return Response(200, _inject(_error_page(page), page.version, f"/{slug}.pdf").encode())
    return Response(200, _inject(page.rendered.html, page.version, f"/{slug}.pdf").encode())


def _asset(site: Site, slug: str, name: str) -> Response:
    page = site.page(slug)
    if page is None or page.run is None or page.rendered is None:
        return _not_found(f"/{slug}/{name}")
    # The files the render stage made for build/<slug>/: assets and the checks page.
    data = page.run.outputs.files.get(page.run.options.out / slug / name)
    if name == "index.html" or data is None:
        return _not_found(f"/{slug}/{name}")
    content_type = (
        "text/css; charset=utf-8"
        if name.endswith(".css")
        else "text/html; charset=utf-8"
        if name.endswith(".html")
        else "application/octet-stream"
    )
    return Response(200, data, content_type)


def _pdf(site: Site, slug: str) -> Response:
    page = site.page(slug)
    if page is None:
        return _not_found(f"/{slug}.pdf")
    if page.rendered is None or page.run is None:
        return Response(200, _inject(_error_page(page), page.version, f"/{slug}.pdf").encode())
    started = time.perf_counter()
    pdf, found = _made(site, page)
    if pdf is None:
        failed = Page(page.version, page.path, page.title, None, tuple(found), page.pack_path)
        return Response(200, _inject(_error_page(failed), page.version, f"/{slug}.pdf").encode())
    for warning in found:
        site.say(str(warning))
    site.say(f"made {slug}.pdf in {(time.perf_counter() - started):.1f} s")
    return Response(200, pdf, "application/pdf")


def _made(site: Site, page: Page) -> tuple[bytes | None, list[Diagnostic]]:
    """The PDF of the page, or of the pack's current version if the pack changed while
    it was being made (a PDF dropped or cancelled for a newer one is asked for again)."""
    while True:
        try:
            pdf, found = site.pdf(page).result()
        except CancelledError:
            pdf, found = None, []
        current = site.page(page.path.stem)
        if pdf is not None or found or current is None or current.version == page.version:
            return pdf, found
        if current.rendered is None or current.run is None:
            return None, list(current.diagnostics)
        page = current


def _import_weasyprint() -> None:
    import weasyprint  # noqa: F401  (the import is the point: the worker is warm)


def _error_page(page: Page) -> str:
    lines = "\n".join(f"<li><code>{html.escape(str(d))}</code></li>" for d in page.diagnostics)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Problems: {html.escape(page.title)}</title>
<style>body {{ font: 16px/1.5 system-ui, sans-serif; margin: 2rem; }}
li {{ margin: .4rem 0; }} code {{ white-space: pre-wrap; }}</style></head>
<body><h1>{html.escape(page.pack_path)} does not build</h1>
<p>Fix these and save: this page reloads by itself.</p><ul>
{lines}
</ul></body></html>
"""


def _not_found(path: str) -> Response:
    body = (
        f"<!DOCTYPE html><title>Not found</title><p>No {html.escape(path)} here. "
        "<a href='/'>All packs</a></p>"
    )
    return Response(404, body.encode("utf-8"))


# ---- the HTTP server and the watcher ------------------------------------------------


def make_handler(site: Site) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        server_version = "briefs-serve"
        protocol_version = "HTTP/1.1"

        def do_HEAD(self) -> None:
            self.do_GET(head=True)

        def do_GET(self, head: bool = False) -> None:
            if urlsplit(self.path).path == EVENTS_PATH and not head:
                self._events()
                return
            try:
                response = respond(site, self.path)
            except Exception as error:  # a broken pack must not take the server down
                logger.exception("serving %s failed", self.path)
                body = f"<!DOCTYPE html><title>Error</title><pre>{html.escape(repr(error))}</pre>"
                response = Response(500, body.encode())
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
            self.send_header("Cache-Control", "no-store")
            if response.location:
                # request_path admits only safe ASCII; quote again in case that changes
                self.send_header("Location", quote(response.location, safe="/"))
            self.end_headers()
            if not head:
                self.wfile.write(response.body)

        def _events(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            version = site.version
            try:
                self.wfile.write(f"retry: 500\ndata: {version}\n\n".encode())
                self.wfile.flush()
                while not site.stopping:
                    now = site.wait(version, KEEPALIVE_SECONDS)
                    message = f"data: {now}\n\n" if now != version else ": keep-alive\n\n"
                    version = now
                    self.wfile.write(message.encode())
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                return
            self.close_connection = True

        def log_message(self, format: str, *args: Any) -> None:
            logger.debug(format, *args)

    return Handler


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False


class _Either:
    """A stop event for watchfiles that fires when either of two events is set."""

    def __init__(self, first: threading.Event, second: threading.Event) -> None:
        self.first, self.second = first, second

    def is_set(self) -> bool:
        return self.first.is_set() or self.second.is_set()


@dataclass
class Watcher:
    """Watches the inputs, templates and theme; a new top-level folder restarts the watch."""

    site: Site
    stop: threading.Event
    restart: threading.Event

    def project(self) -> Project:
        try:
            return self.site.project
        except DiagnosticError:  # a broken briefs.yaml: watch the usual folders meanwhile
            return Project(self.site.project_dir.resolve(), ProjectConfig())

    def folders(self) -> list[Path]:
        project = self.project()
        candidates = [project.briefs, project.seeds, project.templates, THEME]
        unique: dict[Path, Path] = {}
        for folder in candidates:
            # A folder that links out of the project is refused by the render; never watched.
            if (folder == THEME or inside(folder, project.root)) and folder.is_dir():
                unique.setdefault(folder.resolve(), folder)
        return list(unique.values())

    def watch_tree(self) -> None:
        while not self.stop.is_set():
            self.restart.clear()
            for changes in watchfiles.watch(
                *self.folders(),
                step=STEP_MS,
                stop_event=_Either(self.stop, self.restart),
                raise_interrupt=False,
            ):
                self._changed(changes)

    def watch_root(self) -> None:
        """The project folder itself, not its subfolders: briefs.yaml, new input folders."""
        project = self.project()
        names = {
            CONFIG_NAME,
            project.config.briefs_dir,
            project.config.seeds_dir,
            project.config.templates_dir,
        }
        for changes in watchfiles.watch(
            project.root, step=STEP_MS, stop_event=self.stop, recursive=False, raise_interrupt=False
        ):
            relevant = {(c, p) for c, p in changes if Path(p).name in names}
            if relevant:
                self.restart.set()
                self._changed(relevant)

    def _changed(self, changes: set[tuple[watchfiles.Change, str]]) -> None:
        modified_only = all(change == watchfiles.Change.modified for change, _ in changes)
        self.site.changed((p for _, p in changes), added_or_removed=not modified_only)
        self.site.warm()
        self.site.remake_pdfs()

    def start(self) -> list[threading.Thread]:
        threads = [
            threading.Thread(target=self.watch_tree, name="briefs-watch", daemon=True),
            threading.Thread(target=self.watch_root, name="briefs-watch-root", daemon=True),
        ]
        for thread in threads:
            thread.start()
        return threads


def listen(site: Site, port: int) -> Server:
    """A server bound to 127.0.0.1:port (0 picks a free port), or an E920 diagnostic."""
    try:
        return Server(("127.0.0.1", port), make_handler(site))
    except OSError as error:
        message = (
            f"cannot listen on 127.0.0.1:{port}: {error.strerror or error}; "
            "try --port 0 for any free port"
        )
        where = Position(f"127.0.0.1:{port}")
        raise DiagnosticError([Diagnostic.make("E920", message, where)]) from None


def serve(
    project_dir: Path, port: int, say: Say, on_ready: Callable[[str], object] | None = None
) -> None:
    """Serve the project's packs until interrupted (Ctrl-C)."""
    # The PDFs are made in a warm worker process, forked now, before any thread starts:
    # on the second core, so that making a PDF never holds up rendering a page.
    with warm_worker(True):
        _serve(project_dir, port, say, on_ready)


def _serve(
    project_dir: Path, port: int, say: Say, on_ready: Callable[[str], object] | None
) -> None:
    site = Site(project_dir, say)
    server = listen(site, port)
    stop, restart = threading.Event(), threading.Event()
    Watcher(site, stop, restart).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    say(f"serving {url} (Ctrl-C to stop); PDFs on demand at {url}<pack>.pdf")
    if on_ready:
        on_ready(url)
    site.warm()
    if not worker_running():
        site.warm_pdf_worker()  # after the first render, which it would only slow down
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        say("stopped")
    finally:
        stop.set()
        site.stop()
        server.server_close()
