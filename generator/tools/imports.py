"""Importing span annotations from labelling tools as quote anchors for .ann.yaml files.

Label Studio (JSON), doccano (JSONL), Prodigy (JSONL) and brat (.ann beside .txt) all
export character offsets into a document's text; some also say what text the span
covers. The tools disagree about whitespace (newlines, edges, CRLF) and Label Studio
counts in UTF-16 code units, so every span is checked: its offsets must give the text
the export claims, or the difference is reported with the span's position in the export.
What survives becomes a quote (offsets do not survive re-wrapping; quotes do), with
`occurrence:` where the quote occurs more than once in the article.
"""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Literal

from generator.errors import Diagnostic, DiagnosticError, Position, display_path
from generator.load import anchors
from generator.load.pack import ANNOTATION_SUFFIX, ARTICLE_SUFFIXES, Project, validate
from generator.load.sources import decode_text, load_yaml, read_bytes, read_text
from generator.model import AnnotationFile, ArticleMeta, FactSpec, FollowUpSpec, ProposalSpec

Format = Literal["label-studio", "doccano", "prodigy", "brat"]
FORMATS: tuple[Format, ...] = ("label-studio", "doccano", "prodigy", "brat")
Target = Literal["facts", "proposals", "follow_ups", "ignore"]
TARGETS: tuple[Target, ...] = ("facts", "proposals", "follow_ups", "ignore")
# Label names that need no mapping file (compared lower-case, letters only).
DEFAULT_LABELS: dict[str, Target] = {
    "fact": "facts",
    "facts": "facts",
    "keyfact": "facts",
    "proposal": "proposals",
    "proposals": "proposals",
    "followup": "follow_ups",
    "followups": "follow_ups",
    "action": "follow_ups",
    "commitment": "follow_ups",
}
PLACEHOLDER_BY = "TODO"
_LETTERS = re.compile(r"[^a-z]")


@dataclass(frozen=True)
class Span:
    """One labelled span as exported: offsets, label, the text it claims, where it was."""

    start: int
    end: int
    label: str
    claimed: str | None
    position: Position
    token_range: tuple[int, int] | None = None  # Prodigy: the characters its tokens cover


@dataclass(frozen=True)
class Document:
    """One exported document: its full text and its spans."""

    text: str
    spans: tuple[Span, ...]
    position: Position


@dataclass(frozen=True)
class Anchored:
    """A checked span, as an item of one kind with its quote and occurrence."""

    kind: Target
    quote: str
    occurrence: int | None
    start: int  # in the article's folded text, for ordering


@dataclass
class Imported:
    """What an import produced for one article."""

    article_id: str
    article_path: Path
    items: list[Anchored] = field(default_factory=list)


# ---- reading exports, with the position of every JSON object --------------------------


class _PositionDecoder(json.JSONDecoder):
    """A JSON decoder that remembers where each object and array started (by identity)."""

    def __init__(self) -> None:
        super().__init__()
        self.starts: dict[int, int] = {}

        def object_at(s_and_end: tuple[str, int], *args: Any) -> tuple[Any, int]:
            value, end = json.decoder.JSONObject(s_and_end, *args)  # type: ignore[attr-defined]
            self.starts[id(value)] = s_and_end[1] - 1
            return value, end

        def array_at(s_and_end: tuple[str, int], *args: Any) -> tuple[Any, int]:
            value, end = json.decoder.JSONArray(s_and_end, *args)  # type: ignore[attr-defined]
            self.starts[id(value)] = s_and_end[1] - 1
            return value, end

        settings = ("parse_string", "strict", "parse_float", "parse_int", "parse_constant")
        context = SimpleNamespace(
            **{name: getattr(self, name) for name in settings},
            object_hook=None,
            object_pairs_hook=None,
            memo={},
            parse_object=object_at,
            parse_array=array_at,
        )
        # The pure-Python scanner: the C one would not call the wrappers above.
        self.scan_once = json.scanner.py_make_scanner(context)  # type: ignore[attr-defined]


