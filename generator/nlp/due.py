"""When a follow-up is due: the date the text ties to its action, made ISO by `dates.py`.

The parse rules (`follow_ups.py`) and the classifier's items (`fields.py`) both ask here.
`due_of` reads the dates on the action's own clause, then the sentence's; `sentence_due`
falls back on any date in the sentence that is still to come. A date that only says when
something was said or done ("announced today that it will …", "agreed on Tuesday to …")
is not when the action is due. A range gives its end, a week its month (the annotators'
convention for "this week", "in two weeks"), "within six months" its month from the
article's date. The dates a follow-up takes from around it (a dated event it goes on
with, a list's lead-in) are `due_events.py`'s.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from spacy.tokens import Span, Token

from generator.nlp import dates
from generator.nlp.datelines import dateline_at
from generator.nlp.spans import _ent_at, _text

# Prepositions that put a deadline after a span of time: "within six months", "in two weeks".
_WITHIN = {"within", "in"}
# Prepositions a date is read with: "in May", "before summer", "by May".
_BEFORE_DATE = {"in", "by", "before", "until", "till", "during"}
# Prepositions that put an event before what the sentence tells: "following the visit".
_AFTER_EVENT = {"following", "after", "since"}
# Prepositions of a point in time: on a past-tense verb they date the saying or the doing.
_AT = {"on", "in", "at", "during"}
# Words that join the days of a run or a list: "Thursday and Friday", "14-16 August".
_RUN_WORDS = {"and", "or", "to", "through", "until", "till", "&", "-", "\u2013", "\u2014", ","}
# ... and what joins a run to its month and year: "the 23rd and 24th of November 2013".
_PHRASE_JOINS = _RUN_WORDS | {"of", "the"}
_YEARS = re.compile(r"\d{4}(?:\s*[-\u2013/]\s*\d{2,4})?")
_YEAR = re.compile(r"\d{4}")
_DAY = re.compile(r"[-\u2013]?\d{1,2}(?:st|nd|rd|th)?")
# The day a TIME entity names: "tonight", "at 3 pm tomorrow", "later this afternoon".
_DAY_PART = re.compile(
    r"\b(?:tonight|today|tomorrow(?: morning| afternoon| evening)?"
    r"|this (?:morning|afternoon|evening))\b",
    re.IGNORECASE,
)
# A day written with its month, as the dates spaCy leaves untagged are: "4 and 6 September",
# "3rd and 4th September 2024", "November 21". Month names capitalised: "may" is a verb.
_MONTH_WORD = r"(?:" + "|".join(name.capitalize() for name in dates.MONTHS) + r")\.?"
_ORDINAL = r"\d{1,2}(?:st|nd|rd|th)?"
_OR_DAY = r"(?:\s*(?:-|\u2013|and|to)\s*" + _ORDINAL + r")?"
_WRITTEN_DAY = re.compile(
    r"\b(?:" + _ORDINAL + _OR_DAY + r"\s+(?:of\s+)?" + _MONTH_WORD
    + r"|" + _MONTH_WORD + r"\s+" + _ORDINAL + _OR_DAY + r")\b(?:,?\s+\d{4}\b)?"
)  # fmt: skip
# "the past year", "last month", "two years ago": never when something is due.
_LOOKS_BACK = re.compile(r"\b(?:past|last|ago|previous|earlier|recent)\b", re.IGNORECASE)


def due_of(verb: Token, reference: dt.date | None, own_only: bool = False) -> str | None:
    """The date an action is tied to: a date phrase on the verb or its object, else the
    sentence's date ("On September 9, X will ..."). A range gives its end. A year that
    names a thing ("the 2012 winter meeting") counts only when no other date does."""
    return _due_of(verb, reference, own_only, False) or _due_of(verb, reference, own_only, True)


def _due_of(verb: Token, reference: dt.date | None, own_only: bool, names: bool) -> str | None:
    scopes = [verb]
    if not own_only and verb.dep_ == "xcomp":
        scopes.append(verb.head)
    for scope in scopes:
        for child in _clause_tokens(scope):
            value = _date_value(child, reference, names)
            if value:
                return value
    if own_only:
        return None
    root = verb.sent.root
    for child in root.children:
        value = _date_value(child, reference, names)
        if value:
            return value
    return None


def sentence_due(sent: Span, verb: Token | None, reference: dt.date | None) -> str | None:
    """The due date of a follow-up drafted from a whole sentence: its action verb's date,
    else the first date in the sentence that is not before the article's date and does
    not date something said or done; a year that names a thing only when nothing else."""
    for names in (False, True):
        found = _due_of(verb, reference, False, names) if verb is not None else None
        if found or (found := _sentence_date(sent, reference, names)):
            return _run_end(sent, _within_year(sent, found, reference), reference, verb)
    return next(_untagged_dates(sent, reference), None)


def _within_year(sent: Span, found: str, reference: dt.date | None) -> str:
    """A year, or the latest date of that year the sentence gives more precisely, as the
    annotators write the most precise date the text supports ("meet this year at the G8
    summit in mid-June": June; "Between May 10-17, 2024": the 17th)."""
    if len(found) != 4:
        return found
    finer = [
        value
        for ent in sent.ents
        if _dated(ent) and not _dateline(ent)
        for value in [_ent_value(ent, reference, False)]
        if value and len(value) > 4 and not _said_or_done(ent, value, reference)
    ]
    finer += list(_untagged_dates(sent, reference))
    inside = [v for v in finer if v.startswith(found) and _still_to_come(v, reference)]
    return max(inside, key=dates.due_key) if inside else found


def _untagged_dates(sent: Span, reference: dt.date | None) -> Iterator[str]:
    """The days spaCy did not tag as a date ("will between 4 and 6 September host", "during
    3rd and 4th September 2024", "by the November 21"), still to come and not on a verb in
    the past tense."""
    for match in _WRITTEN_DAY.finditer(sent.text):
        start = sent.start_char + match.start()
        span = sent.doc.char_span(start, start + len(match[0]), alignment_mode="expand")
        if span is None or any(_tagged(t) and not _YEAR.fullmatch(t.text) for t in span):
            continue  # read as a date already; not when spaCy tagged only its year
        found = dates.normalise(match[0], reference)
        value = due_value(found, reference) if found and found.value else None
        past = value is None or (reference is not None and dates.is_past(value, reference))
        if value is not None and not past and not _dates_the_past(span.root, bare=False):
            yield value


def _tagged(token: Token) -> bool:
    return token.ent_type_ in {"DATE", "TIME"}


def _run_end(sent: Span, found: str, reference: dt.date | None, verb: Token | None) -> str:
    """A day, or the last of the later days the sentence's main clauses give ("will begin
    October 1 and end on January 9"), the action's own clause ("will be in Rome on April
    16 and in Capri from April 17 to 19") or the day's run ("today and tomorrow",
    "starting November 22 and closing on December 20"), as a range gives its end; a day
    in a clause below ("a state of emergency which is to end on March 31") or one of
    alternatives ("Friday or Monday") is not."""
    if len(found) != 10:
        return found
    days = [
        (ent, value)
        for ent in sent.ents
        if _dated(ent) and not _dateline(ent)
        if not (ent.start > 0 and sent.doc[ent.start - 1].lower_ == "or")
        for value in [_ent_value(ent, reference, False)]
        if value and len(value) == 10 and not _said_or_done(ent, value, reference)
    ]
    own = set(_clause_tokens(verb)) if verb is not None else set()
    runs = [ent.root for ent, value in days if value == found]
    latest = found
    for ent, value in days:
        if value > latest and (
            _main_clause(ent.root) or ent.root in own or any(_run_of(ent.root, r) for r in runs)
        ):
            latest = value
    return latest


def _run_of(token: Token, day: Token) -> bool:
    """True when a date goes on from a day: joined to it ("today and tomorrow"), or on a
    verb joined to the day's verb ("starting November 22 and closing on December 20")."""
    if token.dep_ == "conj" and token.head == day:
        return True
    verb = _clause_verb(token)
    return verb is not None and verb.dep_ == "conj" and verb.head in (day, _clause_verb(day))


def _clause_verb(token: Token) -> Token | None:
    while token.pos_ not in {"VERB", "AUX"}:
        if token.head.i == token.i:
            return None
        token = token.head
    return token


def _main_clause(token: Token) -> bool:
    """True when no clause of its own (relative, adverbial, complement) holds the token."""
    while token.head.i != token.i:
        if token.dep_ in {"relcl", "acl", "advcl", "ccomp", "xcomp", "csubj", "parataxis"}:
            return False
        token = token.head
    return True


def _sentence_date(sent: Span, reference: dt.date | None, names: bool) -> str | None:
    seen: set[int] = set()
    for token in sent:
        ent = _ent_at(token)
        if ent is None or not _dated(ent) or ent.start in seen:
            continue
        seen.add(ent.start)
        if _dateline(ent):
            continue
        value = _ent_value(ent, reference, names)
        if value is None or (reference is not None and dates.is_past(value, reference)):
            continue
        if not _said_or_done(ent, value, reference):
            return value
    return None


def _still_to_come(value: str, reference: dt.date | None) -> bool:
    return reference is None or not dates.is_past(value, reference)


def due_value(found: dates.Normalised, reference: dt.date | None) -> str | None:
    """A follow-up's due date: the end of a range (a week: its month), and a date written
    without a year ("May 21-23" in a November release) taken as its next occurrence."""
    value = found.end_value or found.value
    if value and found.week and found.value:
        # The month the week's work falls in from the article's day on: "next week" said
        # on 21 November is November's, though the week runs into December.
        start = max(found.value, reference.isoformat()) if reference else found.value
        return start[:7]
    ahead = dates.coming(found, reference)
    return ahead.end_value or ahead.value


def _of_a_past_event(ent: Span, found: dates.Normalised, reference: dt.date | None) -> bool:
    """A date without a year, months before the article's, on an event the sentence puts
    before what it tells ("strengthened following the state visit in April", "reviewed
    after the summit in February"): that April was this year's, not next year's as
    `due_value` would read it, and dates nothing due."""
    if dates.coming(found, reference) is found:  # not a year-less date long past
        return False
    root = ent.root
    if root.dep_ != "pobj" or root.head.dep_ != "prep":
        return False
    event = root.head.head
    if event.pos_ not in {"NOUN", "PROPN"}:
        return False
    return event.dep_ == "pobj" and event.head.lower_ in _AFTER_EVENT


def _clause_tokens(verb: Token) -> Iterator[Token]:
    """The tokens of a verb's own clause, nearest first, not entering clauses below it."""
    queue = list(verb.children)
    while queue:
        token = queue.pop(0)
        if token.dep_ in {"ccomp", "xcomp", "advcl", "relcl", "conj", "acl", "csubj"}:
            continue
        yield token
        queue.extend(token.children)


def _date_value(token: Token, reference: dt.date | None, names: bool) -> str | None:
    candidates = [token]
    if token.dep_ == "prep" and token.lower_ not in {"since", "from", "after"}:
        candidates = [c for c in token.children if c.dep_ == "pobj"]
    elif token.dep_ not in {
        "npadvmod",
        "nummod",
        "appos",
        "tmod",
        "pobj",
        "prep",
        "advmod",
        "poss",
    }:
        return None
    for candidate in candidates:
        ent = _ent_at(candidate)
        if ent is None or not _dated(ent) or _dateline(ent):
            continue
        value = _ent_value(ent, reference, names)
        if value and not _said_or_done(ent, value, reference):
            return value
    return None


def _dated(ent: Span) -> bool:
    """A DATE entity, or a TIME one that names its day ("tonight", "later this afternoon",
    "at midnight tonight")."""
    return ent.label_ == "DATE" or (ent.label_ == "TIME" and bool(_DAY_PART.search(ent.text)))


def _ent_value(ent: Span, reference: dt.date | None, names: bool = True) -> str | None:
    """A DATE entity as a due date: a date, a weekday still to come ("on Thursday and
    Friday": the Friday), or a span of time after "within"/"in" counted from the article's
    date; None for a number that names a document ("Resolution 2231"), and for a year
    that names a thing unless `names`."""
    if _numbered_name(ent) or (_named_year(ent) and not names) or _LOOKS_BACK.search(ent.text):
        return None
    if ent.label_ == "TIME":
        part = _DAY_PART.search(ent.text)
        found = dates.normalise(part[0], reference) if part else None
        return found.value if found else None
    texts = [_date_phrase(ent), ent.text]
    if _preposition(ent) in _BEFORE_DATE:
        # With its preposition a bare "May" is the month, not the verb, and a bare season
        # ("before summer") this year's.
        texts.append(f"{_preposition(ent)} {ent.text}")
    for text in dict.fromkeys(texts):
        found = dates.normalise(text, reference)
        if found and found.value:
            if _of_a_past_event(ent, found, reference):
                return None
            return due_value(found, reference)
        weekday = dates.coming_weekday(text, reference)
        # "approved on Wednesday" is the last Wednesday ("scheduled for Wednesday" the next).
        if weekday and not _dates_the_past(ent.root, bare=False):
            return weekday
    if _preposition(ent) in _WITHIN:
        later = dates.after_span(ent.text, reference)
        if later and later.value:
            return due_value(later, reference)
    return None


def _date_phrase(ent: Span) -> str:
    """The entity's text widened over the date words spaCy often leaves out of it: the
    days of a run or list before or after ("14-16 August", "the 23rd and 24th of November
    2013", "29 August to 1 September", "Thursday and Friday"). The words must stay within
    the sentence and the widened text must end on a date word, not a connective."""
    doc, sent = ent.doc, ent.sent
    start, end = ent.start, ent.end
    while start > sent.start and (_day_word(doc[start - 1]) or doc[start - 1].lower_ in _RUN_WORDS):
        start -= 1
    while end < sent.end and (_date_word(doc[end]) or doc[end].lower_ in _PHRASE_JOINS):
        end += 1
    while start < ent.start and not _day_word(doc[start]):
        start += 1
    while end > ent.end and not _date_word(doc[end - 1]):
        end -= 1
    return doc[start:end].text


def _day_word(token: Token) -> bool:
    """A day of the month or a weekday, as written in a run: "14", "3rd", "-07th", "Friday"."""
    return bool(_DAY.fullmatch(token.lower_)) or token.lower_ in dates.WEEKDAYS


def _date_word(token: Token) -> bool:
    return (
        _day_word(token)
        or (token.lower_.rstrip(".") in dates.MONTHS and token.tag_ != "MD")  # not "may"
        or bool(re.fullmatch(r"\d{4}", token.text))
    )


def _preposition(ent: Span) -> str | None:
    root = ent.root
    if root.dep_ == "pobj" and root.head.pos_ == "ADP":
        return root.head.lower_
    return None


def _said_or_done(ent: Span, value: str, reference: dt.date | None) -> bool:
    """A date no later than the article's on a verb in the past tense ("announced today",
    "agreed on Tuesday"): it dates the saying or the doing. A later date on such a verb is
    a misparse of the action's own ("have instructed … to appoint … next month")."""
    if reference is None or not _dates_the_past(ent.root):
        return False
    return value <= reference.isoformat()[: len(value)]


def _dates_the_past(token: Token, bare: bool = True) -> bool:
    """True for a date phrase on a verb in the past tense ("announced today", "agreed on
    Tuesday", "was launched in May", "X on Friday announced"): it dates what was said or
    done, not what is due."""
    if token.dep_ in {"compound", "appos"}:  # "on Monday morning", "Thursday (Dec. 18)"
        if token.dep_ == "appos" and token.head.dep_ in {"nsubj", "nsubjpass"}:
            return _past_tense(token.head.head, bare)  # "COAG today agreed": read as its subject's
        token = token.head
    if token.dep_ == "pobj" and token.head.dep_ == "prep":
        if token.head.lower_ not in _AT:
            return False
        token = token.head
    elif token.dep_ not in {"npadvmod", "tmod", "prep"} or (
        token.dep_ == "prep" and token.lower_ not in _AT
    ):
        return False
    head = token.head
    if head.dep_ in {"nsubj", "nsubjpass"} and head.pos_ in {"NOUN", "PROPN"}:
        head = head.head  # "The President on Friday announced": on the subject, of the verb
    return _past_tense(head, bare)


def _dateline(ent: Span) -> bool:
    """A date in the dateline that opens its line ("Lusaka, Friday, December 02, 2022:",
    "TBILISI, GEORGIA (4 May 2024) —"; datelines.py reads it), which dates the release,
    not the action. A short story after it will do, as for actors.py: the question is
    only whether the date is the dateline's."""
    found = dateline_at(_text(ent.doc), ent.start_char, story=1)
    return found is not None and found.start <= ent.start_char and ent.end_char <= found.end


def _past_tense(verb: Token, bare: bool = True) -> bool:
    """A verb in the past tense; with `bare`, a participle without auxiliary too."""
    if verb.pos_ not in {"VERB", "AUX"}:
        return False
    if verb.dep_ == "conj" and any(c.tag_ == "MD" for c in verb.head.children):
        return False  # "will take part ... and lay a wreath": the modal is shared
    if verb.tag_ == "VBD":
        return True
    auxiliaries = [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]
    if verb.tag_ == "VBN":
        # "has agreed", "was launched", and a bare participle: "Launched today in Geneva, …"
        return (bare and not auxiliaries) or any(
            a.lemma_ == "have" or a.tag_ == "VBD" for a in auxiliaries
        )
    return False


def _named_year(ent: Span) -> bool:
    """ "the 2030 Agenda", "the 2019-2024 Strategic Agenda", "the 2023 Pacific Games": a
    year before a noun names a plan or an edition of an event, not when anything is due."""
    root = ent.root
    return (
        bool(_YEARS.fullmatch(ent.text))
        and root.dep_ in {"nummod", "compound", "amod", "nmod"}
        and root.head.pos_ in {"NOUN", "PROPN"}
        and root.head.i >= ent.end
    )


def _numbered_name(ent: Span) -> bool:
    """ "UNSCR 1874", "Resolution 2231": a number that names a document is not a year."""
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    return (
        len(ent) == 1
        and ent[0].like_num
        and before is not None
        and (
            before.text.isupper()
            or before.lower_ in {"resolution", "no.", "number", "article", "agenda", "vision"}
        )
    )
