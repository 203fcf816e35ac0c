"""Reading a parsed article: proposals, follow-ups, key facts, people, acronyms and dates.

Every rule here works on spaCy's analysis (lemmas, the dependency tree, entities and
token matchers), never on regular expressions over the raw text, so it follows the
grammar of a sentence rather than its spelling. Only nlp.py calls this module, with a
Doc it made; what comes out is plain data (analysis.py).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from generator.nlp import dates
from generator.nlp.analysis import (
    Acronym,
    AcronymUse,
    Analysis,
    DateMention,
    Entity,
    Fact,
    FollowUp,
    Note,
    Person,
    Proposal,
    Sentence,
)

# ---- word lists: the language of proposals and commitments ---------------------------

PROPOSAL_VERBS = {
    "propose",
    "urge",
    "suggest",
    "recommend",
    "offer",
    "encourage",
    "request",
    "advocate",
    "implore",
    "exhort",
}
# Verbs that propose only with a particle or preposition: "call for", "call on", "ask for".
PROPOSAL_PHRASES = {
    "call": {"for", "on", "upon"},
    "ask": {"for"},
    "press": {"for"},
    "push": {"for"},
    "appeal": {"for", "to"},
    "put": {"forward"},
}
# "reiterated the need for X", "stressed the need to X": a call in the words of a position.
NEED_VERBS = {
    "reiterate",
    "stress",
    "underscore",
    "emphasize",
    "emphasise",
    "highlight",
    "underline",
    "reaffirm",
    "express",
    "note",
    "raise",
    "point",
}
OFFER_NOUNS = {"readiness", "willingness", "offer", "proposal", "suggestion", "recommendation"}
# Nouns that announce a numbered list of proposals ("three approaches were proposed").
LIST_NOUNS = {
    "approach",
    "proposal",
    "point",
    "area",
    "idea",
    "measure",
    "step",
    "initiative",
    "priority",
    "recommendation",
    "suggestion",
    "way",
    "option",
    "pillar",
    "element",
    "principle",
    "track",
    "direction",
    "action",
    "field",
    "issue",
}
ITEM_OPENERS = {
    "these",
    "this",
    "first",
    "firstly",
    "second",
    "secondly",
    "third",
    "thirdly",
    "fourth",
    "finally",
    "lastly",
    "additionally",
    "also",
    "moreover",
    "furthermore",
    "another",
    "next",
    "besides",
}
ITEM_VERBS = {
    "include",
    "highlight",
    "emphasize",
    "emphasise",
    "stress",
    "propose",
    "suggest",
    "call",
    "urge",
    "underline",
    "underscore",
    "recommend",
    "focus",
    "involve",
    "cover",
    "concern",
    "be",
    "advocate",
    "encourage",
}

COMMIT_VERBS = {
    "agree",
    "decide",
    "plan",
    "pledge",
    "commit",
    "vow",
    "promise",
    "resolve",
    "undertake",
    "intend",
    "aim",
    "expect",
    "prepare",
    "schedule",
    "set",
    "seek",
    "determine",
}
COMMIT_NOUNS = {
    "intent",
    "intention",
    "plan",
    "decision",
    "pledge",
    "commitment",
    "agreement",
    "undertaking",
    "resolve",
}
# A commitment that is only restated is a standing position, not a new action.
RESTATE_VERBS = {
    "reaffirm",
    "reiterate",
    "stress",
    "underscore",
    "emphasize",
    "emphasise",
    "highlight",
    "recall",
    "note",
    "welcome",
    "appreciate",
    "applaud",
    "demonstrate",
    "praise",
    "acknowledge",
    "recognize",
    "recognise",
    "show",
}
ACTION_VERBS = {
    "strengthen",
    "implement",
    "establish",
    "launch",
    "hold",
    "sign",
    "complete",
    "conclude",
    "adopt",
    "develop",
    "upgrade",
    "review",
    "organize",
    "organise",
    "convene",
    "host",
    "submit",
    "finalize",
    "finalise",
    "deliver",
    "provide",
    "deploy",
    "build",
    "create",
    "open",
    "introduce",
    "release",
    "publish",
    "accelerate",
    "deepen",
    "improve",
    "negotiate",
    "ratify",
    "start",
    "begin",
    "resume",
    "expand",
    "extend",
    "enhance",
    "set",
    "draft",
    "prepare",
    "meet",
    "visit",
    "attend",
    "participate",
    "join",
    "chair",
    "co-chair",
    "address",
    "announce",
    "send",
    "present",
    "table",
    "hand",
    "issue",
    "travel",
    "lead",
    "welcome",
    "discuss",
    "continue",
    "support",
    "coordinate",
    "fund",
    "invest",
    "allocate",
    "donate",
    "reiterate",
    "highlight",
    "share",
    "raise",
    "explore",
    "pursue",
    "work",
    "cooperate",
    "collaborate",
    "seek",
    "reach",
    "take",
    "make",
    "ensure",
    "maintain",
    "advance",
    "promote",
    "increase",
    "reduce",
}
# Verbs whose future is a scheduled event whoever its subject ("will be held", "will take place").
EVENT_VERBS = {
    "hold",
    "host",
    "meet",
    "convene",
    "take",
    "open",
    "begin",
    "start",
    "launch",
    "visit",
    "attend",
    "participate",
    "join",
    "chair",
    "co-chair",
    "sign",
    "travel",
    "announce",
    "release",
    "publish",
    "conclude",
}
EVENT_NOUNS = {
    "meeting",
    "summit",
    "conference",
    "talk",
    "round",
    "session",
    "visit",
    "dialogue",
    "forum",
    "ministerial",
    "negotiation",
    "consultation",
    "workshop",
    "signing",
    "ceremony",
    "election",
    "vote",
}
# Verbs of seeing and thinking: "they will find" is a prediction, not an action.
STATIVE_VERBS = {
    "find",
    "see",
    "know",
    "think",
    "believe",
    "feel",
    "want",
    "hope",
    "seem",
    "appear",
    "mean",
    "matter",
    "depend",
    "like",
    "love",
    "be",
    "have",
}
# Agreements and negotiations a proposal can turn into a follow-up ("accelerate the EPA talks").
AGREEMENT_ACTIONS = {
    "accelerate",
    "conclude",
    "sign",
    "ratify",
    "upgrade",
    "finalize",
    "finalise",
    "launch",
    "negotiate",
    "complete",
    "start",
    "begin",
    "resume",
    "review",
}
AGREEMENT_WORDS = {
    "agreement",
    "treaty",
    "accord",
    "negotiation",
    "talk",
    "deal",
    "protocol",
    "convention",
    "arrangement",
    "fta",
    "epa",
    "partnership",
}
AGENT_NOUNS = {
    "team",
    "delegation",
    "government",
    "minister",
    "leader",
    "secretary",
    "president",
    "official",
    "partner",
    "side",
    "country",
    "party",
    "ministry",
    "department",
    "office",
    "council",
    "commission",
    "committee",
    "group",
    "member",
    "state",
    "nation",
    "administration",
    "agency",
    "representative",
    "ambassador",
    "envoy",
    "negotiator",
    "chair",
    "chairman",
    "authority",
    "parliament",
    "congress",
    "senate",
    "cabinet",
    "bank",
    "company",
    "firm",
    "organization",
    "organisation",
    "union",
    "association",
    "spokesperson",
    "spokesman",
    "prime",
    "premier",
    "king",
    "queen",
    "governor",
    "mayor",
    "director",
    "coordinator",
}
ROLE_WORDS = {
    "president",
    "minister",
    "secretary",
    "representative",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "ambassador",
    "chairman",
    "chairwoman",
    "chair",
    "director",
    "governor",
    "senator",
    "king",
    "queen",
    "prince",
    "princess",
    "premier",
    "chancellor",
    "commissioner",
    "deputy",
    "envoy",
    "administrator",
    "advisor",
    "adviser",
    "mayor",
    "general",
    "officer",
    "chief",
    "leader",
    "head",
    "counselor",
    "counsellor",
    "councillor",
    "speaker",
    "vice",
    "undersecretary",
    "under",
    "assistant",
    "coordinator",
    "emperor",
    "sultan",
    "ceo",
    "chairperson",
    "attorney",
    "judge",
    "justice",
    "governor-general",
    "secretary-general",
    "consul",
    "delegate",
    "negotiator",
    "staff",
}
HONORIFICS = {
    "mr",
    "mr.",
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "dr",
    "dr.",
    "h.e.",
    "he",
    "sir",
    "dame",
    "madam",
    "hon",
    "hon.",
    "honourable",
    "honorable",
    "the",
    "his",
    "her",
    "excellency",
    "majesty",
    "prof",
    "prof.",
}
ACTOR_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
ORG_LABELS = {"ORG"}
PLACE_LABELS = {"GPE"}
_ACRONYM_TOKEN = re.compile(r"^(?:[A-Z][A-Za-z]*\.){2,}$|^[A-Z0-9&-]*[A-Z][A-Z0-9&-]*$")
_ROMAN = re.compile(r"^(?=[MDCLXVI])M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$")


@dataclass(frozen=True)
class Knowledge:
    """What the project's entity rules add: roles of canonical people, known expansions."""

    roles: Mapping[str, str] = field(default_factory=dict)
    expansions: Mapping[str, str] = field(default_factory=dict)


