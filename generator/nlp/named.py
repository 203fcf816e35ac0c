"""The organisations and places a pack's who's who prints, from the model's ORG and GPE
entities of one article, without the model's slips.

The statistical NER tags spans, not names: it cuts "Hashemite Kingdom" from "Hashemite
Kingdom of Jordan", calls a summit, an agreement or a building an organisation, keeps the
head of a ministry's name ("Call and Guidance") or a plural ("Member States"), and tags a
name ORG once and GPE the next time. The rules here follow the shape of a name (its head
word, what comes after it in the text), not lists of the names themselves.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict

from generator.load import anchors
from generator.nlp.analysis import Analysis, Entity
from generator.nlp.datelines import Dateline, printed, read_dateline
from generator.nlp.headings import heading_end, in_capitals, line_at
from generator.nlp.name_words import (
    BUILDINGS,
    COMPASS,
    DETERMINERS,
    DIVISIONS,
    ENDS,
    EVENTS,
    FIELDS,
    GENERIC,
    GROUPS,
    HEADS,
    LAST_EVENTS,
    ORDINAL,
    PEOPLE,
    PLURAL_HEADS,
    REGION_CODES,
    REGIONS,
    SEATS,
    STATES,
    THINGS,
    TITLES,
)

LABELS = ("ORG", "GPE")

# The words before a span that show it cut from a longer name: a thing's or an event's
# head and what it is on ("the Treaty on the Non-Proliferation of Nuclear Weapons" read as
# "Non-Proliferation of Nuclear Weapons"), or a capitalised word and "and" that no name
# of the model's holds ("the High Judicial and Prosecutorial Council").
_CUT_BEFORE = re.compile(
    r"([A-Z][\w'\u2019-]*)[ \t]+(?:(on|for|against|with)[ \t]+(?:the[ \t]+)?|(and)[ \t]+)$"
)
# A title or a group and its "of" ("Secretary of", "Heads of") before a span.
_TITLE_OF = re.compile(r"([A-Za-z-]+)[ \t]+of[ \t]+$")
_INITIALS_SKIP = {"of", "for", "and", "the", "on", "in", "to", "&"}
_OF_NAME = re.compile(r"(?: of (?:the )?[A-Z][\w'\u2019.-]*(?: [A-Z][\w'\u2019.-]*)*)+")


def organisations_and_places(
    analysis: Analysis, text: str
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Distinct organisations and places, most mentioned first, each in the list of the
    label the model gave it most often: acronyms are spelt out, "X of Y" kept whole,
    events, agreements, buildings, fields and generic words left out, spellings that
    differ only in quote marks or case made one, an acronym and its expansion one entry,
    and a name that is the start or end of a longer one ("Kuala", "Korea") folded into it."""
    defined = {a.short: a.long for a in analysis.acronyms}
    person_words = [_words(n) for p in analysis.people for n in (p.name, *p.aliases)]
    counts: Counter[str] = Counter()
    labels: defaultdict[str, Counter[str]] = defaultdict(Counter)
    shown: dict[str, str] = {}
    previous: tuple[str, int, int] | None = None  # the last place counted, its end and start
    # A headline capitalises every word, and the model reads the run as one name ("African
    # Union Invites Applications for Membership of High"): a name of more than one word
    # found only in the headline is left out, as the people's rule does (people.py,
    # `_headline_guess`); one word ("Brazil") the model reads well even there.
    headline_end = heading_end(text)
    in_body = {anchors.name_key(e.text) for e in analysis.entities if e.start >= headline_end}
    dateline = read_dateline(text)
    held = [(e.start, e.end) for e in analysis.entities]
    places = {anchors.name_key(e.text) for e in analysis.entities if e.label == "GPE"}
    for entity in (part for e in _joined(analysis.entities, text) for part in _listed(e)):
        if entity.label not in LABELS or _credited(entity, dateline):
            continue
        if in_capitals(line_at(text, entity.start)) and (
            " " in entity.text or entity.text.title() in text
        ):
            # A heading's capitals ("MFA PRESS", "DESPATCH FROM CABINET": prose writes
            # "Cabinet"), not a name as written; an acronym ("ASEAN") is one.
            continue
        if (
            entity.end <= headline_end
            and len(entity.text.split()) > 1
            and anchors.name_key(entity.text) not in in_body
            and entity.text not in text[headline_end:]
        ):
            continue
        if (
            previous
            and entity.label == "GPE"
            and entity.start == previous[1] + 2
            and _abbreviated_region(entity.text)
        ):
            # "Washington, D.C.": the district belongs to the city before it.
            whole = f"{shown[previous[0]]}, {entity.text}"
            key = anchors.name_key(whole)
            counts[previous[0]] -= 1
            if not counts[previous[0]]:
                del counts[previous[0]]
            counts[key] += 1
            labels[key][entity.label] += 1
            shown[key] = whole
            previous = None
            continue
        name = _name(entity, defined, text)
        if name is None or _not_a_name(name, entity, person_words):
            continue
        if len(name) <= len(entity.text) and _cut_from_longer(entity, text, held):
            continue  # cut, and not made whole from an acronym's long form
        if dateline and dateline.covers(entity.start, entity.end) and name.isupper():
            name = printed(name)  # "Brussels" for the dateline's "BRUSSELS"
        key = anchors.name_key(name)
        if key not in shown or (shown[key].isupper() and not name.isupper()):
            shown[key] = name  # "Beirut" rather than a dateline's "BEIRUT"
        counts[key] += 1
        labels[key][_label(entity, name, text, places)] += 1
        previous = (key, entity.end, entity.start) if entity.label == "GPE" else None
    # Each name in the list of the label the model gave it most often.
    place = {k: _is_place(labels[k], shown[k]) and not _grouping(shown[k], text) for k in counts}
    _fold_spelt_out(counts, shown, place)
    lists = []
    for is_place in (False, True):
        found = Counter({k: n for k, n in counts.items() if place[k] == is_place})
        _fold(found, shown)
        lists.append(tuple(shown[k] for k, _ in found.most_common()))
    return lists[0], lists[1]


