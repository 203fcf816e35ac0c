"""The load stage: find the project, read and validate a pack and its articles, anchor quotes."""

from __future__ import annotations

import bisect
import re
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator.errors import Diagnostic, DiagnosticError, Position, display_path
from generator.load import anchors
from generator.load.annotations import annotation_path, empty_annotation
from generator.load.paths import inside, pack_listing, project_root
from generator.load.sources import YamlDocument, load_yaml, read_text
from generator.model import (
    KINDS,
    Anchor,
    AnnotationFile,
    Article,
    Item,
    ItemSpec,
    Pack,
    PackFile,
    Paragraph,
    PeopleFile,
    PersonSpec,
    ProjectConfig,
    Topic,
)

CONFIG_NAME = "briefs.yaml"
PEOPLE_NAME = "people.yaml"
ARTICLE_SUFFIXES = (".txt", ".md")
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")

M = TypeVar("M", bound=BaseModel)
# Drafts annotations for an article that has no .ann.yaml (the nlp stage provides one).
Drafter = Callable[[str, str], AnnotationFile]


@dataclass(frozen=True)
class Project:
    """A folder laid out like this repository: briefs/, seeds/, templates/, briefs.yaml."""

    root: Path
    config: ProjectConfig

    @property
    def seeds(self) -> Path:
        return self.root / self.config.seeds_dir

    @property
    def briefs(self) -> Path:
        return self.root / self.config.briefs_dir

    @property
    def templates(self) -> Path:
        return self.root / self.config.templates_dir

    def shown(self, path: Path) -> str:
        return display_path(path, self.root)

    def inside(self, path: Path) -> bool:
        """True when path, with every symlink followed, stays within the project (read
        from the links alone: nothing out of the project is opened or stat-ed)."""
        return inside(path, self.root)


def find_project(start: Path) -> Project:
    """The project whose root holds briefs.yaml, searching upward; else start itself."""
    root = project_root(start, CONFIG_NAME)
    if (root / CONFIG_NAME).is_file():
        return Project(root, load_config(root))
    return Project(root, ProjectConfig())


def load_config(root: Path) -> ProjectConfig:
    document = load_yaml(root / CONFIG_NAME, CONFIG_NAME)
    config = validate(ProjectConfig, document, "project config")
    outside = []
    for key in ("seeds_dir", "briefs_dir", "templates_dir"):
        folder = getattr(config, key)
        if not inside(root / folder, root):
            message = f"{key}: '{folder}' is outside the project"
            outside.append(Diagnostic.make("B202", message, document.position((key,))))
    if outside:
        raise DiagnosticError(outside)
    return config


def pack_files(project: Project) -> list[Path]:
    """Every pack of the project, in a stable order."""
    if not project.inside(project.briefs):
        where = Position(project.shown(project.briefs))
        message = "the packs folder is a link out of the project"
        raise DiagnosticError([Diagnostic.make("B202", message, where)])
    return pack_listing(project.briefs, project.root)


# ---- validation with positions -------------------------------------------------------

_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
}
_DID_YOU_MEAN = re.compile(r"did you mean '([^']+)'\?$")
# Custom errors raised by the model's own validators, and the code each one reports.
_CUSTOM_CODES = {"web_url": "B204", "article_id": "B202", "css_colour": "B105"}
_DATE_TYPES = {
    "date_type",
    "date_parsing",
    "date_from_datetime_parsing",
    "date_from_datetime_inexact",
    "date_future",
    "date_past",
}


def validate(model: type[M], document: YamlDocument, what: str) -> M:
    """Validate a YAML document against a model; every problem becomes a diagnostic."""
    data = document.data
    if not isinstance(data, dict):
        got = "an empty file" if data is None else _describe(data)
        message = f"expected a mapping with the {what} fields, got {got}"
        raise DiagnosticError([Diagnostic.make("B102", message, document.position(()))])
    try:
        return model.model_validate(data)
    except ValidationError as error:
        details = error.errors(include_url=False)
        found = [(tuple(d["loc"]), _diagnostic(model, document, d)) for d in details]
        # "unknown key 'tittle'; did you mean 'title'?" already explains the missing 'title'.
        meant = {
            (loc[:-1], match.group(1))
            for loc, diagnostic in found
            if (match := _DID_YOU_MEAN.search(diagnostic.message))
        }
        raise DiagnosticError(
            diagnostic
            for loc, diagnostic in found
            if not (diagnostic.code == "B103" and (loc[:-1], loc[-1]) in meant)
        ) from None