def analyse(
    doc: Doc,
    reference: dt.date | None,
    model: str,
    model_version: str,
    knowledge: Knowledge | None = None,
) -> Analysis:
    """Everything this module finds in one parsed article."""
    knowledge = knowledge or Knowledge()
    text = _text(doc)
    sentences = tuple(_sentence(s) for s in doc.sents if s.text.strip())
    entities = tuple(
        Entity(e.text, e.label_, e.start_char, e.end_char, e.ent_id_ or None) for e in doc.ents
    )
    acronyms = find_acronyms(doc)
    undefined = find_undefined(doc, acronyms, knowledge)
    mentions, notes = find_dates(doc, reference)
    people = find_people(doc, knowledge)
    parsed = doc.has_annotation("DEP")
    proposals, follow_ups = _drafted(doc, people, reference) if parsed else ((), ())
    if not parsed:
        notes += (Note("N701", "no parser in this pipeline: proposals and follow-ups not drafted"),)
    facts = rank_facts(doc, text)
    return Analysis(
        model=model,
        model_version=model_version,
        reference_date=reference.isoformat() if reference else None,
        sentences=sentences,
        entities=entities,
        acronyms=acronyms,
        undefined_acronyms=undefined,
        dates=mentions,
        people=people,
        facts=facts,
        proposals=proposals,
        follow_ups=follow_ups,
        notes=notes,
    )


def _drafted(
    doc: Doc, people: tuple[Person, ...], reference: dt.date | None
) -> tuple[tuple[Proposal, ...], tuple[FollowUp, ...]]:
    """Proposals and follow-ups from the parse rules below. The trained classifier
    (classifier.py) is not used here yet: trained on 84 articles it scored F1 0.24 on
    proposals on the test split, below both these rules and a keyword baseline (see
    README, "make eval"); it is scored by `make eval` on every release until it wins."""
    proposals = find_proposals(doc, people)
    return proposals, find_follow_ups(doc, people, reference, proposals)


# ---- spans and quotes --------------------------------------------------------------------


def _text(doc: Doc) -> str:
    """The doc's text, joined once: spaCy rebuilds `Doc.text` from its tokens on every call."""
    text = doc.user_data.get("briefs.text")
    if not isinstance(text, str):
        text = doc.user_data["briefs.text"] = doc.text
    return text


def _ents_in(span: Span) -> list[Span]:
    """The entities inside a span, from a list made once per doc."""
    ents = span.doc.user_data.get("briefs.ent_list")
    if not isinstance(ents, list):
        ents = span.doc.user_data["briefs.ent_list"] = list(span.doc.ents)
    return [e for e in ents if span.start <= e.start and e.end <= span.end]


def _ent_at(token: Token) -> Span | None:
    """The entity a token is part of (`Doc.ents` is rebuilt on every call, so index it once)."""
    index = token.doc.user_data.get("briefs.ents")
    if not isinstance(index, dict):
        index = {t: ent for ent in token.doc.ents for t in range(ent.start, ent.end)}
        token.doc.user_data["briefs.ents"] = index
    found = index.get(token.i)
    return found if isinstance(found, Span) else None


def _sentence(span: Span) -> Sentence:
    start, end = _trimmed(_text(span.doc), span.start_char, span.end_char)
    return Sentence(start, end, _text(span.doc)[start:end])


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _quote_span(doc: Doc, first: int, last: int) -> tuple[int, int]:
    """Character offsets of tokens first..last, without dangling punctuation at the edges."""
    tokens = [t for t in doc[first : last + 1] if not t.is_space]
    while len(tokens) > 1 and (tokens[0].is_punct and tokens[0].text not in "(\"'\u2018\u201c"):
        tokens.pop(0)
    while len(tokens) > 1 and tokens[-1].is_punct and tokens[-1].text in ",;:-\u2013\u2014":
        tokens.pop()
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _subtree_span(token: Token, alone: bool = False) -> tuple[int, int]:
    """The whole phrase a token heads, kept inside its sentence; `alone` leaves out the
    actions coordinated with it ("upgrading X in 2026 [and leveraging Y]")."""
    sent = token.sent
    first = max(token.left_edge.i, sent.start)
    last = min(token.right_edge.i, sent.end - 1)
    if alone:
        cut = next(
            (c.i for c in token.children if c.dep_ in {"cc", "conj"} and c.i > token.i), None
        )
        if cut is not None:
            last = cut - 1
    return _quote_span(token.doc, first, last)


def _sentence_span(sent: Span) -> tuple[int, int]:
    return _trimmed(_text(sent.doc), sent.start_char, sent.end_char)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _phrase(token: Token, skip_det: bool = True) -> str:
    """The text of the phrase a token heads, without a leading article."""
    tokens = [t for t in token.subtree if not t.is_space]
    if skip_det:
        while tokens and tokens[0].dep_ == "det" and tokens[0].lower_ in {"the", "a", "an"}:
            tokens.pop(0)
    return _join(tokens)


def _join(tokens: Iterable[Token]) -> str:
    return "".join(t.text_with_ws for t in tokens).strip(" ,;:")


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


# ---- acronyms ------------------------------------------------------------------------------


def is_acronym(text: str) -> bool:
    """A token that reads as an acronym: ASEAN, ROK, G20, U.S., COVID-19 (not Roman numerals)."""
    letters = [c for c in text if c.isalpha()]
    capitals = sum(c.isupper() for c in letters)
    return (
        2 <= len(text) <= 12
        and capitals >= 2
        and capitals >= len(letters) - 1
        and bool(_ACRONYM_TOKEN.match(text))
        and not _ROMAN.match(text)
    )


