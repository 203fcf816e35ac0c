"""`make bench`: what a build costs, as ratios measured in one run on one machine.

Builds a synthetic project of many packs made from the repository's own articles and
times, as medians over repeated runs of real `briefs` processes:

- a cold build of one pack (empty caches, spaCy model load included where needed);
- a warm build of one pack after a template change;
- the floor: a bare Python process that imports WeasyPrint and renders the very same
  final HTML to PDF (ours / floor);
- a peer: pandoc with --pdf-engine=weasyprint making a PDF of the same pack from
  equivalent Markdown, for one pack and for 50 (run once per pack, as a user would);
- a no-op build of 50 packs; 50 packs with --jobs 1 and --jobs 2; 50 versus 200 packs;
- the peak memory of a build worker.

Prints a table and writes it as JSON (bench/results.json by default).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="repetitions for medians")
    parser.add_argument("--many", type=int, default=50)
    parser.add_argument("--most", type=int, default=200)
    parser.add_argument("--json", type=Path, default=REPO / "bench" / "results.json")
    args = parser.parse_args()
    env = {**os.environ, "PATH": f"{Path(PYTHON).parent}:{os.environ['PATH']}"}
    work = Path(tempfile.mkdtemp(prefix="briefs-bench-"))
    rows: dict[str, float] = {}

    one = make_project(work / "one", 1)

    def cold() -> float:
        shutil.rmtree(one / "build", ignore_errors=True)
        shutil.rmtree(one / ".briefs-cache", ignore_errors=True)
        return timed(briefs(one, "--jobs", "1"), one, env)

    rows["cold build, 1 pack (s)"] = median(args.runs, cold)
    templates = one / "templates" / "partials"
    templates.mkdir(parents=True, exist_ok=True)
    glossary = (REPO / "templates" / "partials" / "glossary.html.j2").read_text("utf-8")

    def warm() -> float:
        (templates / "glossary.html.j2").write_text(glossary + f"\n{{# {time.time_ns()} #}}\n")
        return timed(briefs(one, "--jobs", "1"), one, env)

    rows["warm build after a template change, 1 pack (s)"] = median(args.runs, warm)
    html = one / "build" / "pack-001" / "index.html"
    floor_script = work / "floor.py"
    floor_script.write_text(FLOOR)
    rows["floor: WeasyPrint alone on the same HTML (s)"] = median(
        args.runs,
        lambda: timed([PYTHON, str(floor_script), str(html), str(work / "floor.pdf")], one, env),
    )
    peer_one = peer_commands(one, work / "peer-one")
    rows["peer: pandoc + weasyprint, 1 pack (s)"] = median(
        args.runs, lambda: timed(peer_one[0], one, env)
    )

    many = make_project(work / "many", args.many)
    peer_many = peer_commands(many, work / "peer-many")
    rows[f"peer: pandoc, {args.many} packs one by one (s)"] = median(
        1, lambda: sum(timed(c, many, env) for c in peer_many)
    )

    def warm_cache(project: Path) -> None:
        """Analyse the articles once (untimed), so every timed run reads the same cache."""
        timed(briefs(project, "--no-pdf", "--jobs", "1"), project, env)
        shutil.rmtree(project / "build")

    warm_cache(many)

    def full(project: Path, jobs: int) -> Callable[[], float]:
        def once() -> float:
            shutil.rmtree(project / "build", ignore_errors=True)
            return timed(briefs(project, "--jobs", str(jobs)), project, env)

        return once

    rows[f"{args.many} packs, --jobs 1 (s)"] = median(1, full(many, 1))
    rows[f"{args.many} packs, --jobs 2 (s)"] = median(1, full(many, 2))
    rows[f"no-op build, {args.many} packs (s)"] = median(
        args.runs, lambda: timed(briefs(many, "--jobs", "2"), many, env)
    )
    most = make_project(work / "most", args.most)
    warm_cache(most)
    rows[f"{args.most} packs, --jobs 2 (s)"] = median(1, full(most, 2))
    rows["peak memory of a worker (MB)"] = (
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    )

    ratios = {
        "warm / floor (target <= 1.25)": rows["warm build after a template change, 1 pack (s)"]
        / rows["floor: WeasyPrint alone on the same HTML (s)"],
        "ours / peer, 1 pack (target <= 1)": rows["warm build after a template change, 1 pack (s)"]
        / rows["peer: pandoc + weasyprint, 1 pack (s)"],
        f"ours / peer, {args.many} packs (target < 0.5)": rows[f"{args.many} packs, --jobs 2 (s)"]
        / rows[f"peer: pandoc, {args.many} packs one by one (s)"],
        "--jobs 2 speed-up (target >= 1.7)": rows[f"{args.many} packs, --jobs 1 (s)"]
        / rows[f"{args.many} packs, --jobs 2 (s)"],
        f"{args.most} / {args.many} packs (target <= {4.2 * args.most / 200:.1f})": rows[
            f"{args.most} packs, --jobs 2 (s)"
        ]
        / rows[f"{args.many} packs, --jobs 2 (s)"],
    }
    width = max(len(k) for k in [*rows, *ratios])
    print(f"{'measure'.ljust(width)}  value")
    for key, value in {**rows, **ratios}.items():
        print(f"{key.ljust(width)}  {value:8.3f}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"measures": rows, "ratios": ratios}, indent=2) + "\n")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