def _diagnostic(model: type[BaseModel], document: YamlDocument, detail: Any) -> Diagnostic:
    loc = tuple(detail["loc"])
    kind = detail["type"]
    name = _dotted(loc)
    if kind == "extra_forbidden":
        key = str(loc[-1])
        known = _fields_at(model, loc[:-1])
        from rapidfuzz import process  # only on the error path: a clean load never needs it

        hint = process.extractOne(key, known, score_cutoff=60) if known else None
        suggestion = (
            f"; did you mean '{hint[0]}'?" if hint else f"; expected one of {sorted(known)}"
        )
        return Diagnostic.make(
            "B101", f"unknown key '{key}'{suggestion}", document.position(loc, key=True)
        )
    if kind == "missing":
        parent = _dotted(loc[:-1])
        where = f" in '{parent}'" if parent else ""
        return Diagnostic.make(
            "B103", f"missing required field '{loc[-1]}'{where}", document.position(loc[:-1])
        )
    position = document.position(loc)
    got = _describe(detail.get("input"))
    if kind in _CUSTOM_CODES:
        return Diagnostic.make(_CUSTOM_CODES[kind], f"{name}: {detail['msg']}, got {got}", position)
    if kind in _DATE_TYPES:
        return Diagnostic.make("B104", f"{name}: expected a date (YYYY-MM-DD), got {got}", position)
    if kind == "partial_date_parsing":
        return Diagnostic.make("B104", f"{name}: {detail['msg']}, got {got}", position)
    if kind in ("literal_error", "enum"):
        expected = detail.get("ctx", {}).get("expected", "")
        return Diagnostic.make("B105", f"{name}: expected {expected}, got {got}", position)
    if kind in ("too_short", "string_too_short"):
        return Diagnostic.make("B103", f"{name}: must not be empty", position)
    expected = _EXPECTED.get(kind) or detail["msg"].removeprefix("Input should be ").removeprefix(
        "Value "
    )
    return Diagnostic.make("B102", f"{name}: expected {expected}, got {got}", position)