def find_acronyms(doc: Doc) -> tuple[Acronym, ...]:
    """Acronyms defined in the text: "Long Form (LF)" and "LF (Long Form)", first definition."""
    found: dict[str, Acronym] = {}
    for open_paren in (t for t in doc if t.text == "("):
        close = next((t for t in doc[open_paren.i + 1 : open_paren.i + 12] if t.text == ")"), None)
        if close is None:
            continue
        inside = doc[open_paren.i + 1 : close.i]
        definition = _long_before(doc, open_paren, inside) or _long_inside(doc, open_paren, inside)
        if definition and definition.short not in found:
            found[definition.short] = definition
    return tuple(sorted(found.values(), key=lambda a: a.start))


def _short_form(inside: Span) -> str | None:
    """The acronym a parenthesis holds: one acronym token, perhaps with one more word."""
    words = [t for t in inside if not t.is_space]
    if not words or len(words) > 2 or not is_acronym(words[0].text):
        return None
    if len(words) == 2 and not (words[1].is_title or words[1].like_num):
        return None
    return _join(words)


def _long_before(doc: Doc, open_paren: Token, inside: Span) -> Acronym | None:
    short = _short_form(inside)
    if short is None:
        return None
    letters = [c.lower() for c in short if c.isalnum()]
    sent_start = open_paren.sent.start
    window = doc[max(sent_start, open_paren.i - (len(letters) + 5) * 2) : open_paren.i]
    # Quote marks and the like sit between a long form and its parenthesis: skip them.
    words = [t for t in window if not t.is_space]
    while words and words[-1].is_punct:
        words.pop()
    long_form = _best_long_form(letters, words) or _apposed_long_form(letters, open_paren, inside)
    if long_form is None:
        return None
    start = long_form[0].idx
    end = inside.end_char + 1
    return Acronym(short, _join(long_form), start, end)


def _long_inside(doc: Doc, open_paren: Token, inside: Span) -> Acronym | None:
    """ "LF (Long Form)": an acronym just before a parenthesis that spells it out."""
    before = doc[open_paren.i - 1] if open_paren.i > 0 else None
    if before is None or not is_acronym(before.text):
        return None
    words = [t for t in inside if not t.is_space]
    if len(words) < 2 or not words[0].is_title:
        return None
    letters = [c.lower() for c in before.text if c.isalnum()]
    long_form = _best_long_form(letters, words)
    if long_form is None or long_form[0].i != words[0].i:
        return None
    return Acronym(before.text, _join(words), before.idx, inside.end_char + 1)


def _best_long_form(letters: list[str], words: list[Token]) -> list[Token] | None:
    """Schwartz and Hearst's rule: match the acronym's letters right to left in the words
    before it, the first letter at the start of a word; the long form is the shortest
    run of words that does it. Words are counted as hyphen-separated parts."""
    chars: list[tuple[str, int, bool]] = []  # (char, index into words, starts a word part)
    for index, word in enumerate(words):
        for position, char in enumerate(word.text):
            starts = position == 0 or not word.text[position - 1].isalnum()
            chars.append((char.lower(), index, starts and char.isalnum()))
    s, c = len(letters) - 1, len(chars) - 1
    while s >= 0:
        while c >= 0 and (chars[c][0] != letters[s] or (s == 0 and not chars[c][2])):
            c -= 1
        if c < 0:
            return None
        s, c = s - 1, c - 1
    first_word = chars[c + 1][1]
    long_form = words[first_word:]
    # A long form is words: at least as many as the acronym has letters, less one.
    content = [w for w in long_form if w.is_alpha and not w.is_stop]
    if not long_form or len(content) < max(1, len(letters) - 2) or not long_form[0].is_alpha:
        return None
    return long_form


def _apposed_long_form(letters: list[str], open_paren: Token, inside: Span) -> list[Token] | None:
    """When the letters do not all match (a long form that drops a word, as in "ASEAN-Korea
    Trade Agreement (AKFTA)"), accept the noun phrase the acronym is in apposition to if
    its initials start like the acronym and cover most of its letters, in order."""
    short_token = inside[0]
    head = short_token.head if short_token.dep_ == "appos" else None
    if head is None or head.i >= open_paren.i:
        return None
    phrase = [t for t in head.subtree if t.i < open_paren.i and not t.is_space]
    while phrase and (phrase[0].dep_ == "det" or phrase[0].is_punct):
        phrase.pop(0)
    while phrase and phrase[-1].is_punct:
        phrase.pop()
    initials = [
        part[0].lower()
        for t in phrase
        if not t.is_stop and not t.is_punct
        for part in re.split(r"[-\u2013]", t.text)
        if part
    ]
    if not initials or initials[0] != letters[0]:
        return None
    matched, position = 0, 0
    for letter in letters:
        found = next((i for i in range(position, len(initials)) if initials[i] == letter), None)
        if found is not None:
            matched, position = matched + 1, found + 1
    if matched / len(letters) < 0.6 or len(initials) > len(letters) + 2:
        return None
    return phrase


def find_undefined(
    doc: Doc, defined: tuple[Acronym, ...], knowledge: Knowledge
) -> tuple[AcronymUse, ...]:
    """Acronyms the text uses but never defines, with what the entity rules know of them."""
    known = {a.short for a in defined}
    uses: dict[str, list[Token]] = {}
    for token in doc:
        text = token.text.removesuffix("\u2019s").removesuffix("'s")
        if text in known or not is_acronym(text) or _in_heading(token):
            continue
        uses.setdefault(text, []).append(token)
    return tuple(
        AcronymUse(
            short,
            tokens[0].idx,
            tokens[0].idx + len(short),
            len(tokens),
            knowledge.expansions.get(short),
        )
        for short, tokens in sorted(uses.items(), key=lambda kv: kv[1][0].i)
    )


def _in_heading(token: Token) -> bool:
    """True inside an all-capitals heading ("JOINT STATEMENT"), where capitals are not acronyms."""
    line_start = _text(token.doc).rfind("\n", 0, token.idx) + 1
    line_end = _text(token.doc).find("\n", token.idx)
    line = _text(token.doc)[line_start : line_end if line_end != -1 else len(_text(token.doc))]
    words = re.findall(r"[A-Za-z]{3,}", line)
    return len(words) >= 2 and all(w.isupper() for w in words)


# ---- dates -------------------------------------------------------------------------------


def find_dates(
    doc: Doc, reference: dt.date | None
) -> tuple[tuple[DateMention, ...], tuple[Note, ...]]:
    """Every DATE entity, normalised to ISO against the reference date where it reads."""
    mentions: list[DateMention] = []
    notes: list[Note] = []
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        found = dates.normalise(ent.text, reference)
        if found is None:
            continue
        if found.value is None:
            message = (
                f"'{ent.text}' has no year and the article has no date; "
                "set article.published (or pass --published)"
            )
            notes.append(Note("N703", message, ent.start_char, ent.end_char))
        mentions.append(
            DateMention(
                ent.text,
                ent.start_char,
                ent.end_char,
                found.value,
                found.end_value,
                found.year_inferred,
                _preposition(ent),
            )
        )
    return tuple(mentions), tuple(notes)


def _preposition(span: Span) -> str | None:
    root = span.root
    if root.dep_ == "pobj" and root.head.pos_ == "ADP":
        return root.head.lower_
    before = span.doc[span.start - 1] if span.start > 0 else None
    return before.lower_ if before is not None and before.pos_ == "ADP" else None


# ---- people ------------------------------------------------------------------------------

