"""The build: load -> render -> pdf for each pack, then write every output atomically.

This is the only module that writes files.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .atomic import output_lock, remove_stale_temporaries, write_atomic
from .errors import Diagnostic, DiagnosticError, Position, Severity
from .load import ANNOTATION_SUFFIX, Drafter, Project, load_pack
from .model import Pack
from .pdf import PACK_BASE, PdfOptions, make_pdf
from .provenance import template_files, url_locator
from .render import Rendered, render_pack, template_dirs

logger = logging.getLogger(__name__)

# A pack's file name names its outputs (build/NAME/, build/NAME.pdf).
_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


@dataclass(frozen=True)
class BuildOptions:
    out: Path
    pdf: bool = True
    strict: bool = False
    pdf_variant: str = "pdf/ua-1"


@dataclass(frozen=True)
class PackResult:
    """What happened to one pack: its findings and, if it built, the files it wrote."""

    path: str
    slug: str
    title: str = ""
    diagnostics: tuple[Diagnostic, ...] = ()
    outputs: tuple[Path, ...] = ()

    @property
    def ok(self) -> bool:
        return bool(self.outputs)


@dataclass
class Outputs:
    """Files gathered for one pack before any is written (MkDocs-style: all, then write)."""

    files: dict[Path, bytes] = field(default_factory=dict)


def check_pack(
    project: Project, path: Path, drafter: Drafter | None = None
) -> tuple[Pack | None, list[Diagnostic]]:
    """Load and validate one pack; its diagnostics (the checks stage adds to these)."""
    try:
        return load_pack(project, path, drafter), []
    except DiagnosticError as error:
        return None, error.diagnostics
    except Exception as error:  # a bug must cost one pack, not the run
        return None, [_internal_error(project.shown(path), error)]


def _failed(shown: str, slug: str, diagnostic: Diagnostic) -> PackResult:
    return PackResult(shown, slug, diagnostics=(diagnostic,))


def _internal_error(shown: str, error: Exception) -> Diagnostic:
    logger.debug("internal error in %s", shown, exc_info=error)
    message = (
        f"internal error: {type(error).__name__}: {error}"
        " (a bug in briefs; `briefs --debug ...` shows the traceback)"
    )
    return Diagnostic.make("B601", message, Position(shown))


def build_pack(
    project: Project, path: Path, options: BuildOptions, drafter: Drafter | None = None
) -> PackResult:
    """Build one pack; a failure is reported in the result, never raised."""
    shown = project.shown(path)
    if not _SLUG.fullmatch(path.stem):
        message = (
            f"pack file name '{path.stem}' cannot name an output folder: use letters,"
            " digits, '.', '_' and '-', starting with a letter or digit"
        )
        return _failed(shown, path.stem, Diagnostic.make("B205", message, Position(shown)))
    pack, diagnostics = check_pack(project, path, drafter)
    if pack is None or _fails(diagnostics, options.strict):
        return PackResult(shown, path.stem, diagnostics=tuple(diagnostics))
    try:
        outputs, more = _outputs(project, pack, options)
    except DiagnosticError as error:
        return PackResult(shown, pack.slug, pack.spec.title, tuple(diagnostics + error.diagnostics))
    diagnostics += more
    if _fails(diagnostics, options.strict):
        return PackResult(shown, pack.slug, pack.spec.title, tuple(diagnostics))
    with output_lock(options.out):
        for target, data in outputs.files.items():
            write_atomic(target, data)
    return PackResult(shown, pack.slug, pack.spec.title, tuple(diagnostics), tuple(outputs.files))


def _fails(diagnostics: Sequence[Diagnostic], strict: bool) -> bool:
    worst = Severity.WARNING if strict else Severity.ERROR
    return any(d.severity >= worst for d in diagnostics)


def _outputs(
    project: Project, pack: Pack, options: BuildOptions
) -> tuple[Outputs, list[Diagnostic]]:
    pack_templates = (project.root / pack.path).parent / "templates"
    search_path = template_dirs(project.templates, pack_templates)
    rendered = render_pack(pack, search_path)
    outputs = Outputs()
    folder = options.out / pack.slug
    outputs.files[folder / "index.html"] = rendered.html.encode("utf-8")
    for name, data in rendered.assets.items():
        outputs.files[folder / name] = data
    diagnostics: list[Diagnostic] = []
    if options.pdf:
        where = Position(pack.path)
        locate = _url_locator(project, pack, rendered, search_path, where)
        pdf, diagnostics = make_pdf(rendered, where, PdfOptions(options.pdf_variant, locate=locate))
        outputs.files[options.out / f"{pack.slug}.pdf"] = pdf
    return outputs, diagnostics


def _url_locator(
    project: Project, pack: Pack, rendered: Rendered, search_path: Sequence[Path], where: Position
) -> Callable[[str], Position]:
    """Finds the file and line that asked for a URL the PDF stage refused."""
    sources = [(pack.path, project.root / pack.path)]
    for article in pack.articles:
        annotation = (project.root / article.path).with_name(f"{article.id}{ANNOTATION_SUFFIX}")
        sources.append((project.shown(annotation), annotation))
    sources += [(project.shown(p), p) for p in template_files(search_path)]
    assets = [data.decode("utf-8", "replace") for data in rendered.assets.values()]
    documents = [rendered.html, *assets]
    return url_locator(documents, sources, PACK_BASE, where)


def build(
    project: Project, paths: Sequence[Path], options: BuildOptions, drafter: Drafter | None = None
) -> list[PackResult]:
    """Build every pack given (a failing pack never stops the others), then the index page."""
    remove_stale_temporaries(options.out)
    results: list[PackResult] = []
    names: dict[str, str] = {}
    for path in paths:
        shown = project.shown(path)
        if path.stem in names:
            message = f"same output name '{path.stem}' as {names[path.stem]}; rename one of them"
            clash = Diagnostic.make("B205", message, Position(shown))
            results.append(_failed(shown, path.stem, clash))
            continue
        names[path.stem] = shown
        try:
            results.append(build_pack(project, path, options, drafter))
        except Exception as error:  # a bug must cost one pack, not the run
            results.append(_failed(shown, path.stem, _internal_error(shown, error)))
    built = [r for r in results if r.ok]
    if built:
        # Under the lock, so that of two concurrent builds the later index lists both.
        with output_lock(options.out):
            write_atomic(options.out / "index.html", index_page(_all_built(options.out, built)))
    return results


def _all_built(out: Path, fresh: Sequence[PackResult]) -> dict[str, str]:
    """Packs in the index: those just built, plus earlier ones still on disk."""
    titles = {r.slug: r.title for r in fresh}
    if out.is_dir():
        for folder in sorted(out.iterdir()):
            if (folder / "index.html").is_file() and folder.name not in titles:
                titles[folder.name] = folder.name
    return dict(sorted(titles.items()))


def index_page(packs: Mapping[str, str]) -> bytes:
    """A plain page that lists every pack in build/, with links to its HTML and PDF."""
    rows = "\n".join(
        f'<li><a href="{html.escape(slug)}/index.html">{html.escape(title)}</a> '
        f'(<a href="{html.escape(slug)}.pdf">PDF</a>)</li>'
        for slug, title in packs.items()
    )
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Briefing packs</title>
<style>
body {{ font: 17px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; }}
</style>
</head>
<body>
<main>
<h1>Briefing packs</h1>
<ul>
{rows}
</ul>
</main>
</body>
</html>
"""
    return page.encode("utf-8")