@dataclass
class _Json:
    """Parsed JSON plus a way to turn any object of it back into a file position."""

    data: Any
    shown: str
    text: str
    starts: dict[int, int]
    line_offset: int = 0  # for JSONL: the line this document is on (0-based)
    col_offset: int = 0

    def at(self, value: Any) -> Position:
        offset = self.starts.get(id(value))
        if offset is None:
            return Position(self.shown, self.line_offset + 1, 1)
        line = self.text.count("\n", 0, offset)
        col = offset - (self.text.rfind("\n", 0, offset) + 1)
        return Position(self.shown, self.line_offset + line + 1, col + 1)


def _parse_json(text: str, shown: str, line_offset: int = 0) -> _Json:
    decoder = _PositionDecoder()
    try:
        data = decoder.decode(text)
    except json.JSONDecodeError as error:
        where = Position(shown, line_offset + error.lineno, error.colno)
        raise DiagnosticError(
            [Diagnostic.make("E910", f"not valid JSON: {error.msg}", where)]
        ) from None
    return _Json(data, shown, text, decoder.starts, line_offset)


def _json_lines(text: str, shown: str) -> list[_Json]:
    lines = []
    problems: list[Diagnostic] = []
    for number, line in enumerate(text.split("\n")):
        if line.strip():
            try:
                lines.append(_parse_json(line, shown, number))
            except DiagnosticError as error:
                problems += error.diagnostics
    if problems:
        raise DiagnosticError(problems)
    return lines


def detect_format(path: Path, text: str) -> Format | None:
    """The export format, from the file name and, for JSONL, the first record's keys."""
    if path.suffix == ".ann":
        return "brat"
    if path.suffix == ".json":
        return "label-studio"
    first = next((line for line in text.split("\n") if line.strip()), "")
    try:
        record = json.loads(first)
    except json.JSONDecodeError:
        return None
    if not isinstance(record, dict):
        return None
    if {"spans", "tokens", "_input_hash"} & record.keys():
        return "prodigy"
    if {"label", "entities", "labels"} & record.keys():
        return "doccano"
    return None


def read_export(
    path: Path, shown: str, fmt: Format | None
) -> tuple[Format, list[Document], list[Diagnostic]]:
    """The documents of one export file, in the given or detected format, and any warnings."""
    if path.suffix == ".ann" or fmt == "brat":
        document, warnings = _brat(path, shown)
        return "brat", [document], warnings
    text = decode_text(read_bytes(path, shown), shown)
    fmt = fmt or detect_format(path, text)
    if fmt is None:
        message = "cannot tell the export format; pass --format " + "|".join(FORMATS)
        raise DiagnosticError([Diagnostic.make("E910", message, Position(shown))])
    if fmt == "label-studio":
        return fmt, _label_studio(_parse_json(text, shown)), []
    readers = {"doccano": _doccano, "prodigy": _prodigy}
    return fmt, [doc for record in _json_lines(text, shown) for doc in readers[fmt](record)], []


def _bad(what: str, where: Position) -> DiagnosticError:
    return DiagnosticError([Diagnostic.make("E910", what, where)])


def _label_studio(parsed: _Json) -> list[Document]:
    tasks = parsed.data if isinstance(parsed.data, list) else [parsed.data]
    documents = []
    for task in tasks:
        if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
            raise _bad(
                "expected Label Studio tasks: objects with 'data' and 'annotations'",
                parsed.at(task),
            )
        data = task["data"]
        texts = [v for v in data.values() if isinstance(v, str)]
        text = (
            data.get("text")
            if isinstance(data.get("text"), str)
            else texts[0]
            if len(texts) == 1
            else None
        )
        if text is None:
            raise _bad("the task's 'data' has no 'text' (nor one text field)", parsed.at(data))
        spans = []
        for annotation in task.get("annotations") or []:
            if not isinstance(annotation, dict) or annotation.get("was_cancelled"):
                continue
            for result in annotation.get("result") or []:
                value = result.get("value") if isinstance(result, dict) else None
                if not isinstance(value, dict) or "start" not in value or "labels" not in value:
                    continue  # relations, choices, ratings: not spans
                for label in value["labels"]:
                    spans.append(
                        Span(
                            value["start"],
                            value["end"],
                            str(label),
                            value.get("text"),
                            parsed.at(value),
                        )
                    )
        documents.append(Document(text, tuple(spans), parsed.at(task)))
    return documents