def _dotted(loc: Iterable[str | int]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "...'"


def _fields_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """The field names (as written in files) of the model found at loc, for did-you-mean."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel) and isinstance(part, str):
            field = next(
                (f for n, f in current.model_fields.items() if (f.alias or n) == part), None
            )
            current = field.annotation if field else None
        else:
            args = typing.get_args(current)
            current = args[-1] if args else None
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or n for n, f in current.model_fields.items()]
    return []


def _unwrap(annotation: Any) -> Any:
    """Strip Optional/Annotated so the model or container type underneath shows."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = options[0] if len(options) == 1 else annotation
            if len(options) != 1:
                return annotation
        else:
            return annotation


# ---- packs and articles ----------------------------------------------------------------


def load_pack(project: Project, path: Path, drafter: Drafter | None = None) -> Pack:
    """Read and validate one pack and every article it names; all problems at once."""
    shown = project.shown(path)
    if not project.inside(path):
        raise DiagnosticError(
            [Diagnostic.make("B202", "pack file is outside the project folder", Position(shown))]
        )
    document = load_yaml(path, shown)
    spec = validate(PackFile, document, "pack")
    diagnostics: list[Diagnostic] = []
    colours = project.config.classifications
    if spec.classification not in colours:
        diagnostics.append(
            Diagnostic.make(
                "B105",
                f"classification: expected one of {list(colours)}, got '{spec.classification}'",
                document.position(("classification",)),
            )
        )
    articles: dict[str, Article] = {}
    topics = []
    for t, topic in enumerate(spec.topics):
        seen: set[str] = set()
        for a, article_id in enumerate(topic.articles):
            where = document.position(("topics", t, "articles", a))
            if article_id in seen:
                message = f"article '{article_id}' is listed twice in this topic"
                diagnostics.append(Diagnostic.make("B203", message, where))
                continue
            seen.add(article_id)
            if article_id not in articles:
                try:
                    articles[article_id] = load_article(project, article_id, where, drafter)
                except DiagnosticError as error:
                    diagnostics.extend(error.diagnostics)
        topics.append(topic)
    known_people: tuple[PersonSpec, ...] = ()
    try:
        known_people = load_people(project)
    except DiagnosticError as error:
        diagnostics.extend(error.diagnostics)
    if diagnostics:
        raise DiagnosticError(diagnostics)
    resolved_topics = tuple(
        Topic(
            topic.title,
            topic.notes,
            tuple(articles[a] for a in dict.fromkeys(topic.articles)),
        )
        for topic in topics
    )
    return Pack(
        slug=path.stem,
        path=shown,
        spec=spec,
        topics=resolved_topics,
        articles=tuple(articles.values()),
        colour=colours[spec.classification],
        known_people=known_people,
        positions=tuple(_pack_positions(document, spec).items()),
        text=document.text,
    )


def load_people(project: Project) -> tuple[PersonSpec, ...]:
    """The project's people.yaml (canonical names, aliases, roles), if it has one."""
    path = project.root / PEOPLE_NAME
    if not path.is_file():
        return ()
    if not project.inside(path):
        message = f"{PEOPLE_NAME} is a link out of the project"
        raise DiagnosticError([Diagnostic.make("B202", message, Position(PEOPLE_NAME))])
    return tuple(validate(PeopleFile, load_yaml(path, PEOPLE_NAME), "people").people)


def _pack_positions(document: YamlDocument, spec: PackFile) -> dict[str, Position]:
    """Where the pack's glossary entries and article references are, for the checks."""
    found = {f"glossary.{k}": document.position(("glossary", k), key=True) for k in spec.glossary}
    for t, topic in enumerate(spec.topics):
        for a in range(len(topic.articles)):
            found[f"topics[{t}].articles[{a}]"] = document.position(("topics", t, "articles", a))
    return found


def _annotation_positions(
    document: YamlDocument, annotation: AnnotationFile
) -> dict[str, Position]:
    """Where an annotation's glossary entries and follow-ups are, for the checks."""
    if document.data is None:  # a machine draft: no file to point into
        return {}
    found = {
        f"glossary.{k}": document.position(("glossary", k), key=True) for k in annotation.glossary
    }
    for i in range(len(annotation.follow_ups)):
        found[f"follow_ups[{i}]"] = document.position(("follow_ups", i))
        for key in ("due", "owner"):
            found[f"follow_ups[{i}].{key}"] = document.position(("follow_ups", i, key))
    return found


def article_file(project: Project, article_id: str, where: Position) -> Path:
    """The text file of an article named in a pack, kept inside the seeds folder."""
    seeds = project.seeds
    bad_name = (
        article_id.startswith(("/", "\\")) or ".." in Path(article_id).parts or "\\" in article_id
    )
    candidates = [seeds / f"{article_id}{suffix}" for suffix in ARTICLE_SUFFIXES]
    # Confinement before existence: exists() would stat the target of a link out.
    if bad_name or not all(inside(c, seeds) for c in candidates):
        message = f"article '{article_id}' resolves outside {project.shown(seeds)}/"
        raise DiagnosticError([Diagnostic.make("B202", message, where)])
    for candidate in candidates:
        if not project.inside(candidate):  # before exists(), which would stat the target
            raise DiagnosticError(
                [
                    Diagnostic.make(
                        "B202", f"article '{article_id}' is a link out of the project", where
                    )
                ]
            )
        # exists(), not is_file(): a pipe or folder named like an article gets B006 when read.
        if candidate.exists():
            return candidate
    names = " or ".join(project.shown(c) for c in candidates)
    raise DiagnosticError(
        [Diagnostic.make("B201", f"article '{article_id}' not found: no {names}", where)]
    )


def load_article(
    project: Project, article_id: str, where: Position, drafter: Drafter | None = None
) -> Article:
    """An article's text and its annotation (or machine drafts), with every quote anchored."""
    text_path = article_file(project, article_id, where)
    text = read_text(text_path, project.shown(text_path))
    annotation_file = annotation_path(text_path)
    if annotation_file.is_symlink() or annotation_file.is_file():
        if not project.inside(annotation_file):  # checked before the target is stat-ed
            raise DiagnosticError(
                [
                    Diagnostic.make(
                        "B202",
                        f"{project.shown(annotation_file)} is a link out of the project",
                        where,
                    )
                ]
            )
        document = load_yaml(annotation_file, project.shown(annotation_file))
        annotation = validate(AnnotationFile, document, "annotation")
        machine = False
    else:
        annotation = drafter(text, article_id) if drafter else empty_annotation(text, article_id)
        document = YamlDocument(project.shown(text_path), None)
        machine = True
    return _anchored(project, article_id, text_path, text, annotation, document, machine)


def _anchored(
    project: Project,
    article_id: str,
    text_path: Path,
    text: str,
    annotation: AnnotationFile,
    document: YamlDocument,
    machine: bool,
) -> Article:
    folded = anchors.fold(text)
    paragraphs = split_paragraphs(text)
    starts = [p.start for p in paragraphs]
    safe_id = _ID_UNSAFE.sub("-", article_id)
    items: list[Item] = []
    diagnostics: list[Diagnostic] = []
    for kind in KINDS:
        for index, spec in enumerate(kind.specs(annotation)):
            position = document.position((kind.key, index, "quote"))
            lookup = anchors.find_quote(
                folded, spec.quote, spec.prefix, spec.suffix, spec.occurrence
            )
            if lookup.match is None:
                diagnostics.append(
                    _quote_problem(project, text_path, text, folded, spec, lookup, position)
                )
                continue
            item_id = f"{safe_id}-{kind.id_tag}-{index + 1}"
            paragraph = max(bisect.bisect_right(starts, lookup.match.start) - 1, 0)
            anchor = Anchor(f"src-{item_id}", lookup.match.start, lookup.match.end, paragraph)
            items.append(Item(item_id, kind.name, spec, anchor, article_id, position, machine))
    if diagnostics:
        raise DiagnosticError(diagnostics)
    return Article(
        id=article_id,
        path=project.shown(text_path),
        text=text,
        paragraphs=paragraphs,
        meta=annotation.article,
        items=tuple(items),
        people=tuple(annotation.people),
        glossary=tuple(annotation.glossary.items()),
        annotated=not machine,
        positions=tuple(_annotation_positions(document, annotation).items()),
        annotation_file=None if machine else (document.path, document.text),
    )


def _quote_problem(
    project: Project,
    text_path: Path,
    text: str,
    folded: anchors.Folded,
    spec: ItemSpec,
    lookup: anchors.Lookup,
    position: Position,
) -> Diagnostic:
    source = project.shown(text_path)
    if lookup.problem == "ambiguous":
        message = (
            f"quote occurs {lookup.selected} times in {source}; "
            "add prefix:, suffix: or occurrence: to say which"
        )
        return Diagnostic.make("B302", message, position)
    if lookup.problem == "occurrence":
        message = (
            f"occurrence: {spec.occurrence} asked for, "
            f"but the quote occurs {lookup.selected} times in {source}"
        )
        return Diagnostic.make("B303", message, position)
    if lookup.problem == "context":
        message = (
            f"quote occurs {lookup.candidates} times in {source}, but never with this prefix/suffix"
        )
        return Diagnostic.make("B303", message, position)
    passage, score = anchors.closest_passage(folded, text, spec.quote)
    closest = f'; closest ({score:.0f}%): "{passage}"' if passage else ""
    return Diagnostic.make("B301", f"quote not found in {source}{closest}", position)


def split_paragraphs(text: str) -> tuple[Paragraph, ...]:
    """Paragraphs by blank lines; a text with none has one paragraph per line (as received)."""
    separator = (
        re.compile(r"\n[ \t]*\n\s*") if re.search(r"\n[ \t]*\n", text) else re.compile(r"\n\s*")
    )
    paragraphs: list[Paragraph] = []
    start = 0
    for match in [*separator.finditer(text), None]:
        end = match.start() if match else len(text)
        chunk = text[start:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            trail = len(chunk.rstrip())
            paragraphs.append(Paragraph(len(paragraphs) + 1, start + lead, start + trail))
        if match:
            start = match.end()
    return tuple(paragraphs)
