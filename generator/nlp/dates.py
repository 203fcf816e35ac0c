"""Dates as written in news ("October 27", "in 2026", "2026-2030") made ISO text.

The input is the text of one DATE entity spaCy found; the output is ISO text at the
precision the text gives ("2026", "2026-10", "2026-10-27"). A date with no year takes
the year of the reference date (the article's publication date), and says so; `coming`
puts one that is still to come in the next year where that year's is long past.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip
# Month names as written, lower case, to their number: the full name and its abbreviations.
MONTHS = {
    name: number
    for number, full in enumerate(MONTH_NAMES, start=1)
    for name in dict.fromkeys(
        (full.lower(), full[:3].lower(), *(("sept",) if full == "September" else ()))
    )
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
SEASONS = ("spring", "summer", "autumn", "fall", "winter")
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DASH = r"\s*(?:-|\u2013|\u2014|to|through|until)\s*"
# Between the days of one month a list is a run too: "30 and 31 May", "November 18 and 19".
_DAYS_DASH = r"\s*(?:-|\u2013|\u2014|to|through|until|and|&|,)\s*"
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "a": 1,
    "an": 1,
}
# ... and the larger counts a span of time is written with ("within the next fifteen days").
_COUNT_WORDS = NUMBER_WORDS | {
    word: number
    for number, word in enumerate(
        ("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen", "twenty"),
        start=11,
    )
} | {"thirty": 30, "forty": 40, "sixty": 60, "ninety": 90}  # fmt: skip
# Words around a date that do not change it ("early 2026" is still 2026 at year precision).
_HEDGES = re.compile(
    r"^(?:the\s+)?(?:(?:early|late|later|mid|end|end of|the end of|beginning of|start of"
    r"|first half of|second half of|middle of|by|in|on|at|from|before|after|until|since"
    r"|during|of|week of|(?:first|second|third|fourth|last) (?:quarter|week) of|no later than"
    r"|not later than|on or before|up to|till|between)[\s-]+)+",
    re.IGNORECASE,
)


# A weekday (and "tomorrow,") before a dated day adds nothing: "tomorrow, Tuesday the 27th of
# June 2023" is 27 June 2023.
_WEEKDAY_BEFORE_DATE = re.compile(
    r"^(?:(?:today|tomorrow|tonight),?\s+)?(?:on\s+)?(?:(?:next|this|coming)\s+)?"
    r"(?:" + "|".join(WEEKDAYS) + r")\s*,?\s+"
    r"(?:the\s+)?(?=\d|" + "|".join(MONTHS) + r")"
)

# ... and so does one inside a run: "from Monday, April 11 to Friday, April 15".
_WEEKDAY_IN_DATE = re.compile(
    r"(?<=\s)(?:" + "|".join(WEEKDAYS) + r")\s*,?\s+(?:the\s+)?(?=\d|" + "|".join(MONTHS) + r")"
)


@dataclass(frozen=True)
class Normalised:
    """ISO text of a date, the end of a range if it is one, and whether the year was inferred."""

    value: str | None
    end_value: str | None = None
    year_inferred: bool = False
    week: bool = False  # a week ("this week", "in two weeks"): a due date takes its month


def normalise(text: str, reference: dt.date | None) -> Normalised | None:
    """The ISO form of a date as written, or None if it is not a date this can read."""
    cleaned = " ".join(text.replace("\u2019", "'").split()).strip(" ,.;:()")
    cleaned = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b|'s$", "", cleaned)
    lowered = _HEDGES.sub("", cleaned.lower()).strip()
    if lowered in ("may", "mar", *SEASONS) and lowered != cleaned.lower():
        lowered = "the " + lowered  # "mid-May": the month, not the verb; "early summer"
    lowered = re.sub(r"^the\s+(?=(?:" + "|".join(MONTHS) + r")\b\.?\s*\d)", "", lowered)
    lowered = re.sub(r"^(" + "|".join(MONTHS) + r")-(?=\d)", r"\1 ", lowered)  # "June-4"
    lowered = _WEEKDAY_BEFORE_DATE.sub("", lowered)  # "Friday 25 February", "Monday, June 6"
    lowered = _WEEKDAY_IN_DATE.sub("", lowered)  # "Tuesday 16 and Sunday 28 October"
    lowered = re.sub(r"^the\s+(?=\d)", "", lowered)  # "the 23rd of August"
    for reader in (
        _iso,
        _numeric,
        _year_range,
        _year,
        _month_day_range,
        _full,
        _month_year,
        _month_day,
        _month_range,
        _month,
        _relative,
        _season,
        _from_now,
        _next_span,
        _day_of_month,
    ):
        found = reader(lowered, reference)
        if found is not None:
            return found
    return _date_list(lowered, reference)


def _date_list(text: str, reference: dt.date | None) -> Normalised | None:
    """A list of dates ("23-25 and 29 September and 1 October", "in 2016 and 2017"): the
    latest of its items that reads as a date (as a range gives its end)."""
    items = [i.strip(" ,") for i in re.split(r"\s*(?:;|\band\b|&)\s*", text)]
    # The days before a month ("23-25" of "23-25 and 29 September") are read with it.
    items = [i for i in items if i and not re.fullmatch(r"\d{1,2}(?:\s*[-\u2013,]\s*\d{1,2})*", i)]
    if len(items) < 2:
        return None
    found = [normalise(item, reference) for item in items]
    if any(f is None or not f.value for f in found):
        return None
    return max((f for f in found if f), key=lambda f: due_key(f.end_value or f.value))


def _iso(text: str, reference: dt.date | None) -> Normalised | None:
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    return _day(int(match[1]), int(match[2]), int(match[3])) if match else None


def _numeric(text: str, reference: dt.date | None) -> Normalised | None:
    # US government releases write 08/04/2021 for 4 August 2021.
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if not match:
        return None
    # ... the rest of the world 16/05/2023 for 16 May: a first number over 12 is the day.
    month, day = (int(match[1]), int(match[2]))
    if month > 12:
        month, day = day, month
    return _day(int(match[3]), month, day)


def _year(text: str, reference: dt.date | None) -> Normalised | None:
    match = re.fullmatch(r"(?:the year )?(\d{4})", text)
    if match and 1000 <= int(match[1]) <= 2999:
        return Normalised(match[1])
    return None


def _year_range(text: str, reference: dt.date | None) -> Normalised | None:
    match = re.fullmatch(r"(\d{4})" + _DASH + r"(\d{2}|\d{4})", text)
    if not match:
        return None
    first, second = match[1], match[2]
    if len(second) == 2:
        second = first[:2] + second
    if int(second) <= int(first):
        return None
    return Normalised(first, second)


def _full(text: str, reference: dt.date | None) -> Normalised | None:
    match = re.fullmatch(_MONTH + r"\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})", text) or re.fullmatch(
        r"(?P<day>\d{1,2})\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<year>\d{4})", text
    )
    if not match:
        return None
    return _day(int(match["year"]), MONTHS[match["month"]], int(match["day"]))


def _month_year(text: str, reference: dt.date | None) -> Normalised | None:
    match = re.fullmatch(_MONTH + r",?\s+(?:of\s+)?(?P<year>\d{4})", text)
    if not match:
        return None
    return Normalised(f"{match['year']}-{MONTHS[match['month']]:02d}")


def _month_day(text: str, reference: dt.date | None) -> Normalised | None:
    match = re.fullmatch(_MONTH + r"\s+(?P<day>\d{1,2})", text) or re.fullmatch(
        r"(?P<day>\d{1,2})\s+(?:of\s+)?" + _MONTH, text
    )
    if not match:
        return None
    if reference is None:
        return Normalised(None, year_inferred=True)
    found = _day(reference.year, MONTHS[match["month"]], int(match["day"]))
    return Normalised(found.value, year_inferred=True) if found else None


def _month_day_range(text: str, reference: dt.date | None) -> Normalised | None:
    """ "July 20-24", "20-24 July", and across months "July 30 through August 2" or
    "30 July - 2 August"."""
    _LAST_MONTH = _MONTH.replace("?P<month>", "?P<last_month>")
    match = (
        re.fullmatch(
            _MONTH + r"\s+(?P<day>\d{1,2})" + _DAYS_DASH + r"(?:" + _LAST_MONTH + r"\s+)?"
            r"(?P<last>\d{1,2})(?:,?\s+(?P<year>\d{4}))?",
            text,
        )
        or re.fullmatch(
            r"(?P<day>\d{1,2})\s+"
            + _MONTH
            + _DASH
            + r"(?P<last>\d{1,2})\s+"
            + _LAST_MONTH
            + r"(?:,?\s+(?P<year>\d{4}))?",
            text,
        )
        or re.fullmatch(
            r"(?P<day>\d{1,2})"
            + _DAYS_DASH
            + r"(?P<last>\d{1,2})\s+(?:of\s+)?"
            + _MONTH
            + r"(?:,?\s+(?P<year>\d{4}))?",
            text,
        )
    )
    if not match:
        return None
    year = int(match["year"]) if match["year"] else reference.year if reference else None
    if year is None:
        return Normalised(None, year_inferred=True)
    month = MONTHS[match["month"]]
    last_month = MONTHS[match.groupdict().get("last_month") or match["month"]]
    first, last = _day(year, month, int(match["day"])), _day(year, last_month, int(match["last"]))
    if first is None or last is None:
        return None
    return Normalised(first.value, last.value, year_inferred=not match["year"])


def _month_range(text: str, reference: dt.date | None) -> Normalised | None:
    """ "September-October 2015", "July - August": the months, to the last."""
    last = _MONTH.replace("?P<month>", "?P<last_month>")
    match = re.fullmatch(_MONTH + _DASH + last + r"(?:,?\s+(?P<year>\d{4}))?", text)
    if not match:
        return None
    if match["year"]:
        year = int(match["year"])
    elif reference:
        year = reference.year
    else:
        return None
    first, end = MONTHS[match["month"]], MONTHS[match["last_month"]]
    return Normalised(
        f"{year}-{first:02d}", f"{year + (end < first)}-{end:02d}", year_inferred=not match["year"]
    )


def _month(text: str, reference: dt.date | None) -> Normalised | None:
    match = re.fullmatch(
        r"(?:the )?(?P<when>this coming |coming |upcoming |this |next |last )?" + _MONTH
        + r"(?:,? (?:of )?(?P<year>this|next|last) year)?",
        text,
    )  # fmt: skip
    if not match or text in ("may", "mar"):  # "may" alone is the verb far more often
        return None
    if reference is None:
        return Normalised(None, year_inferred=True)
    month = MONTHS[match["month"]]
    if match["year"]:  # "February next year", "in March of last year"
        step = {"this": 0, "next": 1, "last": -1}[match["year"]]
        return Normalised(f"{reference.year + step}-{month:02d}")
    when = (match["when"] or "").strip()
    year = reference.year - (when == "last")
    if when in ("this coming", "coming", "upcoming") and month < reference.month:
        year += 1  # "this coming March", said in November: the next March
    if when == "next" and month <= reference.month:
        year += 1  # "next June" said in May is this June; said in June, next year's
    return Normalised(f"{year}-{month:02d}", year_inferred=True)


def _relative(text: str, reference: dt.date | None) -> Normalised | None:
    if reference is None:
        return None
    days = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
    days |= {f"this {part}": 0 for part in ("morning", "afternoon", "evening")}
    days |= {f"tomorrow {part}": 1 for part in ("morning", "afternoon", "evening")}
    if text in {"the new year", "new year"}:  # "in the new year": the next one
        return Normalised(str(reference.year + 1))
    match = re.fullmatch(r"(?:the )?(this|this coming|coming|next) weekend", text)
    if match:  # its Sunday: the coming one, or the one after for "next weekend"
        weekend = reference + dt.timedelta(days=6 - reference.weekday())
        return Normalised((weekend + dt.timedelta(weeks=match[1] == "next")).isoformat())
    # "by the end of the year", "year-end": the year the article was written in.
    if text in {"the year", "year", "year-end", "year end", "the year-end"}:
        return Normalised(str(reference.year))
    if text in {"the week", "week"}:  # "later in the week": this week
        return _relative("this week", reference)
    if text in {"the month", "month", "month-end", "month end"}:  # "by the end of the month"
        return Normalised(f"{reference.year}-{reference.month:02d}")
    if text in days:
        return Normalised((reference + dt.timedelta(days=days[text])).isoformat())
    shift = {"this": 0, "next": 1, "last": -1, "coming": 1, "past": -1}
    match = re.fullmatch(r"(?:the )?(this|next|last|coming|past) (year|month|week)", text)
    if match:
        step, unit = shift[match[1]], match[2]
        if unit == "year":
            return Normalised(str(reference.year + step))
        if unit == "month":
            month_index = reference.year * 12 + reference.month - 1 + step
            return Normalised(f"{month_index // 12}-{month_index % 12 + 1:02d}")
        monday = reference - dt.timedelta(days=reference.weekday()) + dt.timedelta(weeks=step)
        sunday = (monday + dt.timedelta(days=6)).isoformat()
        return Normalised(monday.isoformat(), sunday, week=True)
    match = re.fullmatch(
        r"(?:on )?(\w+day)(?:,)?(?: of)? (this|next|last) week", text
    ) or re.fullmatch(r"(next|last|this) (\w+day)", text)
    if match:
        day_name, when = (match[1], match[2]) if match[1].endswith("day") else (match[2], match[1])
        if day_name not in WEEKDAYS:
            return None
        monday = (
            reference - dt.timedelta(days=reference.weekday()) + dt.timedelta(weeks=shift[when])
        )
        return Normalised((monday + dt.timedelta(days=WEEKDAYS.index(day_name))).isoformat())
    return None


# The month each season ends in (northern), for "in the autumn" said without a year.
_SEASON_ENDS = {"spring": 5, "summer": 8, "autumn": 11, "fall": 11, "winter": 2}


def _season(text: str, reference: dt.date | None) -> Normalised | None:
    match = re.fullmatch(
        r"(this|next|last|the)?\s*(" + "|".join(SEASONS) + r")(?:\s+(\d{4}))?", text
    )
    if not match or not (match[1] or match[3]):
        return None
    if match[3]:
        return Normalised(match[3])
    if reference is None:
        return None
    if match[1] == "the":
        # "in the fall": the next one to end, this year's unless it is already over.
        over = reference.month > _SEASON_ENDS[match[2]] and match[2] != "winter"
        return Normalised(str(reference.year + over), year_inferred=True)
    step = {"this": 0, "next": 1, "last": -1}[match[1]]
    return Normalised(str(reference.year + step), year_inferred=True)


def _from_now(text: str, reference: dt.date | None) -> Normalised | None:
    match = re.fullmatch(r"(\d+|\w+) (day|week|month|year)s? (?:from now|from today|later)", text)
    return _shifted(match[1], match[2], reference) if match else None


def _next_span(text: str, reference: dt.date | None) -> Normalised | None:
    """ "the next three years", "the coming 12 months": to the end of that span."""
    match = re.fullmatch(
        r"(?:the )?(?:next|coming|following) (\d+|\w+) (day|week|month|year)s", text
    )
    return _shifted(match[1], match[2], reference) if match else None


def after_span(text: str, reference: dt.date | None) -> Normalised | None:
    """A span of time as a deadline counted from the reference date, for a span written
    after "within" or "in" ("within six months", "in two weeks", "in 30 days")."""
    cleaned = " ".join(text.lower().split())
    match = re.fullmatch(r"(?:the )?(?:next |coming )?(\d+|\w+) (day|week|month|year)s?", cleaned)
    return _shifted(match[1], match[2], reference) if match else None


def _shifted(count_text: str, unit: str, reference: dt.date | None) -> Normalised | None:
    count = int(count_text) if count_text.isdigit() else _COUNT_WORDS.get(count_text)
    if count is None or reference is None:
        return None
    if unit in ("day", "week"):
        target = reference + dt.timedelta(days=count * (7 if unit == "week" else 1))
        # "in a week" is its day; "in two weeks" is looser, a due date takes its month.
        return Normalised(target.isoformat(), week=unit == "week" and count > 1)
    if unit == "month":
        month_index = reference.year * 12 + reference.month - 1 + count
        return Normalised(f"{month_index // 12}-{month_index % 12 + 1:02d}")
    return Normalised(str(reference.year + count))


def _day_of_month(text: str, reference: dt.date | None) -> Normalised | None:
    """ "the 15th of this month", "the 3rd of next month"."""
    match = re.fullmatch(r"(\d{1,2}) of (this|next) month", text)
    if not match or reference is None:
        return None
    month_index = reference.year * 12 + reference.month - 1 + (match[2] == "next")
    return _day(month_index // 12, month_index % 12 + 1, int(match[1]))


def _day(year: int, month: int, day: int) -> Normalised | None:
    try:
        return Normalised(dt.date(year, month, day).isoformat())
    except ValueError:
        return None


def find_published(text: str, head: int = 600) -> dt.date | None:
    """A full date written near the top of an article (a dateline or release date), if any.

    This reads metadata, not content: releases put their date in their first lines
    ("Wednesday, July 27, 2022", "08/04/2021 12:11 PM EDT", "10 July 2023").
    """
    top = text[:head]
    patterns = [
        r"\b\d{1,2}/\d{1,2}/\d{4}\b",
        r"\b\d{4}-\d{2}-\d{2}\b",
        r"\b(?:" + "|".join(MONTHS) + r")\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b",
        r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:" + "|".join(MONTHS) + r")\.?,?\s+\d{4}\b",
    ]
    found: list[tuple[int, str]] = []
    for pattern in patterns:
        match = re.search(pattern, top, re.IGNORECASE)
        if match:
            found.append((match.start(), match.group()))
    for _, written in sorted(found):
        result = normalise(written, None)
        if result and result.value and len(result.value) == 10:
            return dt.date.fromisoformat(result.value)
    return None


def due_key(due: str | None) -> tuple[int, str]:
    """Sort key of a partial due date: dated before undated, a bare year or month sorts as
    its end (2026 as 2026-12-31, 2026-03 as 2026-03-31)."""
    if not due:
        return (1, "")
    if len(due) == 4:
        return (0, f"{due}-12-31")
    if len(due) == 7:
        return (0, f"{due}-31")
    return (0, due)


def coming(found: Normalised, reference: dt.date | None) -> Normalised:
    """A date written without a year, read as something still to come: one that falls more
    than two months before the reference date is next year's ("on 15 January" in a
    December article is next January); a few days before, it is a recent event ("the
    explosion on August 4") and stays. The one rule for a year-less date's year: a
    follow-up's due date (due.py) and the date check's note (checks.py) both come here."""
    last = found.end_value or found.value
    if not (found.year_inferred and reference and last and _long_past(last, reference)):
        return found
    return dataclasses.replace(
        found,
        value=_next_year(found.value),
        end_value=_next_year(found.end_value),
    )


def _long_past(value: str, reference: dt.date) -> bool:
    return due_key(value)[1] < (reference - dt.timedelta(days=60)).isoformat()


def _next_year(value: str | None) -> str | None:
    return f"{int(value[:4]) + 1}{value[4:]}" if value else None


def due_agrees(first: str | None, second: str | None) -> bool:
    """Two due dates that may be of one action: the same, one not given, or one the other
    at a coarser precision ("2024-10" and "2024-10-22", "2024" and "2024-10")."""
    if not first or not second:
        return True
    short, long = sorted((first, second), key=len)
    return long == short or long.startswith(short + "-")


def is_past(value: str, reference: dt.date) -> bool:
    """True when the whole of a partial ISO date lies before the reference date."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return parts[0] < reference.year
    if len(parts) == 2:
        return (parts[0], parts[1]) < (reference.year, reference.month)
    return dt.date(*parts) < reference


def coming_weekday(text: str, reference: dt.date | None) -> str | None:
    """ "Monday", "on Friday" said of something still to happen: the first such day on or
    after the reference date (a follow-up's day; a bare weekday in general is ambiguous)."""
    words = _HEDGES.sub("", " ".join(text.lower().split())).strip(" ,.")
    # "Thursday and Friday", "Monday or Tuesday", "Monday to Wednesday": the last of the days.
    words = re.split(r"\s+(?:and|or|to|through|until)\s+|\s*[-\u2013]\s*", words)[-1]
    if reference is None or words not in WEEKDAYS:
        return None
    ahead = (WEEKDAYS.index(words) - reference.weekday()) % 7
    return (reference + dt.timedelta(days=ahead)).isoformat()
