"""Acronyms: defined ('Long Form (LF)', 'LF (Long Form)') and used but never defined.

Part of the extraction (extract.py puts the parts together); the rules follow spaCy's
analysis, not the raw text.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from generator.nlp.analysis import (
    Acronym,
    AcronymUse,
)
from generator.nlp.capitals import in_heading as _in_heading
from generator.nlp.capitals import not_an_acronym
from generator.nlp.datelines import read_dateline
from generator.nlp.spans import _join, _text
from generator.nlp.words import _ACRONYM_TOKEN, _ROMAN, Knowledge

# ---- acronyms ------------------------------------------------------------------------------


def is_acronym(text: str) -> bool:
    """A token that reads as an acronym: ASEAN, ROK, G20, U.S., COVID-19 (not Roman numerals)."""
    if not 2 <= len(text) <= 12 or not (text[0].isupper() or text[0] in "0123456789&-"):
        return False  # most words: the pattern needs a capital, digit, & or - first
    letters = [c for c in _singular(text) if c.isalpha()]
    capitals = sum(c.isupper() for c in letters)
    numbered = len(letters) == 1 and any(c.isdigit() for c in text)  # G7, V4, G20
    return (
        2 <= len(text) <= 12
        and (capitals >= 2 or (numbered and capitals == 1))
        and capitals >= len(letters) - 1
        and bool(_ACRONYM_TOKEN.match(text))
        and not _ROMAN.match(text)
        and not _numbered_roman(text)
    )


def _numbered_roman(text: str) -> bool:
    """A Roman numeral with a letter or an ending: "Section IIb", "the XIth Congress" (a
    plural "s" is an acronym's: "MDCs")."""
    parts = re.fullmatch(r"([IVXLCDM]+)([a-z]+)", text)
    return parts is not None and parts[2] != "s" and bool(_ROMAN.match(parts[1]))


def _singular(text: str) -> str:
    """ "NDCs" -> "NDC": a plural acronym's letters are its singular's."""
    return text[:-1] if len(text) > 2 and text.endswith("s") and text[-2].isupper() else text


def _letters(short: str) -> list[str]:
    """The letters a long form must fit; a number set apart is an edition or a year, not a
    letter ("COVID-19", "PALM 7", "COP 28"; but "G20" and "COP28" keep theirs)."""
    unnumbered = re.sub(r"[\s-]+\d+$", "", short)
    if sum(c.isalpha() for c in unnumbered) >= 2:
        short = unnumbered
    return [c.lower() for c in _singular(short) if c.isalnum()]


_CLOSING = {"(": ")", "[": "]"}  # "State Administration Council [SAC]" pairs too
_STOPS = {",", ";", ":", "(", ")"}  # where a clause ends
_JOINERS = {"of", "and", "for", "on", "in", "the", "de", "&", "-"}  # small words inside a name


def find_acronyms(doc: Doc) -> tuple[Acronym, ...]:
    """Acronyms defined in the text: "Long Form (LF)" (or "[LF]") and "LF (Long Form)",
    first definition; none in an all-capitals heading."""
    found: dict[str, Acronym] = {}
    text = _text(doc)
    for open_paren in (t for t in doc if t.text in _CLOSING):
        closing = _CLOSING[open_paren.text]
        # The tokenizer may glue the bracket to what follows: "(UNAIDS)—concluded", "(DRC):".
        close = next(
            (t for t in doc[open_paren.i + 1 : open_paren.i + 12] if closing in t.text), None
        )
        if close is None:
            continue
        end = close.idx + close.text.index(closing)
        inside = doc[open_paren.i + 1 : close.i if close.text.startswith(closing) else close.i + 1]
        written = text[open_paren.idx + 1 : end]
        definition = _long_before(doc, open_paren, inside, written, end + 1) or (
            _long_inside(doc, open_paren, inside, end + 1) if close.text == closing else None
        )
        if definition and definition.short not in found and not _in_heading(open_paren):
            found[definition.short] = definition
    for definition in _comma_definitions(doc):
        found.setdefault(definition.short, definition)
    return tuple(sorted(found.values(), key=lambda a: a.start))


def _spelt_elsewhere(doc: Doc, defined: set[str]) -> list[Acronym]:
    """An acronym used without brackets and the name the text writes elsewhere whose
    initials (after a slash or hyphen too) are its letters: "High Representative/Vice-
    President" ... "the HRVP". Not a definition (none pairs them in the text, and the
    glossary and the scores count those only), but no undefined acronym either."""
    wanted: dict[str, str] = {}
    for token in doc:
        short = token.text
        if is_acronym(short) and short not in defined and not _in_heading(token):
            wanted.setdefault("".join(_letters(short)), _singular(short))
    found = []
    for start in doc:
        if not wanted or not _capitalised(start.text):
            continue
        initials = ""
        for token in doc[start.i : start.i + 16]:
            if token.text in {"-", "/", "\u2013"} or (token.lower_ in _SMALL and initials):
                continue
            parts = [p for p in re.split(r"[-/\u2013]", token.text) if p]
            if not parts or not all(_capitalised(p) for p in parts):
                break
            initials += "".join(p[0].lower() for p in parts)
            if initials in wanted and _a_whole_name(doc[start.i : token.i + 1], wanted[initials]):
                end = token.idx + len(token.text)
                short = wanted.pop(initials)
                found.append(Acronym(short, doc.text[start.idx : end], start.idx, end))
                break
            if not any(w.startswith(initials) for w in wanted):
                break
    return found


def _a_whole_name(span: Span, short: str) -> bool:
    """No person's name in it ("Tokayev and Vladimir"), none going on after it ("Minister
    and Prime" of "Prime Minister"; a name may follow: "Vice-President Josep Borrell"),
    and an "and" for an ampersand ("S&ED"; not "Regional Development" for "R&D")."""
    after = span.doc[span.end] if span.end < len(span.doc) else None
    goes_on = after is not None and _capitalised(after.text) and after.ent_iob_ != "B"
    person = any(t.ent_type_ == "PERSON" for t in span)
    two = " and the " in span.text  # "President and the Assembly" for "PA": two names
    return not (goes_on or person or two) and ("&" not in short or " and " in span.text)


def _capitalised(word: str) -> bool:  # "Vice", not "HRVP" or "the"
    return word[:1].isupper() and word[1:].islower() and word.isalpha()


def _comma_definitions(doc: Doc) -> list[Acronym]:
    """Definitions without brackets: "the Long Form, or LF," and "LF, the Long Form,"."""
    found = []
    for token in doc:
        if not is_acronym(token.text) or _in_heading(token):
            continue
        letters = _letters(token.text)
        before = doc[token.i - 2 : token.i] if token.i >= 2 else None
        if before is not None and before[0].text == "," and before[1].lower_ == "or":
            words = [
                t
                for t in doc[
                    max(token.sent.start, token.i - 2 - 2 * len(letters) - 4) : token.i - 2
                ]
            ]
            long_form = _best_long_form(letters, words)
            if long_form is not None and long_form[0].text[:1].isupper():
                found.append(
                    Acronym(
                        token.text, _join(long_form), long_form[0].idx, token.idx + len(token.text)
                    )
                )
                continue
        after = doc[token.i + 1 : min(token.sent.end, token.i + 4 + 2 * len(letters))]
        if len(after) > 2 and after[0].text == ",":
            words = [t for t in after[1:]]
            if words and words[0].lower_ == "the":
                words = words[1:]
            stop = next((i for i, t in enumerate(words) if t.is_punct), len(words))
            phrase = words[:stop]
            long_form = _best_long_form(letters, phrase) if phrase else None
            if (
                long_form is not None
                and long_form[0].i == phrase[0].i
                and phrase[0].text[:1].isupper()
            ):
                found.append(
                    Acronym(
                        token.text, _join(phrase), token.idx, phrase[-1].idx + len(phrase[-1].text)
                    )
                )
    return found


def _short_form(written: str) -> str | None:
    """The acronym a parenthesis holds, as written: acronyms ("FEWS NET", "SPLM/A",
    "R-TGoNU"), perhaps ending in one more word or a number ("SEA Centre", "COP 28")."""
    words = written.split()
    if not 1 <= len(words) <= 4:
        return None
    *heads, last = words
    if not heads:
        return last if _acronym_like(last) or _roman_shaped(last) else None
    number = bool(re.fullmatch(r"[-\u2013]?\d+", last))  # "COP 28", "GEO -5"
    last_fits = _acronym_like(last) or number or (len(words) == 2 and last.istitle())
    if not last_fits or not all(_acronym_like(w) for w in heads):
        return None
    return " ".join(words)


def _acronym_like(word: str) -> bool:
    """An acronym, or acronyms joined by a slash ("SPLM/A", "HoM/FC", "PPP/C"; not a
    reference number such as "CAB/049/07")."""
    parts = word.split("/")
    return all(part[:1].isalpha() for part in parts) and is_acronym("".join(parts))


def _roman_shaped(text: str) -> bool:
    """ "MDC", "CCC": an acronym that also reads as a Roman numeral (its letters must fit)."""
    return len(text) >= 3 and bool(_ROMAN.match(text))


def _long_before(
    doc: Doc, open_paren: Token, inside: Span, written: str, end: int
) -> Acronym | None:
    short = _short_form(written)
    if short is None:
        return None
    letters = _letters(short)
    sent_start = open_paren.sent.start
    window = doc[max(sent_start, open_paren.i - (len(letters) + 5) * 2) : open_paren.i]
    # Quote marks and the like sit between a long form and its parenthesis: skip them.
    words = [t for t in window if not t.is_space]
    while words and words[-1].is_punct:
        words.pop()
    # Within the clause first: "the UN peacekeeping mission, the UN Truce Supervision
    # Organization (UNTSO)" is not defined from "United Nations"; a long form with a comma
    # of its own ("Ministry of Trade, Industry and Tourism") is found in the whole window.
    cut = max((i + 1 for i, t in enumerate(words) if t.text in _STOPS), default=0)
    clause = words[cut:]
    if " " not in short and not _acronym_like(short):
        # "MDC" reads as a Roman numeral too: a pairing only when the initials fit.
        long_form = _best_long_form(letters, clause, initials_only=True)
    else:
        whole = _best_long_form(letters, words) if cut else None
        if whole and not _name_goes_on(whole):
            whole = None  # "Customs and Indirect Taxes, and the Deposit and Management Fund (CDG)"
        # A name whose letters do not fit is kept when the acronym is letters alone (not
        # "SI-6J", a room number).
        named = not re.search(r"\d\W*[A-Za-z]", short)
        long_form = (
            _best_long_form(letters, clause)
            or whole
            or (_apposed_long_form(letters, open_paren, inside) if len(inside) else None)
            or (_named_before(clause) if named else None)
        )
    while long_form and long_form[0].lower_ in {"the", "a", "an"}:
        long_form = long_form[1:]
    if not long_form:
        return None
    return Acronym(short, _join(long_form), long_form[0].idx, end)


def _name_goes_on(words: list[Token]) -> bool:
    """A name goes on past its commas when each is followed by a word that starts like its
    first, perhaps after "and" ("Department of Women, Youth, and Persons with
    Disabilities", "customs, immigration and quarantine (CIQ)")."""
    capitalised = words[0].text[:1].isupper()
    for i, token in enumerate(words[:-1]):
        if token.text in _STOPS:
            following = words[i + 1 : i + 3]
            if following[0].lower_ in {"and", "&"}:
                following = following[1:]
            if not following or following[0].text[:1].isupper() != capitalised:
                return False
    return True


def _named_before(words: list[Token]) -> list[Token] | None:
    """The guide keeps a pairing whose letters do not fit, as written ("the Federal
    Accounting Court (TCU)", an acronym of the Portuguese name): the capitalised name
    right before the parenthesis, two capitalised words or more, not a person's, not
    only a place ("UN Stabilization Mission in Haiti" is a name, "Haiti" alone is not)."""
    run: list[Token] = []
    for token in reversed(words):
        capitalised = token.text[:1].isupper() and (
            (token.is_alpha and not token.is_upper) or is_acronym(token.text)
        )
        joiner = token.lower_ in _JOINERS and run
        ordinal = bool(re.fullmatch(r"\d+(?:st|nd|rd|th)", token.lower_))  # "21st Session"
        if not (capitalised or joiner or ordinal) or token.ent_type_ == "PERSON":
            break
        if token.lower_ == "and" and run[0].lower_ == "the":
            break  # "the Ministry of Social Development and the Public Interest Defense Ministry"
        run.insert(0, token)
    # Not from a word that only opens the sentence ("At the National Autonomous …"), nor
    # from a qualifier ("the IPCC Sixth Assessment Report (AR6)").
    while run and (
        run[0].is_stop
        or not (run[0].text[:1].isupper() or run[0].like_num)
        or (run[0].is_upper and len(run) > 1)
    ):
        run.pop(0)
    if _capitals(run) < 2:
        return None
    # A title or an event before the name, one word: "President-Designate of the United
    # Nations Climate Change Conference (COP 28)", "the Summit of the Community of … (CELAC)".
    head = 1
    while head + 1 < len(run) and run[head].text == "-":
        head += 2
    of_the = [t.lower_ for t in run[head : head + 2]] == ["of", "the"]
    if of_the and sum(t.text[:1].isupper() for t in run[head + 2 :]) >= 2:
        run = run[head + 2 :]
    return run


def _capitals(run: list[Token]) -> int:
    """The capitalised words of a run that are not a place's or a people's name."""
    return sum(t.text[:1].isupper() and t.ent_type_ not in {"GPE", "NORP"} for t in run)


def _long_inside(doc: Doc, open_paren: Token, inside: Span, end: int) -> Acronym | None:
    """ "LF (Long Form)": an acronym just before a parenthesis that spells it out."""
    before = doc[open_paren.i - 1] if open_paren.i > 0 else None
    if before is None or not is_acronym(before.text):
        return None
    words = [t for t in inside if not t.is_space]
    if len(words) < 2 or not words[0].is_title:
        return None
    letters = _letters(before.text)
    long_form = _best_long_form(letters, words)
    if long_form is None or long_form[0].i != words[0].i:
        return None
    return Acronym(before.text, _join(words), before.idx, end)


_NUMBERS = {"two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
            "eight": "8", "nine": "9", "ten": "10", "twenty": "20"}  # fmt: skip


_SMALL = {"a", "an", "the", "of", "and", "for", "on", "in", "to", "at", "by", "with", "or"}


def _best_long_form(
    letters: list[str], words: list[Token], initials_only: bool = False
) -> list[Token] | None:
    """Schwartz and Hearst's rule: match the acronym's letters right to left in the words
    before it, the first letter at the start of a word; the long form is the shortest
    run of words that does it. Words are counted as hyphen-separated parts."""
    chars: list[tuple[str, int, bool]] = []  # (char, index into words, starts a word part)
    for index, word in enumerate(words):
        # "Group of Seven (G7)": a number written out matches its digits.
        text = _NUMBERS.get(word.lower_, word.text)
        for position, char in enumerate(text):
            starts = position == 0 or not text[position - 1].isalnum()
            chars.append((char.lower(), index, starts and char.isalnum()))
    # Every letter a word's initial first ("Public-Private Partnership (PPP)", not the p
    # that ends "Partnership"), and first of the words that are not small ("Adaptation
    # Actions for a Changing Arctic (AACA)", not "a"), else any letter after the first.
    small = {i for i, w in enumerate(words) if w.lower_ in _SMALL and w.whitespace_}  # "in-depth"
    words_only = [(char, index, start and index not in small) for char, index, start in chars]
    found = _match(letters, words_only, True) or _match(letters, chars, initials_only=True)
    if found is None and not initials_only:
        found = _match(letters, chars, False)
    if found is None:
        return None
    first_char, matched = found
    first_word = chars[first_char][1]
    # "Organization of American States (OAS)": the O is Organization's, not "of"'s.
    while (
        first_word > 0
        and words[first_word].is_stop
        and words[first_word - 1].lower_[:1] == letters[0]
    ):
        first_word -= 1
    long_form = words[first_word:]
    while long_form and long_form[-1].lower_ in {"'s", "\u2019s"}:  # "Organisation's (WHO)"
        long_form = long_form[:-1]
    content = [i for i, w in enumerate(words) if i >= first_word and w.is_alpha and not w.is_stop]
    # A long form is words: at least as many as the acronym has letters, less two, or
    # fewer when each of them gives it its first letter ("Caribbean Community (CARICOM)").
    initials = {index for index, start in matched if start}
    syllabic = bool(content) and all(i in initials for i in content)
    enough = len(content) >= max(1, len(letters) - 2) or syllabic
    # "U.S. Agency for International Development (USAID)" starts with an abbreviation.
    if not long_form or not enough or not long_form[0].text[:1].isalpha():
        return None
    # Schwartz and Hearst's bound: a long form has at most min(|A| + 5, 2|A|) words, so
    # "ever since the North Atlantic Treaty Alliance (NATO)" does not reach back to the
    # "n" of "Nations" for a letter the name does not have; a longer one is a name, every
    # letter a word's initial ("Special Representative of the UN Secretary-General for
    # South Sudan (SRSG)").
    longer = sum(not w.is_punct for w in long_form) > min(len(letters) + 5, 2 * len(letters))
    if longer and not (all(start for _, start in matched) and _a_name(long_form)):
        return None
    # Every letter inside one common word ("including in the marine environment (INC-4)")
    # is a word that happens to spell it, not a name; a name does not start on a small
    # word and go on in capitals ("change for the Paris conference (COP 21)") unless each
    # letter is an initial ("intended Nationally Determined Contributions (INDCs)").
    if long_form[0].text[:1].islower() and (
        len({index for index, _ in matched}) == 1
        or (any(w.is_title for w in long_form[1:]) and not all(s for _, s in matched))
    ):
        return None
    return long_form


def _a_name(words: list[Token]) -> bool:
    """Capitalised words (a hyphen's second part aside: "Grass-roots") joined by small
    words, and not ending on one ("the United Kingdom and Sweden for")."""
    return words[-1].lower_ not in _JOINERS and all(
        w.lower_ in _JOINERS or w.text[:1].isupper() or (w.i > 0 and w.nbor(-1).text == "-")
        for w in words
    )


def _match(
    letters: list[str], chars: list[tuple[str, int, bool]], initials_only: bool
) -> tuple[int, list[tuple[int, bool]]] | None:
    """Schwartz and Hearst's right-to-left match: where the first letter matched, and for
    each letter the word it matched in and whether at a word part's start."""
    matched: list[tuple[int, bool]] = []
    s, c = len(letters) - 1, len(chars) - 1
    while s >= 0:
        while c >= 0 and (
            chars[c][0] != letters[s] or ((s == 0 or initials_only) and not chars[c][2])
        ):
            c -= 1
        if c < 0:
            return None
        matched.append((chars[c][1], chars[c][2]))
        s, c = s - 1, c - 1
    return c + 1, matched


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
    """Acronyms the text uses but never defines, with what the entity rules know of them;
    not the dateline's place ("BRUSSELS, 24th September -") nor the agency it credits,
    wherever the text credits it ("(WAM)", "--WAM" signing off): a credit, not prose."""
    known = _known_forms(defined)
    # Spelt out elsewhere: the reader has the long form, though no definition pairs them.
    known |= {a.short for a in _spelt_elsewhere(doc, known)}
    dateline = read_dateline(_text(doc))
    uses: dict[str, list[tuple[str, Token]]] = {}
    for token in doc:
        text = token.text.removesuffix("\u2019s").removesuffix("'s").rstrip("-\u2013")
        if _singular(text) in known or not is_acronym(text) or _in_heading(token):
            continue
        if dateline and (
            dateline.covers(token.idx, token.idx + len(token.text))
            or text.lstrip("-\u2013\u2014") in dateline.credits
        ):
            continue
        if not_an_acronym(token):
            continue
        # "S&ED" and "S&EDs": one acronym, warned on once, as first written.
        uses.setdefault(_singular(text), []).append((text, token))
    return tuple(
        AcronymUse(
            short,
            token.idx,
            token.idx + len(short),
            len(tokens),
            knowledge.expansions.get(short),
        )
        for (short, token), tokens in sorted(
            ((found[0], found) for found in uses.values()), key=lambda kv: kv[0][1].i
        )
    )


def _known_forms(defined: tuple[Acronym, ...]) -> set[str]:
    """The forms a defined acronym covers: itself, its singular ("IDR" for "in-depth
    reviews (IDRs)") and its parts ("SPLM" of "SPLM/A", "MERS" and "CoV" of "MERS-CoV")."""
    known = set()
    for acronym in defined:
        known |= {acronym.short, _singular(acronym.short)}
        known |= {part for part in re.split(r"[/\-\u2013]", acronym.short) if len(part) >= 2}
    return known