def _doccano(parsed: _Json) -> list[Document]:
    record = parsed.data
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise _bad("expected a doccano record with 'text'", parsed.at(record))
    spans = []
    for entry in record.get("label") or record.get("labels") or []:
        if isinstance(entry, list) and len(entry) == 3:
            spans.append(Span(entry[0], entry[1], str(entry[2]), None, parsed.at(entry)))
    for entity in record.get("entities") or []:
        if isinstance(entity, dict) and {"start_offset", "end_offset", "label"} <= entity.keys():
            spans.append(
                Span(
                    entity["start_offset"],
                    entity["end_offset"],
                    str(entity["label"]),
                    None,
                    parsed.at(entity),
                )
            )
    return [Document(record["text"], tuple(spans), parsed.at(record))]


def _prodigy(parsed: _Json) -> list[Document]:
    record = parsed.data
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise _bad("expected a Prodigy task with 'text'", parsed.at(record))
    if record.get("answer", "accept") != "accept":
        return []  # rejected and ignored examples carry no confirmed spans
    tokens = record.get("tokens") or []
    spans = []
    for span in record.get("spans") or []:
        if not isinstance(span, dict) or not {"start", "end", "label"} <= span.keys():
            continue
        claimed, token_range = span.get("text"), None
        if _has_tokens(tokens, span):
            covered = tokens[span["token_start"] : span["token_end"] + 1]
            token_range = (covered[0].get("start"), covered[-1].get("end"))
            if claimed is None and token_range == (span["start"], span["end"]):
                # The tokens' own text is the export's claim for what the span covers.
                claimed = "".join(
                    t["text"] + (" " if t.get("ws") else "") for t in covered
                ).rstrip()
        where = parsed.at(span)
        spans.append(
            Span(span["start"], span["end"], str(span["label"]), claimed, where, token_range)
        )
    return [Document(record["text"], tuple(spans), parsed.at(record))]


def _has_tokens(tokens: Any, span: dict[str, Any]) -> bool:
    start, end = span.get("token_start"), span.get("token_end")
    return (
        isinstance(tokens, list)
        and isinstance(start, int)
        and isinstance(end, int)
        and 0 <= start <= end < len(tokens)
        and all(isinstance(t, dict) and "text" in t for t in tokens[start : end + 1])
    )


_BRAT_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$")


def _brat(path: Path, shown: str) -> tuple[Document, list[Diagnostic]]:
    """A brat standoff file and the .txt beside it (offsets count the text as stored)."""
    text_path = path.with_suffix(".txt")
    text_shown = shown.removesuffix(".ann") + ".txt"
    # Not decode_text: that folds CRLF to LF, and brat's offsets count every character.
    text = read_bytes(text_path, text_shown).decode("utf-8-sig", errors="strict")
    lines = read_text(path, shown).split("\n")
    spans = []
    problems = []
    for number, line in enumerate(lines, start=1):
        if not line.startswith("T"):
            continue  # relations, events, attributes and notes carry no text span
        match = _BRAT_LINE.match(line)
        where = Position(shown, number, 1)
        if match is None:
            problems.append(
                Diagnostic.make("E910", "expected 'T1<TAB>Label START END<TAB>text'", where)
            )
            continue
        fragments = [tuple(int(n) for n in part.split()) for part in match.group(3).split(";")]
        if len(fragments) > 1:
            message = (
                f"discontinuous span {match.group(3)}: "
                "imported as one quote from its first to last offset"
            )
            problems.append(Diagnostic.make("E916", message, where))
        claimed = match.group(4) if len(fragments) == 1 else None
        spans.append(Span(fragments[0][0], fragments[-1][1], match.group(2), claimed, where))
    if any(p.code == "E910" for p in problems):
        raise DiagnosticError(problems)
    return Document(text, tuple(spans), Position(text_shown)), problems


# ---- label mapping ----------------------------------------------------------------------


def load_labels(path: Path, shown: str) -> dict[str, Target]:
    """A mapping file: `LABEL: facts|proposals|follow_ups|ignore`, one line per label."""
    document = load_yaml(path, shown)
    if not isinstance(document.data, dict):
        raise DiagnosticError(
            [
                Diagnostic.make(
                    "E919",
                    "expected a mapping of LABEL: facts|proposals|follow_ups|ignore",
                    document.position(()),
                )
            ]
        )
    mapping: dict[str, Target] = {}
    problems = []
    for label, target in document.data.items():
        if target not in TARGETS:
            message = f"label '{label}': expected one of {list(TARGETS)}, got {target!r}"
            problems.append(Diagnostic.make("E919", message, document.position((label,))))
        else:
            mapping[str(label)] = target
    if problems:
        raise DiagnosticError(problems)
    return mapping


