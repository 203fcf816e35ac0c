"""`make bench`: what a build costs, as ratios measured in one run on one machine.

Builds a synthetic project of many packs made from the repository's own articles and
times, as medians over repeated runs of real `briefs` processes (their modules' bytecode
written first, as an installed package has it: `compile_code`):

- a cold build of one pack (empty caches, spaCy model load included where needed);
- a warm build of one pack (`--force`, spaCy analyses and the last PDF's page numbers
  cached; also without the PDF worker, with it whatever the load, and without the page
  numbers), run alternately with
- the floor: a bare Python process that imports WeasyPrint and renders the very same
  final HTML to the same PDF variant (ours / floor, the median of the paired ratios);
- a peer: pandoc with --pdf-engine=weasyprint making a PDF of the same pack from
  equivalent Markdown, for one pack and for 50 (run once per pack, as a user would);
- a no-op build of one pack and of 50; 50 packs with --jobs 1 and --jobs 2; 200 packs;
- the peak memory of a build process (the parent and its workers);
- `--shard K/N`: the shards together build each pack exactly once;
- `briefs serve`: a save to the new page served, and the PDF asked for after a save.

Prints every target of issue 15 with its measured value and whether it is met, and
writes everything as JSON (bench/results.json by default; commit it with the machine).
"""

from __future__ import annotations

import argparse
import compileall
import http.client
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
FLOOR = """
import sys
from weasyprint import HTML
HTML(filename=sys.argv[1]).write_pdf(sys.argv[2], pdf_variant="pdf/ua-1", pdf_tags=True)
"""


def timed(command: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    """Wall time of one process, which must succeed."""
    start = time.perf_counter()
    completed = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - start
    if completed.returncode != 0:
        raise SystemExit(f"bench: {' '.join(command)} failed:\n{completed.stderr[-2000:]}")
    return elapsed


def median(runs: int, once: Callable[[], float]) -> float:
    return statistics.median(once() for _ in range(runs))


def peak_memory_mb(command: Sequence[str], cwd: Path, env: dict[str, str]) -> float:
    """The largest resident size of a process or any of its workers (RUSAGE_CHILDREN of a
    fresh wrapper, so nothing else the bench ran counts)."""
    wrapper = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], check=True, capture_output=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    done = subprocess.run(
        [PYTHON, "-c", wrapper, *command], cwd=cwd, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"bench: memory run failed:\n{done.stderr[-2000:]}")
    return int(done.stdout.strip()) / 1024


def built_packs(command: Sequence[str], cwd: Path, env: dict[str, str]) -> list[str]:
    """The packs a build says it built."""
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"bench: {' '.join(command)} failed:\n{done.stderr[-2000:]}")
    return re.findall(r"built (\S+\.yaml)", done.stderr)