def _joined(entities: tuple[Entity, ...], text: str) -> list[Entity]:
    """The model's spans, with a name it split at "and" made whole again: "African Union
    Peace" and "Security Council" written "African Union Peace and Security Council" are
    one body. The first part is no name of its own (it ends in no head word: "the World
    Bank and Asian Development Bank" are two), the second ends in a body's head word."""
    joined: list[Entity] = []
    for entity in entities:
        last = joined[-1] if joined else None
        if (
            last is not None
            and last.label == entity.label == "ORG"
            and not (last.canonical or entity.canonical)
            and text[last.end : entity.start] == " and "
            and len(last.text.split()) > 1
            and _words(last.text)[-1] not in HEADS
            and not _body_of(_words(last.text))
            and _words(entity.text)[-1] in HEADS
        ):
            joined[-1] = Entity(text[last.start : entity.end], "ORG", last.start, entity.end)
            continue
        joined.append(entity)
    return joined


def _listed(entity: Entity) -> list[Entity]:
    """An organisation's or a place's span that is a list ("World Health Organization,
    International Organization for Migration"; "Emergencies, Defense, and Interior
    Ministries"; "Abuja, Nigeria") as one span for each of its names; any other span, and
    a city with its state's code ("Washington, D.C."), as it is."""
    if entity.label not in LABELS or entity.canonical or ", " not in entity.text:
        return [entity]
    if entity.label == "GPE" and _abbreviated_region(entity.text.split(", ")[-1]):
        return [entity]  # "Washington, D.C.": one place
    parts, at = [], entity.start
    for part in entity.text.split(", "):
        parts.append(Entity(part, entity.label, at, at + len(part)))
        at += len(part) + 2
    return parts