def target_of(label: str, mapping: dict[str, Target] | None) -> Target | None:
    if mapping is not None:
        return mapping.get(label)
    return DEFAULT_LABELS.get(_LETTERS.sub("", label.lower()))


# ---- checking spans -----------------------------------------------------------------------


def _utf16_to_index(text: str, units: int) -> int | None:
    """The code-point index of a UTF-16 offset (JavaScript counts astral characters twice)."""
    count = 0
    for index, char in enumerate(text):
        if count == units:
            return index
        count += 2 if ord(char) > 0xFFFF else 1
    return len(text) if count == units else None


def check_span(text: str, span: Span) -> tuple[tuple[int, int] | None, list[Diagnostic]]:
    """The span's trimmed offsets in text, or None; and what was wrong with it."""
    where = span.position
    if not (
        isinstance(span.start, int) and isinstance(span.end, int)
    ) or not 0 <= span.start < span.end <= len(text):
        message = (
            f"span {span.start}-{span.end} ('{span.label}') is outside the text (0-{len(text)})"
        )
        return None, [Diagnostic.make("E911", message, where)]
    start, end = span.start, span.end
    diagnostics: list[Diagnostic] = []
    claimed = span.claimed
    if span.token_range is not None and span.token_range != (start, end):
        first, last = span.token_range
        message = (
            f"span {start}-{end} disagrees with its tokens, which cover {first}-{last}; "
            "using the character offsets"
        )
        diagnostics.append(Diagnostic.make("E918", message, where))
    if claimed is not None and text[start:end] != claimed:
        resolved = _reconcile(text, start, end, claimed, where)
        if resolved is None:
            found = text.find(claimed)
            hint = f"; that text is at {found}-{found + len(claimed)}" if found >= 0 else ""
            message = (
                f"span {start}-{end} gives other text than the export claims, "
                f"{_difference(text[start:end], claimed)}{hint}"
            )
            return None, [*diagnostics, Diagnostic.make("E912", message, where)]
        (start, end), more = resolved
        diagnostics += more
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return None, [
            *diagnostics,
            Diagnostic.make("E911", f"span {span.start}-{span.end} is only whitespace", where),
        ]
    return (start, end), diagnostics


def _reconcile(
    text: str, start: int, end: int, claimed: str, where: Position
) -> tuple[tuple[int, int], list[Diagnostic]] | None:
    """Offsets that agree with the claim: same text but for whitespace, or UTF-16 offsets."""
    covered = text[start:end]
    if anchors.fold_plain(covered) == anchors.fold_plain(claimed):
        message = (
            f"span {start}-{end}: the export's text differs from the text at its offsets in "
            f"whitespace only, {_difference(covered, claimed)}; using the offsets"
        )
        return (start, end), [Diagnostic.make("E913", message, where)]
    utf16 = (_utf16_to_index(text, start), _utf16_to_index(text, end))
    if utf16[0] is not None and utf16[1] is not None and text[utf16[0] : utf16[1]] == claimed:
        return (utf16[0], utf16[1]), []
    return None


def _difference(covered: str, claimed: str, context: int = 12) -> str:
    """Where two texts first differ, shown as a short window of each."""
    at = next(
        (i for i, (a, b) in enumerate(zip(covered, claimed, strict=False)) if a != b),
        min(len(covered), len(claimed)),
    )
    lo = max(at - context, 0)
    return (
        f"from character {at}: the text has {_show(covered[lo : at + context])}, "
        f"the export {_show(claimed[lo : at + context])}"
    )


def _show(text: str, width: int = 60) -> str:
    shown = json.dumps(text, ensure_ascii=False)
    return shown if len(shown) <= width else shown[: width - 2] + '\u2026"'


# ---- from documents to articles ---------------------------------------------------------


@dataclass(frozen=True)
class _Article:
    id: str
    path: Path
    folded: anchors.Folded


