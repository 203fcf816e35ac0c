"""The load stage: find the project, read and validate a pack and its articles, anchor quotes."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from generator.errors import Diagnostic, DiagnosticError, Position, display_path
from generator.load import anchors
from generator.load.annotations import annotation_path, as_draft, empty_annotation
from generator.load.names import load_names
from generator.load.paths import inside, pack_listing, project_root
from generator.load.sources import YamlDocument, load_yaml, read_text
from generator.load.validate import Validated, one_of, validate_all
from generator.load.validate import validate as validate  # the tools validate with it
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
    TopicSpec,
)

CONFIG_NAME = "briefs.yaml"
PEOPLE_NAME = "people.yaml"
ARTICLE_SUFFIXES = (".txt", ".md")
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")

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


# ---- packs and articles ----------------------------------------------------------------


def load_pack(project: Project, path: Path, drafter: Drafter | None = None) -> Pack:
    """Read and validate one pack and every article it names; all problems at once."""
    pack, diagnostics = read_pack(project, path, drafter)
    if diagnostics or pack is None:
        raise DiagnosticError(diagnostics)
    return pack


def read_pack(
    project: Project, path: Path, drafter: Drafter | None = None
) -> tuple[Pack | None, list[Diagnostic]]:
    """One pack and every problem found in reading it (the pack file, each article and
    annotation, each quote). The pack holds what could be read despite the problems, so
    the checks can run on it too; it is None when not even the pack file's fields could."""
    shown = project.shown(path)
    if not project.inside(path):
        message = "pack file is outside the project folder"
        return None, [Diagnostic.make("B202", message, Position(shown))]
    try:
        document = load_yaml(path, shown)
    except DiagnosticError as error:
        return None, error.diagnostics
    validated = validate_all(PackFile, document, "pack")
    spec, diagnostics = validated.model, validated.diagnostics
    colours = project.config.classifications
    if spec is not None and spec.classification not in colours:
        message = f"classification: {one_of(spec.classification, list(colours))}"
        position = document.position(("classification",))
        diagnostics.append(Diagnostic.make("B105", message, position))
    articles: dict[str, Article] = {}
    incomplete: set[str] = set()
    topics = spec.topics if spec is not None else _readable_topics(document)
    for t, topic in enumerate(topics):
        seen: set[str] = set()
        for a, article_id in enumerate(topic.articles):
            where = document.position(validated.original(("topics", t, "articles", a)))
            if article_id in seen:
                message = f"article '{article_id}' is listed twice in this topic"
                diagnostics.append(Diagnostic.make("B203", message, where))
                continue
            seen.add(article_id)
            if article_id in articles or article_id in incomplete:
                continue
            article, problems = read_article(project, article_id, where, drafter)
            diagnostics += problems
            if problems:
                incomplete.add(article_id)
            if article is not None:
                articles[article_id] = article
    known_people: tuple[PersonSpec, ...] = ()
    try:
        known_people = load_people(project)
    except DiagnosticError as error:
        diagnostics.extend(error.diagnostics)
    try:
        known_names = load_names(project.root)
    except DiagnosticError as error:
        known_names = ()
        diagnostics.extend(error.diagnostics)
    if spec is None:
        return None, diagnostics
    resolved_topics = tuple(
        Topic(
            topic.title,
            topic.notes,
            tuple(articles[a] for a in dict.fromkeys(topic.articles) if a in articles),
        )
        for topic in topics
    )
    pack = Pack(
        slug=path.stem,
        path=shown,
        spec=spec,
        topics=resolved_topics,
        articles=tuple(articles.values()),
        colour=colours.get(spec.classification, Pack.colour),
        known_people=known_people,
        known_names=known_names,
        incomplete=frozenset(incomplete),
        positions=tuple(_pack_positions(document, validated).items()),
        text=document.text,
    )
    return pack, diagnostics


def _readable_topics(document: YamlDocument) -> list[TopicSpec]:
    """The topics of a pack file whose other fields are broken, if they are sound, so
    that its articles are still read and checked."""
    data = document.data if isinstance(document.data, dict) else {}
    try:
        return TypeAdapter(list[TopicSpec]).validate_python(data.get("topics"))
    except ValidationError:
        return []


def load_people(project: Project) -> tuple[PersonSpec, ...]:
    """The project's people.yaml (canonical names, aliases, roles), if it has one."""
    path = project.root / PEOPLE_NAME
    if not path.is_file():
        return ()
    if not project.inside(path):
        message = f"{PEOPLE_NAME} is a link out of the project"
        raise DiagnosticError([Diagnostic.make("B202", message, Position(PEOPLE_NAME))])
    return tuple(validate(PeopleFile, load_yaml(path, PEOPLE_NAME), "people").people)


def _pack_positions(document: YamlDocument, validated: Validated[PackFile]) -> dict[str, Position]:
    """Where the pack's glossary entries and article references are, for the checks."""
    spec = validated.model
    assert spec is not None
    found = {f"glossary.{k}": document.position(("glossary", k), key=True) for k in spec.glossary}
    for t, topic in enumerate(spec.topics):
        for a in range(len(topic.articles)):
            written = validated.original(("topics", t, "articles", a))
            found[f"topics[{t}].articles[{a}]"] = document.position(written)
    return found