def _cut_from_longer(entity: Entity, text: str, held: list[tuple[int, int]]) -> bool:
    """A span the model cut from a longer name that the words before it start: a title's
    ("Secretary of" before "State for Health", "Heads of" before "State and Government"),
    a thing's or an event's ("the Treaty on the" before "Non-Proliferation of Nuclear Weapons"), or
    body's that a capitalised word and "and" open when no name of the model's holds that
    word ("High Judicial and" before "Prosecutorial Council"; not "Norland and" before
    "Vallis Council", two names, nor "the Sahel and West Africa", two places)."""
    line_start = text.rfind("\n", 0, entity.start) + 1
    if entity.canonical:
        return False
    title = _TITLE_OF.search(text, line_start, entity.start)
    words = _words(entity.text)
    state = words[0] == "state" and words[1:2] != ["of"]  # not "Minister of State of Vallis"
    if title and title[1].casefold() in TITLES | GROUPS and state:
        return True  # "Secretary of" before "State for Health": the title's "of State"
    before = _CUT_BEFORE.search(text, line_start, entity.start)
    if before is None:
        return False
    word, joiner = before[1].casefold(), before[2] or before[3]
    if word in THINGS | EVENTS:
        return True
    named = any(s <= before.start(1) < e for s, e in held)
    return joiner == "and" and entity.label == "ORG" and not named


def _label(entity: Entity, name: str, text: str, places: set[str]) -> str:
    """The model's label, but a territory's name is a place: one ending in a territory's
    kind ("Eastern Neighbourhood"), a division written as a place is, without an article
    ("in Irrawaddy Division"; "the Domestic Policy Division" is a body), a state's name
    of a place the model tags so ("State of Vallis", "Commonwealth of Norland"; not the
    "Commonwealth of Independent States", nor the "State of the Nation Address") and a
    region's that a point of the compass opens, without a body's head word ("Western
    Balkans")."""
    words = _words(name)
    article = text[max(0, entity.start - 4) : entity.start].casefold() == "the "
    if words[-1] in REGIONS or (words[-1] in DIVISIONS and not article):
        return "GPE"
    head, _, place = name.partition(" of ")
    if place and _words(head)[-1] in STATES and anchors.name_key(place) in places:
        return "GPE"
    if words[0] in COMPASS and len(words) > 1 and not any(w in HEADS for w in words):
        return "GPE"
    return entity.label


def _credited(entity: Entity, dateline: Dateline | None) -> bool:
    """The agency a dateline credits ("(WAM)", "NUR-SULTAN. KAZINFORM"), wherever the text
    names it so ("--SPA" signing off), or a span the model ran from the dateline into the
    story ("GNA - The Ministry of Roads"): a source credit, not a body of the story."""
    if dateline is None:
        return False
    inside = any(s < entity.end and entity.start < e for s, e in dateline.credit_spans)
    across = entity.start < dateline.end < entity.end and entity.start >= dateline.start
    return inside or across or entity.text.lstrip("-") in dateline.credits