def _articles(project: Project) -> list[_Article]:
    found = []
    if project.seeds.is_dir():
        for path in sorted(project.seeds.iterdir()):
            if (
                path.suffix in ARTICLE_SUFFIXES
                and path.is_file()
                and not path.name.endswith(ANNOTATION_SUFFIX)
            ):
                text = read_text(path, project.shown(path))
                found.append(_Article(path.stem, path, anchors.fold(text)))
    return found


def match_article(
    project: Project, document: Document, articles: Sequence[_Article], chosen: str | None
) -> tuple[_Article, int]:
    """The article the document's text comes from, and where (folded) the document starts in it."""
    folded = anchors.fold_plain(document.text)
    candidates = [a for a in articles if a.id == chosen] if chosen else list(articles)
    if chosen and not candidates:
        message = f"no article '{chosen}' in {project.shown(project.seeds)}/"
        raise DiagnosticError([Diagnostic.make("E915", message, document.position)])
    exact = [a for a in candidates if a.folded.text == folded]
    if exact:
        return exact[0], 0
    containing = [
        (a, a.folded.text.find(folded)) for a in candidates if folded and folded in a.folded.text
    ]
    if len(containing) == 1 or (chosen and containing):
        return containing[0]
    if chosen:
        return candidates[0], -1  # quotes are looked up one by one
    opening = " ".join(document.text.split())[:50]
    message = (
        f"no article in {project.shown(project.seeds)}/ has this document's text "
        f'("{opening}..."); add it as seeds/NAME.txt or pass --article NAME'
    )
    raise DiagnosticError([Diagnostic.make("E915", message, document.position)])


def anchor_span(
    article: _Article,
    base: int,
    document: Document,
    bounds: tuple[int, int],
    kind: Target,
    where: Position,
) -> tuple[Anchored | None, list[Diagnostic]]:
    """The quote for a checked span, with the occurrence that makes it point at that span."""
    quote = document.text[bounds[0] : bounds[1]]
    needle = anchors.fold_plain(quote)
    starts = _all(article.folded.text, needle)
    if not starts:
        message = f"quote {_show(quote)} is not in {article.path.name}"
        return None, [Diagnostic.make("E915", message, where)]
    if base >= 0:
        doc_folded = anchors.fold(document.text)
        target = base + bisect.bisect_left(doc_folded.origin, bounds[0])
        occurrence = starts.index(target) + 1 if target in starts else None
        if occurrence is None:
            message = (
                f"quote {_show(quote)} found in {article.path.name}, but not at the span's place"
            )
            return None, [Diagnostic.make("E915", message, where)]
    elif len(starts) > 1:
        message = (
            f"quote {_show(quote)} occurs {len(starts)} times in {article.path.name}; "
            "add occurrence: by hand"
        )
        return None, [Diagnostic.make("E915", message, where)]
    else:
        occurrence = 1
    start = starts[occurrence - 1]
    return Anchored(
        kind, " ".join(quote.split()), occurrence if len(starts) > 1 else None, start
    ), []


def _all(haystack: str, needle: str) -> list[int]:
    found, index = [], haystack.find(needle)
    while needle and index != -1:
        found.append(index)
        index = haystack.find(needle, index + 1)
    return found


def import_documents(
    project: Project,
    documents: Iterable[Document],
    mapping: dict[str, Target] | None,
    article_id: str | None = None,
) -> tuple[dict[str, Imported], list[Diagnostic]]:
    """Every span checked, mapped and anchored, grouped by article; and every finding."""
    articles = _articles(project)
    results: dict[str, Imported] = {}
    diagnostics: list[Diagnostic] = []
    unmapped: dict[str, Position] = {}
    for document in documents:
        try:
            article, base = match_article(project, document, articles, article_id)
        except DiagnosticError as error:
            diagnostics += error.diagnostics
            continue
        imported = results.setdefault(article.id, Imported(article.id, article.path))
        for span in document.spans:
            kind = target_of(span.label, mapping)
            if kind is None:
                unmapped.setdefault(span.label, span.position)
                continue
            if kind == "ignore":
                continue
            bounds, found = check_span(document.text, span)
            diagnostics += found
            if bounds is None:
                continue
            anchored, found = anchor_span(article, base, document, bounds, kind, span.position)
            diagnostics += found
            if anchored is not None and anchored not in imported.items:
                imported.items.append(anchored)
    for label, where in unmapped.items():
        hint = "map it in --labels FILE" if mapping is not None else "pass --labels FILE to map it"
        message = (
            f"label '{label}' is not mapped to facts, proposals or follow_ups; "
            f"its spans are skipped ({hint})"
        )
        diagnostics.append(Diagnostic.make("E914", message, where))
    return results, diagnostics


