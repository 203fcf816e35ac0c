"""The review state of a pack: what no editor has confirmed yet, and placeholders still to
fill in (C440-C443).

Part of the check stage. Normally these are infos and warnings, and the pack builds as a
DRAFT (banner, watermark, a marker on each item); under `--release` every one is an error,
so nothing unreviewed goes out as final. Nothing here reads a file: the pack and its
annotations are parsed again from the text the loader kept, for the positions of values.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from pydantic import BaseModel

from generator.errors import Diagnostic, Position, Severity, text_position
from generator.load.sources import YamlDocument, parse_yaml
from generator.load.validate import dotted, validate_all
from generator.model import AnnotationFile, Article, Pack, Reviewed

PLACEHOLDER = re.compile(r"\bTODO\b")
# A comment that says TODO after a value, as `briefs new` leaves on the event's date.
_COMMENT_TODO = re.compile(r"\s#(.*\bTODO\b.*)$")
# Fields that hold the article's own words: a TODO there is the article's, not an editor's.
VERBATIM = frozenset({"quote", "prefix", "suffix"})
_WHAT = {"facts": "fact", "proposals": "proposal", "follow_ups": "follow-up", "people": "person"}
_SAYS = ("text", "action", "name")


def review(pack: Pack, release: bool = False) -> list[Diagnostic]:
    """Every unconfirmed item and placeholder of the pack; all errors under release."""
    found = [*unconfirmed(pack), *placeholders(pack)]
    if release:
        found = [replace(d, severity=Severity.ERROR) for d in found]
    return found


@dataclass(frozen=True)
class Draft:
    """Why a pack prints as a DRAFT, for its cover: how many items and people no editor
    has confirmed, and how many placeholders are left."""

    unconfirmed: int
    placeholders: int


# The last pack asked about and its answer: the render stage and the exports both ask for
# the same (immutable) pack, and the answer re-reads every annotation file's YAML.
_LAST: list[tuple[Pack, Draft | None]] = []


def draft_state(pack: Pack) -> Draft | None:
    """None when everything is confirmed and filled in; else what is not."""
    if _LAST and _LAST[0][0] is pack:
        return _LAST[0][1]
    found = _draft_state(pack)
    _LAST[:] = [(pack, found)]
    return found


def _draft_state(pack: Pack) -> Draft | None:
    count = sum(not item.confirmed for a in pack.articles for item in a.items)
    count += sum(not (p.confirmed and a.annotated) for a in pack.articles for p in a.people)
    left = sum(1 for _ in placeholders(pack))
    machine = any(not a.annotated for a in pack.articles)
    return Draft(count, left) if count or left or machine else None


# ---- unconfirmed items ------------------------------------------------------------------


def unconfirmed(pack: Pack) -> Iterator[Diagnostic]:
    for article in pack.articles:
        if article.annotation_file is None:
            yield from _drafted_at_build(pack, article)
            continue
        path, text = article.annotation_file
        document = parse_yaml(text, path)
        # As the loader read it: what is sound in a file with mistakes (those it reported).
        validated = validate_all(AnnotationFile, document, "annotation")
        if validated.model is None:
            continue
        for key, read, spec in reviewed(validated.model):
            if not spec.confirmed:
                index = validated.original((key, read))[-1]  # as numbered in the file
                where = document.position((key, index, "confirmed"))
                message = (
                    f"{_WHAT[key]} not confirmed by an editor{_says(spec.model_dump())};"
                    f" review it, then `briefs confirm {path}:{where.line}`"
                    " (or set `confirmed: true`)"
                )
                yield Diagnostic.make("C440", message, where)
        if not article.people_reviewed:
            yield from _people_unreviewed(article, path, document)


def _people_unreviewed(article: Article, path: str, document: YamlDocument) -> Iterator[Diagnostic]:
    """An annotation with no `people:` list: the who's who shows the model's people, unconfirmed."""
    drafted = [p.name for p in article.people if not p.confirmed]
    if not drafted:
        return
    names = ", ".join(drafted[:3]) + (", ..." if len(drafted) > 3 else "")
    message = (
        f"no `people:` list, so the who's who shows {_count(len(drafted))} the model found"
        f" ({names}) unconfirmed; review them into the file from `briefs annotate {article.path}`,"
        " or write `people: []` for none"
    )
    yield Diagnostic.make("C440", message, document.position(("article",), key=True))


def _count(people: int) -> str:
    return "1 person" if people == 1 else f"{people} people"


def reviewed(annotation: AnnotationFile) -> Iterator[tuple[str, int, Reviewed]]:
    """(list, index, entry) of every item and person of an annotation, in file order of lists."""
    for key in _WHAT:
        specs: list[Reviewed] = getattr(annotation, key)
        for index, spec in enumerate(specs):
            yield key, index, spec


def _drafted_at_build(pack: Pack, article: Article) -> Iterator[Diagnostic]:
    """An article with no .ann.yaml: the build drafted all of it, nobody has confirmed any."""
    where = next(
        (
            pack.position_of(f"topics[{t}].articles[{a}]")
            for t, topic in enumerate(pack.spec.topics)
            for a, article_id in enumerate(topic.articles)
            if article_id == article.id
        ),
        None,
    ) or Position(pack.path)
    message = (
        f"{article.path} has no annotation file, so everything from it is a machine draft;"
        f" write one with `briefs annotate {article.path} --write`, review it and confirm it"
    )
    yield Diagnostic.make("C440", message, where)
    for item in article.items:
        entry = item.spec.model_dump()
        message = f"machine-suggested {_WHAT[item.kind + 's']} not confirmed{_says(entry)}"
        yield Diagnostic.make(
            "C440", message, text_position(article.path, article.text, item.anchor.start)
        )


def _says(entry: dict[str, Any]) -> str:
    said = next((str(entry[k]) for k in _SAYS if isinstance(entry.get(k), str)), "")
    return f": {_short(said)}" if said else ""


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 3].rstrip() + "...")


# ---- placeholders -----------------------------------------------------------------------


def placeholders(pack: Pack) -> Iterator[Diagnostic]:
    """TODOs in fields, empty required text and values marked `# TODO`, in the pack file
    and every annotation file."""
    yield from _in_file(parse_yaml(pack.text, pack.path), pack.spec)
    for article in pack.articles:
        if article.annotation_file is not None:
            document = parse_yaml(article.annotation_file[1], article.annotation_file[0])
            validated = validate_all(AnnotationFile, document, "annotation")  # as loaded
            if validated.model is not None:
                yield from _in_file(document, validated.model, validated.original)


def _in_file(
    document: YamlDocument,
    spec: BaseModel,
    as_written: Callable[[tuple[Any, ...]], tuple[Any, ...]] = tuple,
) -> Iterator[Diagnostic]:
    """as_written: where a field of the model was in the file (items left out counted)."""
    said: set[int] = set()
    for loc, value, required in _strings(spec, ()):
        if loc[-1] in VERBATIM:
            continue
        where = document.position(as_written(loc))
        if PLACEHOLDER.search(value):
            said.add(where.line)
            message = f"{dotted(loc)}: placeholder still to fill in: {_short(value)}"
            yield Diagnostic.make("C441", message, where)
        elif required and not value.strip():
            yield Diagnostic.make("C442", f"{dotted(loc)}: empty; write it", where)
    lines = document.text.split("\n")
    for loc, where in sorted(document.positions.items(), key=lambda p: (p[1], -len(p[0]))):
        value = _at(document.data, loc)
        if isinstance(value, dict | list) or where.line in said or not where.line:
            continue
        comment = _COMMENT_TODO.search(lines[where.line - 1][where.col - 1 :])
        if comment:
            said.add(where.line)
            message = (
                f"{dotted(loc)}: {str(value)!r} is still marked `#{comment.group(1)}`;"
                " set it, then delete the comment"
            )
            yield Diagnostic.make("C443", message, where)


def _strings(value: Any, loc: tuple[str | int, ...], required: bool = False) -> Iterator[Any]:
    """(key path, text, required) of every text in a validated file, keys as written."""
    if isinstance(value, BaseModel):
        for name, field in type(value).model_fields.items():
            yield from _strings(
                getattr(value, name), (*loc, field.alias or name), field.is_required()
            )
    elif isinstance(value, list):
        for index, entry in enumerate(value):
            yield from _strings(entry, (*loc, index))
    elif isinstance(value, dict):  # a glossary: an entry needs its expansion
        for key, entry in value.items():
            yield from _strings(entry, (*loc, key), True)
    elif isinstance(value, str):
        yield loc, value, required


def _at(data: Any, loc: tuple[str | int, ...]) -> Any:
    """The raw value at a key path (the loader's positions name only what is there)."""
    for part in loc:
        data = data[part]
    return data
