"""What each part of a pack costs WeasyPrint, against the pandoc peer's document.

Builds the bench's one-pack project (bench/run.py), then, in one warm process as
`briefs serve`'s worker makes a PDF (fonts loaded, the page numbers kept, so one
layout), times our `render_pdf` on the pack's final HTML as it is, with one part left
out (the cover, the contents, each section; in-document links to what is gone lose their
href, so the kept page numbers still serve), with the timeline's SVG text left out, and
with no running heads or feet; and, made the same way, the pandoc peer's document (its
Markdown through `pandoc -s --toc`, with our print stylesheet, as the bench's peer has it).
Variants are timed in alternated rounds; CPU seconds of this process, medians, and the
Python calls of one more PDF counted by cProfile (a count no load moves: on a shared
machine the seconds of one part are noise, the calls are not). Prints pages, CPU
seconds, CPU per page, what leaving each part out saves, and calls.

    .venv/bin/python bench/sections.py --runs 7
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pikepdf

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import PYTHON, briefs, make_project, markdown_of, timed
from generator.pdf.make import PdfOptions, render_pdf
from generator.render.rendered import Rendered

# (tag, class) of each part of the pack's HTML, in print order.
PARTS = [
    ("header", "cover"),
    ("nav", "contents"),
    ("section", "summary"),
    ("section", "timeline"),
    ("section", "facts"),
    ("section", "proposals"),
    ("section", "follow-ups"),
    ("section", "people"),
    ("section", "glossary"),
    ("section", "sources"),
]
NO_RUNNING_HEADS = (
    "\n@page { "
    + " ".join(
        f"@{box} {{ content: none; }}"
        for box in ("top-left", "top-center", "top-right", "bottom-left", "bottom-right")
    )
    + " }\n@page cover { @top-center { content: none; } @bottom-left { content: none; } }\n"
)


def without(html: str, tag: str, css_class: str) -> str:
    """The HTML without the element <tag class="css_class"> and what it holds."""
    start = html.index(f'<{tag} class="{css_class}"')
    depth = 0
    for found in re.finditer(rf"<{tag}[\s>]|</{tag}>", html[start:]):
        depth += -1 if found.group().startswith("</") else 1
        if depth == 0:
            return html[:start] + html[start + found.end() :]
    raise ValueError(f"no end to <{tag} class={css_class}>")


def dangling_links_dropped(html: str) -> str:
    """Links to an id the document no longer has lose their href (and their "p. N")."""
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    return re.sub(
        r'href="#([^"]+)"',
        lambda m: m.group(0) if m.group(1) in ids else 'data-dropped=""',
        html,
    )


def variants(html: str, css: bytes, peer_html: str) -> dict[str, tuple[str, bytes]]:
    found = {"ours, whole": (html, css)}
    for tag, css_class in PARTS:
        found[f"without {css_class}"] = (dangling_links_dropped(without(html, tag, css_class)), css)
    svg = re.compile(r'<svg[^>]*class="timeline-svg".*?</svg>', re.S)
    found["timeline without its SVG text"] = (
        svg.sub(lambda m: re.sub(r"<text\b.*?</text>", "", m.group(0), flags=re.S), html),
        css,
    )
    found["no running heads or feet"] = (html, css + NO_RUNNING_HEADS.encode())
    found["pandoc peer's document"] = (peer_html, css)
    return found


def peer_html(project: Path, work: Path) -> str:
    import pypandoc

    source = work / "peer.md"
    source.write_text(markdown_of(project, project / "briefs" / "pack-001.yaml"), "utf-8")
    out = work / "peer.html"
    command = [pypandoc.get_pandoc_path(), str(source), "-s", "--toc", "--css=print.css"]
    subprocess.run([*command, "-o", str(out)], check=True, capture_output=True)
    return out.read_text("utf-8")


def python_calls(rendered: Rendered, options: PdfOptions) -> int:
    """The Python function calls one more PDF of the variant makes."""
    profile = cProfile.Profile()
    profile.runcall(render_pdf, rendered, options)
    return int(pstats.Stats(profile).total_calls)  # type: ignore[attr-defined]  # not in typeshed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="alternated rounds (medians)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="briefs-sections-"))
    env = {**os.environ, "PATH": f"{Path(PYTHON).parent}:{os.environ['PATH']}"}
    try:
        project = make_project(work / "one", 1)
        timed(briefs(project, "--jobs", "1"), project, env)
        folder = project / "build" / "pack-001"
        html = (folder / "index.html").read_text("utf-8")
        css = (folder / "print.css").read_bytes()
        prepared = {}
        for name, (document, stylesheet) in variants(html, css, peer_html(project, work)).items():
            rendered = Rendered(document, {"print.css": stylesheet})
            # The first PDF finds the pages (WeasyPrint's own two layouts); the timed ones
            # keep them, as every PDF after a pack's first does.
            _, _, pages = render_pdf(rendered, PdfOptions())
            prepared[name] = (rendered, PdfOptions(pages=pages), 0)
        load_before = os.getloadavg()[0]
        cpu: dict[str, list[float]] = {name: [] for name in prepared}
        calls: dict[str, int] = {}
        for _ in range(args.runs):
            for name, (rendered, options, _) in prepared.items():
                started = time.process_time()
                pdf, _, _ = render_pdf(rendered, options)
                cpu[name].append(time.process_time() - started)
                with pikepdf.open(io.BytesIO(pdf)) as made:
                    prepared[name] = (rendered, options, len(made.pages))
        whole = statistics.median(cpu["ours, whole"])
        print(f"{'variant':32}  pages  CPU s  per page  saves  calls (M)  saves")
        for name, (rendered, options, count) in prepared.items():
            took = statistics.median(cpu[name])
            calls[name] = python_calls(rendered, options)
            print(
                f"{name:32}  {count:5}  {took:5.2f}  {took / count:8.3f}  {whole - took:+.2f}"
                f"  {calls[name] / 1e6:9.3f}  {(calls['ours, whole'] - calls[name]) / 1e6:+.3f}"
            )
        print(f"load average (1 min) {load_before:.2f} -> {os.getloadavg()[0]:.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
