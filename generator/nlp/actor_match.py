"""Whether two names of actors name the same one: the lenient match `make eval` scores `by`
and `owner` with (scores.py), and the tracker merges two reports of one commitment by
(render/tracker.py). Plain strings in, no model: rendering imports it too."""

from __future__ import annotations

import re

from generator.load import anchors


def normal_form(text: str) -> str:
    """A name folded for comparing: plain letters, lower case, no hyphens, quotes or stops."""
    folded = anchors.fold_plain(text).casefold()
    folded = re.sub(r"[-\u2010-\u2015]", " ", folded)
    return " ".join(re.sub(r"[\"'.,]", "", folded).split())


# Words two actors' names may share without naming the same actor.
_GENERIC = {"the", "of", "and", "for", "on", "in", "to", "de", "a", "an", "not", "named",
            "minister", "ministers", "president", "prime", "foreign", "affairs", "secretary",
            "government", "ministry", "council", "committee", "state", "states", "national",
            "general", "united", "leaders", "parties", "sides", "we", "executive", "director",
            "chair", "chairperson", "head", "heads", "office", "department", "deputy"}  # fmt: skip


def same_actor(drafted: str | None, gold: str | None) -> bool:
    """The lenient match for `by` and `owner`: both name nobody, or the draft names at
    least one actor of the gold ("Canada" for "Canada and the United Kingdom", "Jack
    Straw" for "The Foreign Secretary (Jack Straw)"); sharing only a title word
    ("Minister") does not count."""
    if gold is None or normal_form(gold).startswith("not named"):
        return drafted is None
    if drafted is None:
        return False
    d, g = normal_form(drafted), normal_form(gold)
    if d and (d in g or g in d):
        return True
    # Words, not what lies between them: "(chile" is Chile in "The Presidents (Chile)".
    return bool((set(re.findall(r"\w+", d)) & set(re.findall(r"\w+", g))) - _GENERIC)