# Words of an office's name after "of"/"for" ("Secretary of State", "Minister of Foreign
# Affairs"): part of the title, never of the name that follows it.
OFFICE_WORDS = {
    "state",
    "commerce",
    "defense",
    "defence",
    "interior",
    "finance",
    "treasury",
    "foreign",
    "affairs",
    "trade",
    "industry",
    "justice",
    "health",
    "education",
    "energy",
    "agriculture",
    "labor",
    "labour",
    "transport",
    "environment",
    "economy",
    "home",
    "external",
    "homeland",
    "security",
    "information",
    "communications",
    "culture",
    "tourism",
    "investment",
    "planning",
    "development",
    "national",
    "public",
    "works",
    "natural",
    "resources",
    "and",
    "the",
}
TITLE_OPENERS = ROLE_WORDS | {
    "h.e.",
    "honourable",
    "honorable",
    "mr.",
    "ms.",
    "mrs.",
    "dr.",
    "excellency",
    "sir",
    "dame",
}


def titled_names(doc: Doc) -> Doc:
    """Names after a title ("Spokesperson Ned Price", "Secretary of Commerce Gina
    Raimondo", "H.E. Abhisit Vejjajiva") become PERSON entities: the small model often
    reads them as organisations, title and all, or misses them."""
    spans: list[Span] = []
    index = 0
    while index < len(doc):
        token = doc[index]
        if token.lower_ not in TITLE_OPENERS or not token.text[:1].isupper():
            index += 1
            continue
        cursor = index + 1
        if cursor < len(doc) and doc[cursor].lower_ in {"of", "for"}:
            cursor += 1
            while cursor < len(doc) and doc[cursor].lower_ in OFFICE_WORDS:
                cursor += 1
        name_start = cursor
        while cursor < len(doc) and cursor - name_start < 4 and _name_token(doc[cursor]):
            cursor += 1
        length = cursor - name_start
        follows_ok = cursor >= len(doc) or not (
            doc[cursor].pos_ == "PROPN" and doc[cursor].is_title
        )
        # An existing PERSON inside the name is widened ("J. Blinken" -> "Antony J. Blinken");
        # one that reaches past it ("Lee Chae-myung") is better than this guess.
        known = any(
            e.label_ == "PERSON"
            and e.start < cursor
            and name_start < e.end
            and (e.start < name_start or e.end > cursor)
            for e in doc.ents
        )
        if length >= 2 and follows_ok and not known and not doc[name_start].text.endswith("."):
            spans.append(Span(doc, name_start, cursor, label="PERSON"))
        index = max(cursor, index + 1)
    if spans:
        kept = [e for e in doc.ents if not any(e.start < s.end and s.start < e.end for s in spans)]
        doc.ents = sorted([*kept, *spans], key=lambda e: e.start)
    doc.ents = [e for e in doc.ents if not _misread_person(e)]
    return doc


def _name_token(token: Token) -> bool:
    text = token.text
    initial = len(text) == 2 and text[0].isupper() and text[1] == "."
    return (
        (token.pos_ == "PROPN" or initial)
        and ((text[:1].isupper() and not text.isupper()) or initial)
        and token.lower_ not in ROLE_WORDS
        and token.lower_ not in OFFICE_WORDS
        and token.ent_type_ not in {"GPE", "DATE", "NORP"}
    )


def _misread_person(ent: Span) -> bool:
    """ "The Meeting", "COVID-19": what the model took for a person but is none."""
    if ent.label_ != "PERSON":
        return False
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    common = len(ent) == 1 and before is not None and before.lower_ in {"the", "a", "an"}
    return common or any(c.isdigit() for c in ent.text)


@dataclass
class _PersonDraft:
    name: str
    known: bool = False  # named by the entity rules, not only by the statistical model
    role: str | None = None
    aliases: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)


def find_people(doc: Doc, knowledge: Knowledge) -> tuple[Person, ...]:
    """People named in the text, merged across mentions, with roles from appositions and titles."""
    drafts: list[_PersonDraft] = []
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        name = _person_name(ent)
        if not name:
            continue
        canonical = ent.ent_id_ or name
        draft = _merge_target(drafts, canonical)
        if draft is None:
            draft = _PersonDraft(canonical)
            drafts.append(draft)
        elif len(canonical.split()) > len(draft.name.split()) and not ent.ent_id_:
            draft.aliases.append(draft.name)
            draft.name = canonical
        if name != draft.name and name not in draft.aliases:
            draft.aliases.append(name)
        draft.known = draft.known or bool(ent.ent_id_) or _titled(ent)
        draft.mentions.append((ent.start_char, ent.end_char))
        role = _role(ent)
        if role and (draft.role is None or _better_role(role, draft.role)):
            draft.role = role
    people = []
    for draft in drafts:
        # A lone word the model calls a person, never given in full, with no title or
        # role and not in the rules, is far more often a title or an organisation
        # ("Councilor", "Gavi") than a person: news introduces people by full name.
        if len(draft.name.split()) == 1 and not draft.known and not draft.role:
            continue
        aliases = tuple(a for a in dict.fromkeys(draft.aliases) if _is_alias(a, draft.name))
        role = draft.role or knowledge.roles.get(draft.name)
        people.append(Person(draft.name, role, aliases, tuple(draft.mentions)))
    return tuple(people)


def _titled(ent: Span) -> bool:
    """'President Obama', 'Mr. Lee': a title in or just before the name vouches for it."""
    words = {*HONORIFICS, *ROLE_WORDS}
    before = ent.doc[ent.start - 1].lower_ if ent.start > 0 else ""
    return ent[0].lower_ in words or before in words


def _person_name(ent: Span) -> str:
    tokens = [t for t in ent if not t.is_space]
    while tokens and (tokens[0].lower_ in HONORIFICS or tokens[0].lower_ in ROLE_WORDS):
        tokens.pop(0)
    while tokens and (tokens[-1].is_punct or tokens[-1].lower_ in {"'s", "\u2019s"}):
        tokens.pop()
    name = _join(tokens)
    # A "person" in capitals or with no capital at all is a misreading.
    if not name or name.isupper() or not any(c.isupper() for c in name):
        return ""
    return name


def _name_words(name: str) -> set[str]:
    return {w.strip(".,").casefold() for w in re.split(r"[\s]+", name) if len(w.strip(".,")) > 1}


def _merge_target(drafts: list[_PersonDraft], name: str) -> _PersonDraft | None:
    """The person a new mention belongs to: same canonical name, or a name within the other."""
    words = _name_words(name)
    for draft in drafts:
        known = _name_words(draft.name)
        if draft.name == name or name in draft.aliases:
            return draft
        if words and known and (words <= known or known <= words):
            return draft
    return None


def _is_alias(alias: str, name: str) -> bool:
    """Other spellings worth listing: not just a part of the canonical name ('Blinken')."""
    return not _name_words(alias) <= _name_words(name)


def _better_role(new: str, old: str) -> bool:
    """The fuller of two roles: "Secretary of State" over "Secretary"."""
    return len(new) > len(old)


def _role(ent: Span) -> str | None:
    """A person's role from an apposition ("X, Prime Minister and Minister of Interior,")
    or the title before their name ("Secretary of State Antony J. Blinken")."""
    return _apposed_role(ent) or _title_before(ent) or _role_with_apposed_name(ent)


def _apposed_role(ent: Span) -> str | None:
    for child in ent.root.children:
        if child.dep_ == "appos" and child.i >= ent.end and _has_role_word(child.subtree):
            tokens = [t for t in child.subtree if t.i >= ent.end and not t.is_space]
            while tokens and tokens[0].is_punct:
                tokens.pop(0)
            return _clean_role(_join(tokens))
    return _comma_role(ent)