def _annotation_positions(
    document: YamlDocument, validated: Validated[AnnotationFile]
) -> dict[str, Position]:
    """Where an annotation's glossary entries and follow-ups are, for the checks (the
    follow-ups numbered as read, their positions where they are written)."""
    annotation = validated.model
    if document.data is None or annotation is None:  # a machine draft: no file to point into
        return {}
    found = {
        f"glossary.{k}": document.position(("glossary", k), key=True) for k in annotation.glossary
    }
    for i in range(len(annotation.follow_ups)):
        written = validated.original(("follow_ups", i))
        found[f"follow_ups[{i}]"] = document.position(written)
        for key in ("due", "owner"):
            found[f"follow_ups[{i}].{key}"] = document.position((*written, key))
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


def read_article(
    project: Project, article_id: str, where: Position, drafter: Drafter | None = None
) -> tuple[Article | None, list[Diagnostic]]:
    """An article's text and its annotation (or machine drafts), with every quote anchored,
    and every problem found: the article holds what was sound (None if nothing was)."""
    try:
        text_path = article_file(project, article_id, where)
        text = read_text(text_path, project.shown(text_path))
        annotation_file = annotation_path(text_path)
        if annotation_file.is_symlink() or annotation_file.is_file():
            if not project.inside(annotation_file):  # checked before the target is stat-ed
                message = f"{project.shown(annotation_file)} is a link out of the project"
                return None, [Diagnostic.make("B202", message, where)]
            document = load_yaml(annotation_file, project.shown(annotation_file))
            validated = validate_all(AnnotationFile, document, "annotation")
        else:
            drafted = drafter(text, article_id) if drafter else empty_annotation(text, article_id)
            document = YamlDocument(project.shown(text_path), None)
            validated = Validated(as_draft(drafted), [])
    except DiagnosticError as error:
        return None, error.diagnostics
    if validated.model is None:
        return None, validated.diagnostics
    article, unanchored = _anchored(project, article_id, text_path, text, validated, document)
    return article, validated.diagnostics + unanchored


def _anchored(
    project: Project,
    article_id: str,
    text_path: Path,
    text: str,
    validated: Validated[AnnotationFile],
    document: YamlDocument,
) -> tuple[Article, list[Diagnostic]]:
    annotation, machine = validated.model, document.data is None
    assert annotation is not None
    folded = anchors.fold(text)
    paragraphs = split_paragraphs(text)
    starts = [p.start for p in paragraphs]
    safe_id = _ID_UNSAFE.sub("-", article_id)
    items: list[Item] = []
    diagnostics: list[Diagnostic] = []
    for kind in KINDS:
        for read, spec in enumerate(kind.specs(annotation)):
            index = validated.original((kind.key, read))[-1]  # as numbered in the file
            position = document.position((kind.key, index, "quote"))
            lookup = anchors.find_quote(
                folded, spec.quote, spec.prefix, spec.suffix, spec.occurrence
            )
            damaged = validated.damaged((kind.key, index))
            if lookup.match is None:
                # Which occurrence is meant is unknown while its prefix, suffix or
                # occurrence is broken: that problem is reported, not its consequence.
                if not (damaged and lookup.problem in ("ambiguous", "occurrence", "context")):
                    diagnostics.append(
                        _quote_problem(project, text_path, text, folded, spec, lookup, position)
                    )
                continue
            item_id = f"{safe_id}-{kind.id_tag}-{index + 1}"
            paragraph = max(bisect.bisect_right(starts, lookup.match.start) - 1, 0)
            anchor = Anchor(f"src-{item_id}", lookup.match.start, lookup.match.end, paragraph)
            items.append(
                Item(item_id, kind.name, spec, anchor, article_id, position, machine, damaged)
            )
    article = Article(
        id=article_id,
        path=project.shown(text_path),
        text=text,
        paragraphs=paragraphs,
        meta=annotation.article,
        items=tuple(items),
        people=tuple(annotation.people),
        glossary=tuple(annotation.glossary.items()),
        annotated=not machine,
        people_reviewed=not machine and "people" in annotation.model_fields_set,
        positions=tuple(_annotation_positions(document, validated).items()),
        annotation_file=None if machine else (document.path, document.text),
    )
    return article, diagnostics


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
    found = anchors.closest_passage(folded, text, spec.quote)
    message = f"quote not found in {source}"
    if found is not None:
        message += f'; closest ({found.score:.0f}%): "{found.passage}"'
        if found.text_has and found.quote_has:
            message += f'; the text has "{found.text_has}" where the quote has "{found.quote_has}"'
        elif found.text_has or found.quote_has:
            which, words = (
                ("text", found.text_has) if found.text_has else ("quote", found.quote_has)
            )
            message += f'; only the {which} has "{words}"'
    return Diagnostic.make("B301", message, position)


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