# ---- writing the annotation -------------------------------------------------------------


def merged_annotation(
    imported: Imported, existing: AnnotationFile | None, title: str
) -> AnnotationFile:
    """The article's annotation with the imported items added after any existing ones."""
    base = existing or AnnotationFile(article=ArticleMeta(title=title))
    have = {
        (kind, anchors.fold_plain(spec.quote), spec.occurrence)
        for kind, specs in (
            ("facts", base.facts),
            ("proposals", base.proposals),
            ("follow_ups", base.follow_ups),
        )
        for spec in specs
    }
    facts, proposals, follow_ups = list(base.facts), list(base.proposals), list(base.follow_ups)
    for item in sorted(imported.items, key=lambda i: i.start):
        if (item.kind, anchors.fold_plain(item.quote), item.occurrence) in have:
            continue
        common = {"quote": item.quote, "occurrence": item.occurrence}
        if item.kind == "facts":
            facts.append(FactSpec(text=item.quote, **common))
        elif item.kind == "proposals":
            proposals.append(ProposalSpec(by=PLACEHOLDER_BY, text=item.quote, **common))
        else:
            follow_ups.append(FollowUpSpec(action=item.quote, **common))
    return base.model_copy(
        update={"facts": facts, "proposals": proposals, "follow_ups": follow_ups}
    )


def annotation_text(annotation: AnnotationFile, schema_line: str, source: str) -> str:
    """The imported annotation with its schema line and a header saying what to do next."""
    from generator.tools.scaffold import dump_annotation

    header = (
        f"{schema_line}\n"
        f"# Imported by `briefs import` from {source}.\n"
        "# Every quote was checked against the article. Now write each item's text in your\n"
        f"# own words, and its owner, due date or proposer (`by: {PLACEHOLDER_BY}`).\n"
    )
    return header + dump_annotation(annotation)


def plan_import(
    project: Project,
    path: Path,
    fmt: Format | None,
    labels: Path | None,
    article_id: str | None,
    merge: bool,
) -> tuple[dict[Path, bytes], list[Diagnostic], list[str]]:
    """The .ann.yaml files an import writes, every finding, and a line per article for people."""
    from generator.load.schema import SCHEMA_DIR, modeline

    shown = display_path(path.absolute(), project.root)
    mapping = load_labels(labels, display_path(labels.absolute(), project.root)) if labels else None
    fmt, documents, diagnostics = read_export(path, shown, fmt)
    results, found = import_documents(project, documents, mapping, article_id)
    diagnostics += found
    files: dict[Path, bytes] = {}
    report = []
    for imported in results.values():
        target = imported.article_path.with_name(f"{imported.article_id}{ANNOTATION_SUFFIX}")
        existing = None
        if target.is_file():
            if not merge:
                message = "exists; pass --merge to add the imported items to it"
                diagnostics.append(
                    Diagnostic.make("E917", message, Position(project.shown(target)))
                )
                continue
            existing = validate(
                AnnotationFile, load_yaml(target, project.shown(target)), "annotation"
            )
        text = imported.article_path.read_text(encoding="utf-8")
        annotation = merged_annotation(imported, existing, _first_line(text, imported.article_id))
        line = modeline("annotation", target, project.root / SCHEMA_DIR)
        files[target] = annotation_text(annotation, line, f"{shown} ({fmt})").encode("utf-8")
        counts = {
            k: sum(i.kind == k for i in imported.items)
            for k in ("facts", "proposals", "follow_ups")
        }
        summary = ", ".join(f"{k.replace('_', '-')}: {n}" for k, n in counts.items())
        report.append(f"{project.shown(target)} from {shown} ({summary})")
    return files, diagnostics, report


def _first_line(text: str, fallback: str) -> str:
    line = next((line.strip() for line in text.splitlines() if line.strip()), fallback)
    return line if len(line) <= 120 else line[:117].rstrip() + "\u2026"