def _comma_role(ent: Span) -> str | None:
    """ "Name, Prime Minister and Minister of Interior, attended": a role set off by commas
    that the parser took for a conjunct. The phrase must open with a role word."""
    doc = ent.doc
    if ent.end >= len(doc) or doc[ent.end].text != ",":
        return None
    tokens: list[Token] = []
    for token in doc[ent.end + 1 : min(ent.end + 16, ent.sent.end)]:
        if token.text in {",", ".", ";", ":", "("}:
            break
        tokens.append(token)
    else:
        return None
    opener = next((t for t in tokens if t.lower_ not in {"the", "a", "an"}), None)
    if opener is None or not _has_role_word(tokens[: tokens.index(opener) + 3]):
        return None
    if not opener.text[:1].isupper() or opener.ent_type_ == "PERSON":
        return None
    return _clean_role(_join(tokens))


def _role_with_apposed_name(ent: Span) -> str | None:
    """ "the President of the United States, Joe Biden": the name in apposition to a role."""
    root = ent.root
    if root.dep_ != "appos" or root.head.i >= ent.start:
        return None
    head = root.head
    if head.lower_ not in ROLE_WORDS and not _has_role_word([head]):
        return None
    tokens = [t for t in head.subtree if t.i < ent.start and not t.is_space]
    while tokens and (tokens[0].dep_ == "det" or tokens[0].lower_ in HONORIFICS):
        tokens.pop(0)
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    return _clean_role(_join(tokens)) if tokens else None


def _title_before(ent: Span) -> str | None:
    doc = ent.doc
    index = ent.start - 1
    tokens: list[Token] = []
    while index >= ent.sent.start:
        token = doc[index]
        capitalised = token.text[:1].isupper() and token.pos_ in {"PROPN", "NOUN", "ADJ"}
        joiner = (
            token.lower_ in {"of", "for", "-", "\u2013"}
            or (token.lower_ == "the" and index > 0 and doc[index - 1].lower_ in {"of", "for"})
        ) and tokens
        if token.is_space or not (capitalised or joiner) or token.lower_ in HONORIFICS:
            break
        if token.ent_type_ == "PERSON" and token.lower_ not in ROLE_WORDS:
            break
        tokens.insert(0, token)
        index -= 1
    while tokens and tokens[0].lower_ in {"of", "for", "and", "the", "-", "\u2013"}:
        tokens.pop(0)
    # Keep the title from its first role word's modifier on: "U.S. Trade Representative".
    if not tokens or not _has_role_word(tokens):
        return None
    return _clean_role(_join(tokens))


def _has_role_word(tokens: Iterable[Token]) -> bool:
    return any(t.lower_ in ROLE_WORDS or t.lower_.split("-")[0] in ROLE_WORDS for t in tokens)


def _clean_role(role: str) -> str | None:
    role = role.strip(" ,;:")
    words = role.split()
    while words and words[0].casefold().strip(".") in {"mr", "ms", "mrs", "h.e", "dr", "the"}:
        words.pop(0)
    role = " ".join(words)
    return role if 2 <= len(role) <= 120 else None


# ---- actors: who did it ---------------------------------------------------------------


@dataclass
class _Context:
    """What the text has named so far, to resolve "he" and "the Prime Minister"."""

    people: tuple[Person, ...]
    last_person: str | None = None
    last_actor: str | None = None
    last_group: str | None = None


def _actor(token: Token | None, context: _Context) -> str | None:
    """The name behind a subject: an entity, a person known by role, or the phrase itself."""
    if token is None:
        return None
    if token.pos_ == "PRON":
        if token.lower_ in {"he", "she", "him", "her"}:
            return _person_before(token, context) or context.last_person
        if token.lower_ in {"they", "we"}:
            return context.last_group or context.last_actor
        return context.last_actor if token.lower_ == "it" else None
    parts = [token, *(c for c in token.conjuncts if c.i > token.i)]
    names = [_one_actor(part, context) for part in parts]
    return " and ".join(dict.fromkeys(n for n in names if n)) or None


def _one_actor(token: Token, context: _Context) -> str | None:
    if token.ent_type_ in ACTOR_LABELS:
        ent = _ent_at(token)
        if ent is not None:
            if ent.label_ == "PERSON":
                return _person_of(ent, context) or _person_name(ent) or None
            text = ent.ent_id_ or ent.text
            return re.sub(r"^(?:the|The)\s+", "", text).removesuffix("\u2019s").removesuffix("'s")
    role = _join(_compounds(token))
    for person in context.people:
        if person.role and role and role.casefold() in person.role.casefold():
            return person.name
    if (
        token.lower_ in ROLE_WORDS
        and context.last_person
        and token.lower_ in {"secretary", "president"}
    ):
        return context.last_person
    return role or None


def _person_before(pronoun: Token, context: _Context) -> str | None:
    """ "Ms. Raimondo said she ...": the last person named earlier in the same sentence."""
    named = [e for e in _ents_in(pronoun.sent) if e.label_ == "PERSON" and e.end <= pronoun.i]
    return _person_of(named[-1], context) if named else None


def _compounds(token: Token) -> list[Token]:
    """A noun with the words that make its name: "the USTR team" -> [USTR, team]."""
    words = [token]
    for child in reversed(list(token.lefts)):
        if child.dep_ in {"compound", "amod", "nmod"} and child.i == words[0].i - 1:
            words.insert(0, child)
    return words


def _person_of(ent: Span, context: _Context) -> str | None:
    for person in context.people:
        if (ent.start_char, ent.end_char) in person.mentions:
            return person.name
    return None


def _subject(verb: Token) -> Token | None:
    """The subject of a verb, borrowed from the verb it is coordinated with if it has none."""
    current: Token | None = verb
    for _ in range(4):
        if current is None:
            return None
        for child in current.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                return child
        if current.dep_ in {"conj", "xcomp", "advcl"} and current.head is not current:
            current = current.head
        else:
            return None
    return None


def _update_context(sent: Span, context: _Context) -> None:
    for token in sent:
        if token.dep_ in {"nsubj", "nsubjpass"}:
            if token.ent_type_ == "PERSON":
                context.last_person = _actor(token, context) or context.last_person
            actor = _actor(token, context)
            if actor and token.pos_ != "PRON":
                context.last_actor = actor
                if " and " in actor:
                    context.last_group = actor
                if any(actor == p.name for p in context.people):
                    context.last_person = actor
    for ent in _ents_in(sent):
        if ent.label_ == "PERSON" and context.last_person is None:
            context.last_person = _person_of(ent, context)


# ---- proposals ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Announcement:
    sentence: int
    count: int
    by: str | None
    trigger: str


def find_proposals(doc: Doc, people: tuple[Person, ...]) -> tuple[Proposal, ...]:
    """Proposals: a proposing verb with its actor, active or passive, and announced lists."""
    sents = list(doc.sents)
    context = _Context(people)
    found: list[Proposal] = []
    announcements: list[_Announcement] = []
    for number, sent in enumerate(sents):
        for trigger in _proposal_triggers(sent):
            count = _announced_count(trigger)
            by = _proposer(trigger, sent, context)
            if count:
                announcements.append(_Announcement(number, count, by, trigger.lemma_))
                continue
            found.append(_proposal(trigger, sent, by))
        _update_context(sent, context)
    found += _announced_items(sents, announcements)
    return _without_overlaps(found)


def _proposal_triggers(sent: Span) -> Iterator[Token]:
    for token in sent:
        if _is_proposal_verb(token) or _is_offer_noun(token):
            yield token