def serve_timings(project: Path, env: dict[str, str], runs: int) -> tuple[float, float]:
    """Median seconds from a save to the new page served, and for the PDF asked for after
    a save (the preview open in a browser, its PDF asked for once before)."""
    process = subprocess.Popen(
        [PYTHON, "-m", "generator", "serve", "--port", "0"],
        cwd=project,
        env={**env, "PYTHONUNBUFFERED": "1"},
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stderr is not None
        port = 0
        for line in process.stderr:
            found = re.search(r"127\.0\.0\.1:(\d+)/", line)
            if found:
                port = int(found.group(1))
            if line.startswith("rendered "):
                break
        os.set_blocking(process.stderr.fileno(), False)

        def get(path: str) -> bytes:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            connection.request("GET", path)
            body = connection.getresponse().read()
            connection.close()
            return body

        get("/pack-001.pdf")  # asked for once: from now on the worker remakes it
        partial = project / "templates" / "partials" / "cover.html.j2"
        partial.parent.mkdir(parents=True, exist_ok=True)
        cover = (REPO / "templates" / "partials" / "cover.html.j2").read_text("utf-8")
        html_times, pdf_times = [], []
        for attempt in range(runs):
            time.sleep(1.0)
            marker = f"Cover draft {attempt} {time.time_ns()}"
            started = time.perf_counter()
            partial.write_text(cover.replace("Briefing pack", marker), "utf-8")
            while marker.encode() not in get("/pack-001/"):
                time.sleep(0.01)
            html_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            if not get("/pack-001.pdf").startswith(b"%PDF-"):
                raise SystemExit("bench: serve did not answer with a PDF")
            pdf_times.append(time.perf_counter() - started)
        return statistics.median(html_times), statistics.median(pdf_times)
    finally:
        process.terminate()
        process.wait(timeout=30)


def make_project(root: Path, packs: int) -> Path:
    """A project with `packs` packs, each drawing on one to three of the repo's articles."""
    if root.exists():
        shutil.rmtree(root)
    (root / "briefs").mkdir(parents=True)
    shutil.copytree(REPO / "seeds", root / "seeds")
    articles = sorted(p.name.removesuffix(".ann.yaml") for p in (root / "seeds").glob("*.ann.yaml"))
    template = yaml.safe_load((REPO / "briefs" / "asean-rok-summit-2025.yaml").read_text("utf-8"))
    for n in range(packs):
        chosen = [articles[(n + k) % len(articles)] for k in range(min(3, len(articles)))]
        pack = dict(template)
        pack["title"] = f"{template['title']} (synthetic pack {n + 1})"
        pack["topics"] = [
            {"title": f"Topic {k + 1}", "articles": [a]} for k, a in enumerate(chosen)
        ]
        (root / "briefs" / f"pack-{n + 1:03d}.yaml").write_text(
            yaml.safe_dump(pack, allow_unicode=True, sort_keys=False), "utf-8"
        )
    return root


def briefs(project: Path, *args: str) -> list[str]:
    return [PYTHON, "-m", "generator", "--project", str(project), "build", *args]


def markdown_of(project: Path, pack_file: Path) -> str:
    """The pack as Markdown with the same content, for the pandoc peer: summary, facts,
    proposals, tracker, who's who, glossary, sources and a table of contents (pandoc's
    --toc). What Markdown cannot say is left out: page references, highlights, timeline."""
    from generator.build.pipeline import BuildOptions, run_pack
    from generator.load.pack import find_project
    from generator.render.html import glossary, people

    found = find_project(project)
    pack = run_pack(found, pack_file, BuildOptions(out=project / "build"), until="load").pack
    if pack is None:
        raise SystemExit(f"bench: {pack_file} does not load")
    spec = pack.spec
    lines = [
        "---",
        f"title: {json.dumps(spec.title)}",
        f"author: {json.dumps(spec.prepared.by)}",
        "---",
        "",
        f"**{spec.classification}** · {spec.event.name} · {spec.event.date}",
        "",
        "# Summary",
        "",
        spec.summary,
        "",
        "# Key facts",
    ]
    for topic in pack.topics:
        lines += ["", f"## {topic.title}", ""]
        lines += [f"- {i.spec.text}" for a in topic.articles for i in a.of_kind("fact")]  # type: ignore[union-attr]
    lines += ["", "# Proposals", "", "| Who | Proposal |", "|---|---|"]
    lines += [
        f"| {i.spec.by} | {i.spec.text} |"  # type: ignore[union-attr]
        for a in pack.articles
        for i in a.of_kind("proposal")
    ]
    lines += [
        "",
        "# Follow-up tracker",
        "",
        "| Action | Owner | Due | Status |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {i.spec.action} | {i.spec.owner or '—'} | {i.spec.due or '—'} | {i.spec.status} |"  # type: ignore[union-attr]
        for a in pack.articles
        for i in a.of_kind("follow_up")
    ]
    lines += ["", "# Who’s who", "", "| Name | Role | Also written |", "|---|---|---|"]
    lines += [
        f"| {p.name} | {p.role or '—'} | {', '.join(p.aliases) or '—'} |" for p in people(pack)
    ]
    lines += ["", "# Glossary", ""]
    lines += [f"**{short}**\n: {long}\n" for short, long in glossary(pack)]
    lines += ["", "# Sources"]
    for article in pack.articles:
        lines += ["", f"## {article.meta.title}", ""]
        lines += [
            f"{n}. {article.text[p.start : p.end]}" for n, p in enumerate(article.paragraphs, 1)
        ]
    return "\n".join(lines) + "\n"


def peer_commands(project: Path, out: Path) -> list[list[str]]:
    import pypandoc

    pandoc = pypandoc.get_pandoc_path()
    css = REPO / "templates" / "print.css"
    out.mkdir(parents=True, exist_ok=True)
    commands = []
    for pack_file in sorted((project / "briefs").glob("*.yaml")):
        source = out / f"{pack_file.stem}.md"
        source.write_text(markdown_of(project, pack_file), "utf-8")
        commands.append(
            [pandoc, str(source), "-s", "--toc", "--pdf-engine=weasyprint", f"--css={css}",
             "-o", str(out / f"{pack_file.stem}.pdf")]
        )  # fmt: skip
    return commands


def compile_code() -> None:
    """Write the bytecode of briefs' own modules, as an installed package has it (pip
    compiles a wheel's modules as it installs them; an editable checkout writes them on
    its first run). With PYTHONDONTWRITEBYTECODE set, as in the shells this bench has
    been run from, nothing writes them, and every process timed here compiled every one
    of our modules it imported from source: a no-op build 12 of them, a one-pack build 55
    before it hands its PDF over (the whole package is 0.28 CPU s of compiling at a load
    of 14). Python checks each file's size and time against its source, so a stale one
    is never used."""
    compileall.compile_dir(REPO / "generator", quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="repetitions for medians")
    parser.add_argument("--many", type=int, default=50)
    parser.add_argument("--most", type=int, default=200)
    parser.add_argument("--json", type=Path, default=REPO / "bench" / "results.json")
    args = parser.parse_args()
    compile_code()
    env = {**os.environ, "PATH": f"{Path(PYTHON).parent}:{os.environ['PATH']}"}
    work = Path(tempfile.mkdtemp(prefix="briefs-bench-"))
    rows: dict[str, float] = {}
    many, most = args.many, args.most
    load_before = os.getloadavg()[0]

    one = make_project(work / "one", 1)

    def cold() -> float:
        shutil.rmtree(one / "build", ignore_errors=True)
        shutil.rmtree(one / ".briefs-cache", ignore_errors=True)
        return timed(briefs(one, "--jobs", "1"), one, env)

    rows["cold build, 1 pack (s)"] = cold()  # not a target: once
    html = one / "build" / "pack-001" / "index.html"
    floor_script = work / "floor.py"
    floor_script.write_text(FLOOR)
    floor = [PYTHON, str(floor_script), str(html), str(work / "floor.pdf")]
    warm_times, floor_times, paired, alone, paired_alone = [], [], [], [], []
    unpaged, paired_unpaged, forced, paired_forced = [], [], [], []
    no_worker = {**env, "BRIEFS_PDF_WORKER": "0"}
    with_worker = {**env, "BRIEFS_PDF_WORKER": "1"}  # whatever the load
    kept_pages = one / ".briefs-cache" / "pages"

    def without_kept_pages() -> float:
        shutil.rmtree(kept_pages, ignore_errors=True)
        return timed(briefs(one, "--jobs", "1", "--force"), one, env)

    for _ in range(args.runs):  # alternated, so that all five see the same machine
        warm_times.append(timed(briefs(one, "--jobs", "1", "--force"), one, env))
        floor_times.append(timed(floor, one, env))
        alone.append(timed(briefs(one, "--jobs", "1", "--force"), one, no_worker))
        unpaged.append(without_kept_pages())
        forced.append(timed(briefs(one, "--jobs", "1", "--force"), one, with_worker))
        paired.append(warm_times[-1] / floor_times[-1])
        paired_forced.append(forced[-1] / floor_times[-1])
        paired_alone.append(alone[-1] / floor_times[-1])
        paired_unpaged.append(unpaged[-1] / floor_times[-1])
    rows["warm build, 1 pack, --force (s)"] = statistics.median(warm_times)
    rows["floor: WeasyPrint alone on the same HTML (s)"] = statistics.median(floor_times)
    rows["warm build without the PDF worker (s)"] = statistics.median(alone)
    rows["warm / floor without the PDF worker"] = statistics.median(paired_alone)
    # By default a build starts the worker only with a core to spare (pdf/worker.py).
    rows["warm build with the PDF worker whatever the load (s)"] = statistics.median(forced)
    rows["warm / floor with the PDF worker whatever the load"] = statistics.median(paired_forced)
    # The first PDF of a pack: no page numbers kept from a last one (pdf/pagerefs.py).
    rows["warm build without kept page numbers (s)"] = statistics.median(unpaged)
    rows["warm / floor without kept page numbers"] = statistics.median(paired_unpaged)
    rows["no-op build, 1 pack (s)"] = median(args.runs, lambda: timed(briefs(one), one, env))
    peer_one = peer_commands(one, work / "peer-one")
    rows["peer: pandoc + weasyprint, 1 pack (s)"] = median(
        args.runs, lambda: timed(peer_one[0], one, env)
    )
    rows["serve: save to new page served (s)"], rows["serve: PDF asked for after a save (s)"] = (
        serve_timings(one, env, args.runs)
    )

    big = make_project(work / "many", many)
    peer_many = peer_commands(big, work / "peer-many")
    rows[f"peer: pandoc, {many} packs (s)"] = sum(timed(c, big, env) for c in peer_many)

    def warm_cache(project: Path) -> None:
        """Analyse the articles once (untimed), so every timed run reads the same cache."""
        timed(briefs(project, "--no-pdf", "--jobs", "1"), project, env)
        shutil.rmtree(project / "build")

    warm_cache(big)

    def full(project: Path, jobs: int) -> float:
        """Every pack built, each PDF its first (no page numbers kept from an earlier one),
        so that runs of 4 and 16 packs, --jobs 1 and 2, are built alike."""
        shutil.rmtree(project / "build", ignore_errors=True)
        shutil.rmtree(project / ".briefs-cache" / "pages", ignore_errors=True)
        return timed(briefs(project, "--jobs", str(jobs)), project, env)

    rows[f"{many} packs, --jobs 1 (s)"] = full(big, 1)
    rows[f"{many} packs, --jobs 2 (s)"] = full(big, 2)
    # The no-op target is for 50 packs whatever --many says: HTML only, so that it costs
    # little to set up (a no-op only hashes the PDFs too, a few milliseconds).
    fifty = make_project(work / "fifty", 50)
    timed(briefs(fifty, "--no-pdf"), fifty, env)
    rows["no-op build, 50 packs, --no-pdf (s)"] = median(
        args.runs, lambda: timed(briefs(fifty, "--no-pdf"), fifty, env)
    )
    shutil.rmtree(big / "build")
    rows["peak memory of a build process, --jobs 2 (MB)"] = peak_memory_mb(
        briefs(big, "--jobs", "2"), big, env
    )
    shards = [
        built_packs(briefs(big, "--no-pdf", "--out", f"shard-{k}", "--shard", f"{k}/3"), big, env)
        for k in (1, 2, 3)
    ]
    everything = sorted(p for shard in shards for p in shard)
    expected = sorted(f"briefs/pack-{n + 1:03d}.yaml" for n in range(many))
    rows["--shard 1/3..3/3: each pack built exactly once (1 = yes)"] = float(everything == expected)
    biggest = make_project(work / "most", most)
    warm_cache(biggest)
    rows[f"{most} packs, --jobs 2 (s)"] = full(biggest, 2)

    scale = 4.1 * most / 200 * 50 / many
    targets = [
        ("warm / floor, 1 pack", statistics.median(paired), "<=", 1.15),
        ("no-op build, 1 pack (s)", rows["no-op build, 1 pack (s)"], "<", 0.15),
        ("no-op build, 50 packs (s)", rows["no-op build, 50 packs, --no-pdf (s)"], "<", 0.3),
        (
            "ours / pandoc peer, 1 pack",
            rows["warm build, 1 pack, --force (s)"] / rows["peer: pandoc + weasyprint, 1 pack (s)"],
            "<=",
            1.0,
        ),
        (
            f"ours (--jobs 2) / pandoc loop, {many} packs",
            rows[f"{many} packs, --jobs 2 (s)"] / rows[f"peer: pandoc, {many} packs (s)"],
            "<=",
            0.4,
        ),
        (
            f"{most} / {many} packs, --jobs 2",
            rows[f"{most} packs, --jobs 2 (s)"] / rows[f"{many} packs, --jobs 2 (s)"],
            "<=",
            round(scale, 2),
        ),
        (
            "peak memory of a build process (MB)",
            rows["peak memory of a build process, --jobs 2 (MB)"],
            "<",
            350.0,
        ),
        (
            "shards build each pack exactly once",
            rows["--shard 1/3..3/3: each pack built exactly once (1 = yes)"],
            "==",
            1.0,
        ),
        ("serve: save to new page (s)", rows["serve: save to new page served (s)"], "<", 0.2),
        ("serve: PDF after a save (s)", rows["serve: PDF asked for after a save (s)"], "<", 1.5),
    ]
    compare = {"<": float.__lt__, "<=": float.__le__, "==": float.__eq__}
    results: list[dict[str, Any]] = [
        {"target": name, "measured": round(value, 3), "goal": f"{op} {goal}",
         "met": bool(compare[op](float(value), float(goal)))}
        for name, value, op, goal in targets
    ]  # fmt: skip
    width = max(len(k) for k in [*rows, *(r["target"] for r in results)])
    print(f"{'measure'.ljust(width)}  value")
    for key, value in rows.items():
        print(f"{key.ljust(width)}  {value:8.3f}")
    print(f"\n{'target'.ljust(width)}  measured  goal      met")
    for r in results:
        met = "met" if r["met"] else "NOT MET"
        print(f"{str(r['target']).ljust(width)}  {r['measured']:8.3f}  {r['goal']:<8}  {met}")
    machine = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load average (1 min) before and after": [load_before, os.getloadavg()[0]],
        "runs": args.runs,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    document = {"machine": machine, "measures": rows, "targets": results}
    args.json.write_text(json.dumps(document, indent=2) + "\n")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