def _name(entity: Entity, defined: dict[str, str], text: str) -> str | None:
    """The entity's name as printed: a rule's canonical form, an acronym's expansion, or
    the span, completed by "of X" after a state's or body's head word, without "the",
    a possessive, quote marks, trailing punctuation or its own acronym in brackets."""
    if entity.canonical:
        return entity.canonical
    name = defined.get(entity.text) or entity.text
    for long in defined.values():
        # "the State Peace and Development Council (SPDC)" tagged "Development Council":
        # the model cut the name the article spells out for its acronym; print it whole.
        if long.endswith(" " + entity.text) and text.endswith(long, 0, entity.end):
            name = long
            break
    if _words(name)[-1:] and _words(name)[-1] in HEADS:
        after = _OF_NAME.match(text, entity.end)
        if after and "\n" not in after.group():
            extra = after.group()
            last = extra.split()[-1]
            if last.endswith(".") and last.count(".") == 1 and len(last) > 4:
                extra = extra[:-1]  # the sentence's full stop, not "Ltd." or "D.C."
            name += extra
    # "Council of Ministers (COM" (cut inside its brackets), "World Health Organisation
    # (WHO)": the name without its own acronym.
    name = re.sub(r"\s*\([A-Z][A-Za-z.]*\)", "", name)
    name = name.replace("[", "").replace("]", "")  # "[Foreign Affairs] Council": a remark's gloss
    name = re.sub(r"\s*\([^)]*$", "", name)
    name = name.strip().removeprefix("the ").removeprefix("The ")
    name = name.removesuffix("\u2019s").removesuffix("'s")
    # "African Development Bank's Country Manager", "UNESCO's Representative List": a
    # body's name and a thing it owns, cut; the owner is the name ("United Nations
    # Children's Fund" and "People's Republic" are names whole, and so is a body's own
    # unit: "the Department of Disease Control's Emergency Operations Center").
    owned = re.search(r"(?:\u2019|')s\s", name)
    if owned:
        owner = name[: owned.start()]
        bare = owner.removeprefix("the ").removeprefix("The ")
        body = _words(owner)[-1] in HEADS or _body_of(_words(owner)) or _is_acronym(bare)
        if body and _words(name[owned.end() :])[-1:] != [] and _words(name)[-1] not in HEADS:
            name = owner
    name = _group_owner(name)
    return name.strip(" ,;:/\u201c\u201d\"'\u2018\u2019-\u2013") or None


def _group_owner(name: str) -> str:
    """ "CARICOM Heads of Government", "EU Ministers": a group of people a body gathers, and
    the body the name ("CARICOM"); a group of no body ("Foreign and Defence Ministers",
    "Prime Ministers of Vallis") is no name (""). A group after "of" is a body's members
    ("Council of Ministers"), and one before a head word names the body ("Foreign
    Ministers Council")."""
    words = _words(name)
    at = next((i for i, w in enumerate(words) if w in GROUPS), 0)
    if at == 0 or "of" in words[:at] or HEADS.intersection(words[at + 1 : at + 2]):
        return name
    owner = name.split()[:at]
    while owner and not (_is_acronym(owner[-1]) or owner[-1].casefold() in HEADS - STATES):
        owner.pop()
    return " ".join(owner)


def _not_a_name(name: str, entity: Entity, person_words: list[list[str]]) -> bool:
    """Whether the span is one of the model's slips rather than a printable name."""
    words = _words(name)
    if len(name) < 2 or not name[0].isupper() or "\n" in name or words == ["h.e."]:
        return True  # "H.E.", His Excellency, opens a name
    if entity.canonical:
        return False
    last, first = words[-1], words[0]
    return (
        (last in THINGS and not _body_of(words))  # "School of Law" is a body
        or last in LAST_EVENTS
        or first in DETERMINERS  # "This United Nations Congress"
        or first in GROUPS
        or (last in PEOPLE and not HEADS.intersection(words))  # "Ghanaian Soldiers"
        or _plural_body(words)
        or (first in TITLES and first != "executive")  # "Minister of Foreign Affairs"
        or bool(ORDINAL.fullmatch(first))  # an event's edition: "Eleventh Congress"
        or (_a_title(words) and not _is_acronym(entity.text))
        or last in ENDS
        or any(w in EVENTS for w in words)
        or (
            any(w in THINGS and after in ENDS for w, after in itertools.pairwise(words))
            and not _body_of(words)  # "Secretariat of the Convention on Biological Diversity"
        )
        or all(w in GENERIC for w in words)
        or (last in FIELDS and not any(w in HEADS for w in words))
        or (last in BUILDINGS and anchors.name_key(name) not in SEATS)
        or (any(c.isdigit() for c in name) and not _numbered_group(name))
        or ":" in name
        or (name.isupper() and len(name) <= 3 and not _numbered_group(name))
        or (len(words) == 1 and not name.isupper() and entity.label == "ORG")
        or entity.text.count("\u201c") != entity.text.count("\u201d")
        or (last not in HEADS and any(_contains(words, p) for p in person_words))
    )