def _is_proposal_verb(token: Token) -> bool:
    lemma = token.lemma_.lower()
    if token.pos_ != "VERB" or token.dep_ in {"amod", "compound"}:
        return False
    if lemma in PROPOSAL_VERBS:
        return _proposes(token)
    if lemma in PROPOSAL_PHRASES:
        return _has_particle(token, PROPOSAL_PHRASES[lemma])
    if lemma == "ask":
        return any(c.dep_ in {"xcomp", "ccomp"} for c in token.children)
    if lemma in NEED_VERBS:
        return any(c.lemma_ == "need" and c.dep_ == "dobj" for c in token.children)
    return False


def _is_offer_noun(token: Token) -> bool:
    """ "expressed its readiness to work with ...": an offer."""
    if token.pos_ != "NOUN" or token.lemma_.lower() not in {"readiness", "willingness"}:
        return False
    has_clause = any(c.dep_ in {"acl", "relcl"} for c in token.children)
    return has_clause and token.head.lemma_ not in {"welcome", "appreciate", "note"}


def _proposes(verb: Token) -> bool:
    """A proposing verb that proposes: "offered condolences" and "encouraged by" do not."""
    if verb.lemma_ == "offer" and any(
        c.lemma_ in {"condolence", "congratulation", "thanks"} for c in verb.children
    ):
        return False
    if verb.tag_ == "VBN" and not any(
        c.dep_ in {"auxpass", "nsubjpass", "agent"} for c in verb.children
    ):
        return verb.dep_ in {"ROOT", "conj", "ccomp", "relcl"} and _subject(verb) is not None
    return True


def _has_particle(verb: Token, words: set[str]) -> bool:
    return any(c.dep_ in {"prep", "prt", "dobj"} and c.lower_ in words for c in verb.children)


def _announced_count(trigger: Token) -> int:
    """N when the trigger's object is "N approaches/proposals/...", else 0."""
    objects = [c for c in trigger.children if c.dep_ in {"dobj", "nsubjpass"}]
    for noun in objects:
        if noun.lemma_.lower() in LIST_NOUNS and noun.tag_ in {"NNS", "NNPS"}:
            for child in noun.children:
                if child.dep_ == "nummod" and child.like_num:
                    return _number(child)
    return 0


def _number(token: Token) -> int:
    if token.text.isdigit():
        return min(int(token.text), 12)
    # "a"/"an"/"one" announce no list: a count starts at two.
    count = dates.NUMBER_WORDS.get(token.lower_, 0)
    return count if count >= 2 else 0


def _proposer(trigger: Token, sent: Span, context: _Context) -> str | None:
    if trigger.pos_ == "NOUN":
        owner = next((c for c in trigger.children if c.dep_ == "poss"), None)
        return (
            _actor(owner, context) if owner is not None else _actor(_subject(trigger.head), context)
        )
    for child in trigger.children:
        if child.dep_ == "agent":
            agent = next((c for c in child.children if c.dep_ == "pobj"), None)
            return _actor(agent, context)
    subject = _subject(trigger)
    if subject is not None and subject.dep_ != "nsubjpass":
        return _actor(subject, context)
    behalf = next((t for t in sent if t.lower_ == "behalf"), None)
    if behalf is not None:
        of = next((c for c in behalf.children if c.lower_ == "of"), None)
        target = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
        if target is not None:
            return _actor(target, context)
    return context.last_actor


def _proposal(trigger: Token, sent: Span, by: str | None) -> Proposal:
    doc = sent.doc
    if trigger.dep_ == "ROOT" or (trigger.pos_ == "NOUN" and trigger.head.dep_ == "ROOT"):
        start, end = _sentence_span(sent)
    else:
        start, end = _subtree_span(trigger)
    content = [
        c
        for c in trigger.children
        if c.dep_ in {"dobj", "xcomp", "ccomp", "nsubjpass", "acl", "prep", "attr"}
    ]
    what = " ".join(_phrase(c) for c in content if c.dep_ != "prep" or c.lower_ in {"for", "on"})
    return Proposal(
        _text(doc)[start:end],
        start,
        end,
        by,
        _capitalised(what or _text(doc)[start:end]),
        trigger.lemma_.lower(),
    )


def _announced_items(sents: list[Span], announcements: list[_Announcement]) -> list[Proposal]:
    """The items that follow "N approaches were proposed": the next sentences that read as
    items of a list, up to N. A lede that announces a list given later is not one more."""
    items: list[Proposal] = []
    for position, announcement in enumerate(announcements):
        following: list[Span] = []
        for sent in sents[announcement.sentence + 1 :]:
            if len(following) == announcement.count or not _reads_as_item(sent):
                break
            following.append(sent)
        if following:
            for sent in following:
                start, end = _sentence_span(sent)
                text = _text(sent.doc)[start:end]
                items.append(
                    Proposal(
                        text, start, end, announcement.by, _item_text(sent), announcement.trigger
                    )
                )
            continue
        restated = any(a.count == announcement.count for a in announcements[position + 1 :])
        if not restated:
            sent = sents[announcement.sentence]
            start, end = _sentence_span(sent)
            items.append(
                Proposal(
                    _text(sent.doc)[start:end],
                    start,
                    end,
                    announcement.by,
                    sent.text.strip(),
                    announcement.trigger,
                )
            )
    return items


def _reads_as_item(sent: Span) -> bool:
    words = [t for t in sent if not t.is_space and not t.is_punct]
    if not words:
        return False
    root = sent.root
    opens = words[0].lower_ in ITEM_OPENERS
    also = any(c.lower_ in {"also", "additionally"} for c in root.children)
    return (opens or also) and (root.lemma_.lower() in ITEM_VERBS or opens)


def _item_text(sent: Span) -> str:
    root = sent.root
    content = [c for c in root.children if c.dep_ in {"dobj", "xcomp", "ccomp", "attr"}]
    return _capitalised(" ".join(_phrase(c) for c in content)) or sent.text.strip()


def _without_overlaps(items: list[Proposal]) -> tuple[Proposal, ...]:
    kept: list[Proposal] = []
    for item in sorted(items, key=lambda p: (p.start, -(p.end - p.start))):
        if not any(_overlaps((item.start, item.end), (k.start, k.end)) for k in kept):
            kept.append(item)
    return tuple(kept)


# ---- follow-ups --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    action: str
    owner: str | None
    due: str | None
    trigger: str
    key: str
    specific: bool


def find_follow_ups(
    doc: Doc,
    people: tuple[Person, ...],
    reference: dt.date | None,
    proposals: tuple[Proposal, ...],
) -> tuple[FollowUp, ...]:
    """Commitments and scheduled actions: will + action, agreed/plans/decided to, named
    agreements acted on by a future date, and the agreements a proposal would move on."""
    context = _Context(people)
    candidates: list[_Candidate] = []
    proposal_spans = [(p.start, p.end) for p in proposals]
    for sent in doc.sents:
        for token in sent:
            candidate = (
                _future(token, context, reference)
                or _commitment(token, context, reference)
                or _dated_action(token, context, reference)
                or _agreement_in_proposal(token, context, reference, proposal_spans)
            )
            if candidate is not None:
                candidates.append(candidate)
        _update_context(sent, context)
    return tuple(
        FollowUp(_text(doc)[c.start : c.end], c.start, c.end, c.action, c.owner, c.due, c.trigger)
        for c in _chosen(candidates)
    )


