"""Words in capitals that are not acronyms to spell out (acronyms.py asks): a person's
name or honorific, a page's number, a time zone or a release's closing mark, words set
in capitals for emphasis, and a heading's capitals."""

from __future__ import annotations

import re

from spacy.tokens import Token

from generator.nlp.dates import MONTHS
from generator.nlp.headings import in_capitals, line_at, reads_as_heading
from generator.nlp.spans import _text
from generator.nlp.words import HONORIFICS


def not_an_acronym(token: Token) -> bool:
    """Capitals the reader needs no long form for, wherever they stand."""
    skipped = _in_capitals(token) or _emphasis(token) or _a_persons(token)
    return skipped or _not_letters(token) or _time_zone_or_end(token)


def _a_persons(token: Token) -> bool:
    """A person's honorific ("H.E."), name written in capitals ("Mr SMITH", "ABE Shinzo",
    "By SOKMOM Nimul" signing a story) or letters after a name ("Scott Morrison MP"):
    not an acronym the reader needs spelt out."""
    if token.lower_ in _TITLED:
        return True
    if token.ent_type_ == "PERSON":
        # A surname, but not a title's letters opening a name ("CS Juma": Cabinet Secretary).
        return len(token.text) > 2 or token.ent_iob_ == "I"
    before = [t for t in token.doc[max(0, token.i - 2) : token.i] if t.text != ","][-1:]
    if not before or token.ent_type_:
        return False
    previous = before[0]
    opening = previous.doc[previous.i - 1].text if previous.i else "\n"
    byline = previous.lower_ == "by" and (opening == "(" or "\n" in opening)
    # After a full name, not a one-word one the model may have misread ("Honiara CBD").
    named = previous.ent_type_ == "PERSON" and previous.ent_iob_ == "I"
    return previous.lower_ in _TITLED or named or byline


_TITLED = HONORIFICS - {"the", "his", "her", "he"}  # "Mr", "Dr.", "H.E.", "Hon."


def _not_letters(token: Token) -> bool:
    """A page or a report's number ("D57", "R46575"): a letter and a number, not an
    acronym ("G20" is one, numbered); a time of day in hours ("2000H-2030H")."""
    return bool(re.fullmatch(r"[A-Z]\d{2,}|\d{3,4}H(?:-\d{3,4}H)?", token.text))


_CLOCK = re.compile(r"\d{1,2}[:.]\d{2}|\d{4}(?:H|hrs?)?|[ap]\.?m\.?|noon|midnight", re.I)


def _time_zone_or_end(token: Token) -> bool:
    """Capitals after a time of day, a time zone ("10:00 EAT", "13:26 LOCAL TIME"), or
    after a release's last sentence, its closing mark ("at the PICC. END")."""
    first = min(_capitals_run(token), key=lambda t: t.i)
    before = [t for t in token.doc[max(0, first.i - 2) : first.i] if not t.is_space][-1:]
    if before and _CLOCK.fullmatch(before[0].text):
        return True
    last = all(t.is_punct or t.is_space for t in token.doc[token.i + 1 :])
    return last and bool(before) and (before[0].text in {".", "!", "?"} or "\n" in before[0].text)


# Word classes no acronym belongs to: "WILL take", "HIS EXCELLENCY", "TO ADDRESS".
_FUNCTION_WORDS = {"DET", "PRON", "ADP", "AUX", "CCONJ", "SCONJ", "PART"}
_UNNAMED = {"", "DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"}


def _in_capitals(token: Token) -> bool:
    """A word set in capitals for emphasis, not an acronym: one the model reads as a word
    of the language, inflected ("WELCOMES the", "CONSIDERS that": its lemma is another
    word) or a function word ("WILL", "THE"), a month ("SEPTEMBER 25"), or any word of a
    run of capitals that holds such a word ("HIS EXCELLENCY THE PRESIDENT has"); a name
    the model tags (an entity) stays an acronym."""
    if _a_word(token):
        return True
    if _named(token):
        return False
    return any(_a_word(t) for t in _capitals_run(token))


def _a_word(token: Token) -> bool:
    if not token.text.isupper() or _named(token):
        return False
    inflected = token.lemma_.islower() and token.lemma_ != token.lower_
    month = len(token.text) > 3 and token.lower_ in MONTHS
    return inflected or month or token.pos_ in _FUNCTION_WORDS


def _named(token: Token) -> bool:
    """Inside a name the model tags (an organisation, a place; not a date or a number)."""
    return token.ent_type_ not in _UNNAMED


def _in_caps(token: Token) -> bool:
    return token.is_alpha and token.is_upper and len(token.text) > 1


def _capitals_run(token: Token) -> list[Token]:
    """The token with the words in capitals either side of it ("HIS EXCELLENCY THE PRESIDENT")."""
    run = [token]
    for step in (-1, 1):
        at = token.i + step
        while 0 <= at < len(token.doc) and _in_caps(token.doc[at]):
            run.append(token.doc[at])
            at += step
    return run


def _emphasis(token: Token) -> bool:
    """Capitals for emphasis: in a heading ("Prime Minister – JOINT STATEMENT", "SUMMARY"
    on a line of its own) two capitals words or more that the model tags as no name, or
    the heading's only word; anywhere, such words as a label ("MEDIA ADVISORY:")."""
    line = line_at(_text(token.doc), token.idx).strip()
    run = _capitals_run(token)
    unnamed = len(run) >= 2 and not any(_named(t) for t in run)
    if unnamed and _a_label(max(run, key=lambda t: t.i)):
        return True  # "MEDIA ADVISORY: ...", "... Nairobi. PRESS RELEASE. Journalists"
    if not reads_as_heading(line) or _named(token):
        return False
    return line == token.text or unnamed


def _a_label(last: Token) -> bool:
    """The last word of a run of capitals that a label's mark or a line's end follows."""
    after = last.doc[last.i + 1] if last.i + 1 < len(last.doc) else None
    return (
        after is None
        or after.text in {":", ".", "-", "\u2013", "\u2014", "|"}
        or (after.is_space and "\n" in after.text)
    )


def in_heading(token: Token) -> bool:
    """True inside an all-capitals heading ("JOINT STATEMENT"), where capitals are not acronyms."""
    return in_capitals(line_at(_text(token.doc), token.idx))