def _a_title(words: list[str]) -> bool:
    """A person's office, not a body: a name whose head is a title ("UN-Arab League Joint
    Special Representative", "Special Representative on Central Asia", "Prosecutor
    General"), with no body's head word after it before its "of" or "for" ("Executive
    Committee"; the "Republic" of a "State Counsellor of the Republic" is its state) and
    no body's "of" before it ("Office of the President", "Office of the US Trade
    Representative"). An office the text names by its initials ("USTR") is read as the
    body it stands for; the caller keeps it."""
    at = next((i for i, w in enumerate(words) if w in TITLES), None)
    if at is None:
        return False
    if HEADS.intersection(itertools.takewhile(lambda w: w not in ENDS, words[at + 1 :])):
        return False
    return not any(w in HEADS and after == "of" for w, after in itertools.pairwise(words[:at]))


def _grouping(name: str, text: str) -> bool:
    """A group of countries the model tags as a place ("BRICS", "G20"): an acronym the text
    writes as members' ("BRICS nations", "G20 member states") or a numbered one ("G7",
    "V4": no country's initials carry a number). A country's acronym ("UAE") has no
    members."""
    if not _is_acronym(name.replace("-", "")) and not _numbered_group(name):
        return False
    # "US states" are the country's own; "member states" a grouping's.
    kinds = (
        r"(?:[Mm]ember[ \t]+(?:[Ss]tates|countries|nations)|countries|nations|economies|members)"
    )
    members = rf"{re.escape(name)}[ \t]+{kinds}\b"
    return _numbered_group(name) or bool(re.search(members, text))


def _numbered_group(name: str) -> bool:
    """ "G7", "G20", "V4", "P5": a group named by a letter and how many it has."""
    return bool(re.fullmatch(r"[A-Z]\d{1,2}", name))


def _plural_body(words: list[str]) -> bool:
    """ "International Organisations", "Foreign Ministries of Norland and Vallis": a kind of
    body named in the plural, not one body ("Centers for Disease Control" is one)."""
    cut = next((i for i, w in enumerate(words) if w in ENDS), len(words))
    return cut > 0 and words[cut - 1] in PLURAL_HEADS and words[cut : cut + 1] in ([], ["of"])


def _body_of(words: list[str]) -> bool:
    """ "School of Law", "Ministry of Justice": a body's head word and "of" its field."""
    return "of" in words and words[words.index("of") - 1 :][0] in HEADS


def _contains(words: list[str], person: list[str]) -> bool:
    """A person's whole name inside the span, or the span a person's surname ("Koji
    Sekimizu" as an organisation, "Neyra" as a place); a body named after a person
    ("George Washington University") ends in its head word and is not asked."""
    if len(words) == 1:  # a surname; "Nepal" in a person misread as "Nepal K P Sharma Oli" is not
        return len(person) > 1 and words[0] == person[-1] and "of" not in person
    n = len(person)
    return n > 1 and any(words[i : i + n] == person for i in range(len(words) - n + 1))


def _fold_spelt_out(counts: Counter[str], shown: dict[str, str], place: dict[str, bool]) -> None:
    """Fold a name into the one that spells out its acronym ("IAEA" into "International
    Atomic Energy Agency", "UN General Assembly" into "United Nations General Assembly"),
    whatever the label the model gave each: one body, in the list of the name spelt out
    (the model tags "EU" a place as often as not)."""
    for key in list(counts):
        longer = [k for k in counts if k != key and spelt_out(shown[key], shown[k])]
        if longer:
            if counts[key] > counts[longer[0]]:
                shown[longer[0]] = shown[key]
            counts[longer[0]] += counts.pop(key)
            del place[key]