def _future(token: Token, context: _Context, reference: dt.date | None) -> _Candidate | None:
    """ "X will do Y": an action (not a prediction) in the future tense."""
    if token.tag_ != "MD" or token.lower_ not in {"will", "shall", "'ll", "\u2019ll"}:
        return None
    verb = token.head
    if verb.pos_ not in {"VERB", "AUX"} or verb is token:
        return None
    subject = _subject(verb)
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    lemma = _verb_lemma(verb)
    if lemma in STATIVE_VERBS and not passive:
        return None
    agent = _is_agent(subject)
    event = lemma in EVENT_VERBS and (agent or passive or _is_event(subject))
    if not (
        (agent and lemma in ACTION_VERBS | EVENT_VERBS)
        or (passive and lemma in ACTION_VERBS)
        or event
        or (_is_event(subject) and lemma in {"take", "be"})
    ):
        return None
    owner = None if passive else _actor(subject, context)
    span_token = verb.head if verb.dep_ == "relcl" else verb
    action = _action_text(verb, passive_subject=subject if passive else None)
    relative = verb if verb.dep_ == "relcl" else None
    return _make(
        span_token, action, owner, _due_of(verb, reference), "will", reference, relative=relative
    )


def _verb_lemma(verb: Token) -> str:
    """The lemma, with a prefix the tokenizer split off put back ("co-chair")."""
    doc = verb.doc
    if verb.i + 2 < len(doc) and doc[verb.i + 1].text == "-" and not doc[verb.i + 1].whitespace_:
        return f"{verb.lower_}-{doc[verb.i + 2].lemma_.lower()}"
    return verb.lemma_.lower()


def _commitment(token: Token, context: _Context, reference: dt.date | None) -> _Candidate | None:
    """ "agreed to hold", "pledged continued support", "his intent to sign", "agreed on the
    need to strengthen": a party commits to an action."""
    lemma = token.lemma_.lower()
    if token.pos_ == "VERB" and lemma in COMMIT_VERBS and token.tag_ != "VBG":
        action_verb = next(
            (c for c in token.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), None
        )
        if action_verb is None and lemma == "agree":
            action_verb = _agreed_need(token)
        if action_verb is None and lemma in {"pledge", "commit"}:
            action_verb = next((c for c in token.children if c.dep_ in {"dobj", "prep"}), None)
        if action_verb is None or _restated(token):
            return None
        owner = _actor(_subject(token), context)
        span = token.head if token.dep_ == "relcl" else token
        action = (
            _action_text(action_verb)
            if action_verb.pos_ == "VERB"
            else _capitalised(_phrase(action_verb))
        )
        return _make(
            span,
            action,
            owner,
            _due_of(action_verb, reference) or _due_of(token, reference),
            lemma,
            reference,
        )
    # A named plan or agreement ("the AKFTA agreement to enhance ...") is a thing, not a pledge.
    named = any(c.dep_ == "compound" for c in token.children)
    if token.pos_ == "NOUN" and lemma in COMMIT_NOUNS and not named and not _restated(token):
        action_verb = next(
            (
                c
                for c in token.children
                if c.dep_ in {"acl", "relcl"}
                and c.pos_ == "VERB"
                and any(a.lower_ == "to" for a in c.children)
            ),
            None,
        )
        if action_verb is None:
            return None
        owner_token = next((c for c in token.children if c.dep_ == "poss"), None)
        owner = (
            _actor(owner_token, context)
            if owner_token is not None
            else _actor(_subject(token.head), context)
        )
        if owner in {"his", "her", "their"} or owner is None:
            owner = _actor(_subject(token.head), context)
        return _make(
            action_verb,
            _action_text(action_verb),
            owner,
            _due_of(action_verb, reference),
            lemma,
            reference,
        )
    return None


def _agreed_need(agree: Token) -> Token | None:
    """ "agreed on the need to X": the X; "agreed on the importance of" is a position."""
    for prep in (c for c in agree.children if c.dep_ == "prep" and c.lower_ == "on"):
        for need in (c for c in prep.children if c.lemma_ == "need"):
            return next((c for c in need.children if c.dep_ in {"acl", "relcl"}), None)
    return None


def _restated(token: Token) -> bool:
    """True when a commitment is only restated ("reaffirming its commitment to ...")."""
    current = token
    for _ in range(3):
        head = current.head
        if head is current:
            return False
        if head.lemma_.lower() in RESTATE_VERBS:
            return True
        current = head
    return False


def _dated_action(token: Token, context: _Context, reference: dt.date | None) -> _Candidate | None:
    """An action on something named, tied to a date still ahead: "upgrading the AKFTA in 2026"."""
    if reference is None or token.pos_ != "VERB" or token.lemma_.lower() not in ACTION_VERBS:
        return None
    if token.tag_ in {"VBD", "VBZ", "VBP"} or any(
        c.dep_ == "aux" and c.tag_ == "VBZ" for c in token.children
    ):
        return None  # what is done or being done now is news, not a follow-up
    due = _due_of(token, reference, own_only=True)
    if due is None or dates.is_past(due, reference) or not _future_date(token, reference):
        return None
    if not _named_object(token):
        return None
    owner = _actor(_subject(token), context) if _subject(token) is not None else None
    return _make(
        token,
        _action_text(token),
        owner if _is_named(owner) else None,
        due,
        "date",
        reference,
        specific=True,
    )


def _agreement_in_proposal(
    token: Token, context: _Context, reference: dt.date | None, spans: list[tuple[int, int]]
) -> _Candidate | None:
    """Inside a proposal, a move on a named agreement or negotiation ("accelerating
    negotiations on the EPA") is an action to follow up."""
    if token.pos_ != "VERB" or token.lemma_.lower() not in AGREEMENT_ACTIONS:
        return None
    if not any(start <= token.idx < end for start, end in spans):
        return None
    objects = [c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}]
    if not any(_names_agreement(o) for o in objects):
        return None
    return _make(
        token,
        _action_text(token),
        None,
        _due_of(token, reference),
        "proposal",
        reference,
        specific=True,
    )


def _names_agreement(noun: Token) -> bool:
    words = {t.lemma_.lower() for t in noun.subtree}
    named = any(t.pos_ == "PROPN" or is_acronym(t.text) for t in noun.subtree)
    return bool(words & AGREEMENT_WORDS) and named


def _named_object(verb: Token) -> bool:
    for child in verb.children:
        if child.dep_ in {"dobj", "nsubjpass", "attr"} and any(
            t.pos_ == "PROPN" or t.ent_type_ in {"ORG", "LAW", "EVENT", "WORK_OF_ART", "PRODUCT"}
            for t in child.subtree
        ):
            return True
    return False


def _future_date(verb: Token, reference: dt.date) -> bool:
    due = _due_of(verb, reference, own_only=True)
    return due is not None and not dates.is_past(due, reference) and due[:4] >= str(reference.year)


def _is_agent(subject: Token | None) -> bool:
    if subject is None:
        return False
    if subject.pos_ == "PRON":
        return subject.lower_ in {"i", "we", "he", "she", "they", "you"}
    if subject.ent_type_ in ACTOR_LABELS:
        return True
    return subject.lemma_.lower() in AGENT_NOUNS


def _is_event(subject: Token | None) -> bool:
    return subject is not None and subject.lemma_.lower() in EVENT_NOUNS


def _is_named(owner: str | None) -> bool:
    return bool(owner) and owner is not None and owner[:1].isupper()