def spelt_out(short: str, long: str) -> bool:
    """Whether `long` is `short` with an acronym of it spelt out: "EU" and "European
    Union", "Committee on EU Affairs" and "Committee on European Union Affairs"."""
    a, b = short.split(), long.split()
    for i, word in enumerate(a):
        tail = len(a) - i - 1
        if _is_acronym(word) and b[:i] == a[:i] and b[len(b) - tail :] == a[i + 1 :]:
            middle = " ".join(b[i : len(b) - tail])
            if " " in middle and _initials(middle) == word.replace(".", ""):
                return True
    return False


def _fold(counts: Counter[str], shown: dict[str, str]) -> None:
    """Fold a name into a longer one it starts ("Kuala"; not a body into its unit) or ends
    ("Korea", "Jordan" into "Hashemite Kingdom of Jordan", not "India" into "Government of
    India")."""
    keys = list(counts)
    for key in keys:
        whole = _is_acronym(shown[key])  # "OSCE" is no name cut from "OSCE Secretariat"
        longer = [k for k in keys if k != key and k in counts and _part_of(key, k, whole)]
        if longer and key in counts:
            # Shown as the spelling mentioned more: "World Health Organization" rather
            # than a "UN World Health Organization" seen once.
            if counts[key] > counts[longer[0]]:
                shown[longer[0]] = shown[key]
            counts[longer[0]] += counts.pop(key)


def _is_place(labels: Counter[str], name: str) -> bool:
    """A body's head word makes a body (a division may be a place: `_label`); else GPE
    more often than ORG; on a tie, by its head word: "Royal Malaysian Air Force" is a
    body, "Russian Federation" and "Malaysia" places."""
    head = _words(name.split(" of ")[0])[-1]
    if head in HEADS - STATES - DIVISIONS:
        # A body's head word whatever the label ("Economic Community of West African
        # States", "European Cybersecurity Competence Centre", tagged places).
        return False
    if labels["GPE"] != labels["ORG"]:
        return labels["GPE"] > labels["ORG"]
    return head in STATES or head not in HEADS


def _part_of(key: str, longer: str, whole: bool) -> bool:
    if longer.startswith((key + " ", key + ",")):
        # Not a body into its unit: "United Nations" into "United Nations Office on Drugs",
        # an acronym, a name whole, into "OSCE Secretariat" (but "Foreign and Commonwealth"
        # into "Foreign and Commonwealth Office", "NATO" into "NATO Allies").
        rest = longer[len(key) + 1 :].split()
        return not ((len(rest) > 1 or whole) and HEADS.intersection(rest))
    # A name that ends another, unless whole ("Republic of Korea", not cut from the
    # "Democratic People's Republic of Korea").
    if longer.endswith(" " + key) and " of " not in key:
        before = longer.removesuffix(" " + key).split()
        if before[-2:-1] and before[-1] == "of":
            return before[-2] in STATES
        return before[-1:] != ["the"]
    return False


def _is_acronym(name: str) -> bool:
    letters = name.replace(".", "")
    return letters.isalpha() and letters.isupper() and 2 <= len(letters) <= 8


def _initials(name: str) -> str:
    """ "International Atomic Energy Agency" -> "IAEA"; hyphened words give each part."""
    parts = [p for w in name.split() for p in w.split("-")]
    return "".join(p[0].upper() for p in parts if p and p.casefold() not in _INITIALS_SKIP)


def _words(name: str) -> list[str]:
    return [w.casefold() for w in name.split()]


def _abbreviated_region(text: str) -> bool:
    """ "D.C.", "N.Y.", "DC": a state or district written short after a city, by its code
    ("US, UK" and "Russia, US" are two countries; "People's Republic of China, PRC" a name
    and its acronym)."""
    return text.replace(".", "") in REGION_CODES