def _action_text(verb: Token, passive_subject: Token | None = None) -> str:
    """The action in the imperative: "upgrading the AKFTA in 2026" -> "Upgrade the AKFTA in
    2026"; "cooperation will be strengthened" -> "Strengthen cooperation"."""
    cut = next((c.i for c in verb.children if c.dep_ in {"cc", "conj"} and c.i > verb.i), None)
    after = [t for t in verb.subtree if verb.i < t.i < (cut or len(verb.doc)) and not t.is_space]
    words = [verb.lemma_.lower()]
    if verb.lemma_.lower() == "be" and passive_subject is None:
        words = [verb.text]
    if passive_subject is not None and passive_subject.lower_ in {"which", "that", "who"}:
        antecedent = verb.head
        words.append(
            _join(
                t
                for t in antecedent.subtree
                if (t.i < verb.left_edge.i and t.dep_ != "det") or t.i == antecedent.i
            )
        )
    elif passive_subject is not None:
        words.append(_phrase(passive_subject))
        after = [t for t in after if t.dep_ != "agent"]
    text = " ".join(w for w in [*words, _join(after)] if w).strip(" .")
    return _capitalised(text)


def _due_of(verb: Token, reference: dt.date | None, own_only: bool = False) -> str | None:
    """The date an action is tied to: a date phrase on the verb or its object, else the
    sentence's date ("On September 9, X will ..."). A range gives its end."""
    scopes = [verb]
    if not own_only and verb.dep_ == "xcomp":
        scopes.append(verb.head)
    for scope in scopes:
        for child in _clause_tokens(scope):
            value = _date_value(child, reference)
            if value:
                return value
    if own_only:
        return None
    root = verb.sent.root
    for child in root.children:
        value = _date_value(child, reference)
        if value:
            return value
    return None


def _clause_tokens(verb: Token) -> Iterator[Token]:
    """The tokens of a verb's own clause, nearest first, not entering clauses below it."""
    queue = list(verb.children)
    while queue:
        token = queue.pop(0)
        if token.dep_ in {"ccomp", "xcomp", "advcl", "relcl", "conj", "acl", "csubj"}:
            continue
        yield token
        queue.extend(token.children)


def _date_value(token: Token, reference: dt.date | None) -> str | None:
    candidates = [token]
    if token.dep_ == "prep" and token.lower_ not in {"since", "from", "after"}:
        candidates = [c for c in token.children if c.dep_ == "pobj"]
    elif token.dep_ not in {"npadvmod", "nummod", "appos", "tmod", "pobj", "prep", "advmod"}:
        return None
    for candidate in candidates:
        ent = _ent_at(candidate)
        if ent is None or ent.label_ != "DATE":
            continue
        found = dates.normalise(ent.text, reference)
        if found and found.value:
            return found.end_value or found.value
    return None


def _make(
    token: Token,
    action: str,
    owner: str | None,
    due: str | None,
    trigger: str,
    reference: dt.date | None,
    specific: bool = False,
    relative: Token | None = None,
) -> _Candidate | None:
    if due and reference and dates.is_past(due, reference):
        return None
    if token.dep_ == "ROOT":
        start, end = _sentence_span(token.sent)
    elif relative is not None:
        # "the AI Summit which will be held this autumn": the noun and its clause.
        start = _subtree_span(token)[0]
        end = _subtree_span(relative, alone=True)[1]
    else:
        start, end = _subtree_span(token, alone=specific)
    key = _object_key(token)
    return _Candidate(start, end, action, owner, due, trigger, key, specific)


def _object_key(verb: Token) -> str:
    """What an action is about, for telling two mentions of one action apart: its named
    object without dates, articles or brackets ("ASEAN-ROK Work Plan")."""
    names = [
        t.text.lower()
        for c in verb.children
        if c.dep_ in {"dobj", "nsubjpass", "pobj", "prep"}
        for t in c.subtree
        if (t.pos_ == "PROPN" or is_acronym(t.text)) and t.ent_type_ != "DATE"
    ]
    return " ".join(names)


def _chosen(candidates: list[_Candidate]) -> list[_Candidate]:
    """One follow-up per action: a specific one inside a wider one wins (its owner kept),
    and a second mention of the same named object is dropped."""
    ordered = sorted(candidates, key=lambda c: (c.start, -(c.end - c.start)))
    kept: list[_Candidate] = []
    for candidate in ordered:
        inner = [k for k in kept if k.start <= candidate.start and candidate.end <= k.end]
        if inner:
            wider = inner[0]
            if candidate.specific:
                owner = candidate.owner or wider.owner
                replacement = _Candidate(
                    candidate.start,
                    candidate.end,
                    candidate.action,
                    owner,
                    candidate.due or wider.due,
                    candidate.trigger,
                    candidate.key,
                    True,
                )
                kept[kept.index(wider)] = replacement
            continue
        if any(_overlaps((k.start, k.end), (candidate.start, candidate.end)) for k in kept):
            continue
        if candidate.key and any(k.key == candidate.key for k in kept):
            continue
        kept.append(candidate)
    merged: list[_Candidate] = []
    for candidate in kept:
        if candidate.key and any(m.key == candidate.key for m in merged):
            continue
        merged.append(candidate)
    return merged


# ---- key facts -----------------------------------------------------------------------------


def rank_facts(doc: Doc, text: str, most: int = 5) -> tuple[Fact, ...]:
    """The sentences that carry who/what/when, best first by a simple score, in text order."""
    scored: list[tuple[float, int, int, int]] = []
    content = [s for s in doc.sents if _is_content(s)]
    for position, sent in enumerate(content):
        kinds = Counter(e.label_ for e in _ents_in(sent))
        names = {
            e.text
            for e in _ents_in(sent)
            if e.label_ in {"PERSON", "ORG", "GPE", "NORP", "EVENT", "LAW", "FAC"}
        }
        score = 2.0 * min(kinds["PERSON"], 2) + 1.0 * min(len(names), 4)
        score += 1.5 if kinds["DATE"] or kinds["TIME"] else 0.0
        score += 2.0 / (1 + position)
        if sent[0].pos_ == "PRON" or sent[0].lower_ in {"this", "these", "that", "it"}:
            score -= 1.5
        start, end = _without_dateline(doc, sent)
        scored.append((score, position, start, end))
    count = max(1, min(most, round(len(content) / 3) or 1))
    best = sorted(scored, key=lambda s: (-s[0], s[1]))[:count]
    return tuple(
        Fact(text[start:end], start, end, text[start:end], round(score, 2))
        for score, _, start, end in sorted(best, key=lambda s: s[1])
    )


def _is_content(sent: Span) -> bool:
    words = [t for t in sent if t.is_alpha]
    has_verb = any(t.pos_ in {"VERB", "AUX"} for t in sent)
    written = _text(sent.doc)[sent.start_char : sent.end_char]
    lowered = written.lower()
    boilerplate = "attributable to" in lowered or "all rights reserved" in lowered
    # A line without a full stop is a headline or a heading, not a sentence of the story.
    ends = written.rstrip().endswith((".", "!", "?", '"', "\u201d", "\u2019", "'", ")"))
    return 6 <= len(words) <= 80 and has_verb and ends and not boilerplate and not written.isupper()


def _without_dateline(doc: Doc, sent: Span) -> tuple[int, int]:
    """A sentence's span without a dateline in front ("Kuala lumpur: Thailand proposes")."""
    start, end = _sentence_span(sent)
    tokens = [t for t in sent[:6] if not t.is_space]
    for token in tokens[:5]:
        before = tokens[: tokens.index(token)]
        if (
            token.text in {":", "\u2014", "\u2013"}
            and before
            and before[0].is_title
            and all(t.is_alpha or t.text == "," for t in before)
        ):
            nxt = doc[token.i + 1 : sent.end]
            if len(nxt) > 3:
                return _trimmed(_text(doc), nxt.start_char, end)
    return start, end
