"""When a follow-up is due (`due.py`): the date the parse ties to the action, not the date
something was said or done, nor the release's dateline."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language

from generator.nlp.analysis import FollowUp
from generator.nlp.due import sentence_due
from generator.nlp.due_events import with_event_dates
from generator.nlp.fields import _action_verb
from generator.nlp.reader import Reader, load_rules

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp() -> Language:
    return Reader(rules=load_rules(None)).pipeline()


def due(nlp: Language, sentence: str, published: str) -> str | None:
    sent = next(iter(nlp(sentence).sents))
    return sentence_due(sent, _action_verb(sent), dt.date.fromisoformat(published))


@pytest.mark.parametrize(
    ("sentence", "published", "expected"),
    [
        # A span of time after "within"/"in" counts from the article's date.
        (
            "The Government must, within six months, implement a set of measures.",
            "2022-03-30",
            "2022-09",
        ),
        ("The Board will convene in two weeks to assess the oil market.", "2005-09-02", "2005-09"),
        # A week is its month, as the annotators write it; a run of days its last day.
        ("Ministers will meet next week to continue the talks.", "2015-06-05", "2015-06"),
        (
            "The Chief Executive will visit Shenzhen on Thursday and Friday.",
            "2008-11-25",
            "2008-11-28",
        ),
        (
            "Written submissions should arrive no later than 31 January 2007.",
            "2006-12-08",
            "2007-01-31",
        ),
        (
            "Energy will be on the agenda of the summit on 30 and 31 May.",
            "2022-05-02",
            "2022-05-31",
        ),
        # The days spaCy leaves out of the date entity are read with it: a run or list
        # of days gives its last day.
        (
            "The Prime Minister will visit Singapore on 4th and 5th September 2024.",
            "2024-08-30",
            "2024-09-05",
        ),
        (
            "The conference will be held on the 23rd and 24th of November 2013 in Warsaw.",
            "2013-11-08",
            "2013-11-24",
        ),
        ("I will travel to Tuvalu from 14-16 August for the Forum.", "2019-08-13", "2019-08-16"),
        (
            "The Prime Minister will attend the Forum from 29 August to 1 September.",
            "2012-08-27",
            "2012-09-01",
        ),
        (
            "A campaign will run from November 20 through 26 to encourage vaccination.",
            "2021-11-17",
            "2021-11-26",
        ),
        (
            "The treaty event will be held on 23-25 and 29 September and 1 October.",
            "2008-09-22",
            "2008-10-01",
        ),
        # The modal "may" after a date is not the month.
        (
            "Claims submitted between April 1, 2019, and March 31, 2020, may cover a year.",
            "2019-04-24",
            "2020-03-31",
        ),
        # A week is the month of its days still to come; "within a week" is its day.
        ("A meeting with Iran is scheduled next week in Tehran.", "2019-11-21", "2019-11"),
        ("The commission must confirm this action within a week.", "2017-03-25", "2017-04-01"),
        # A year that names a thing gives way to the action's own date, else it is the date.
        (
            "We will host the 2023 Pacific Games from 19 November until 2 December 2023.",
            "2023-08-30",
            "2023-12-02",
        ),
        ("The Assembly will present its report at its 2012 winter meeting.", "2011-12-05", "2012"),
        # A programme's line is dated by its date, though it looks like a dateline.
        (
            "14 May 2024: Joint Meeting of Ministers Responsible for Agriculture",
            "2024-05-13",
            "2024-05-14",
        ),
        # Later days the main clauses give end the run; a day in a clause below does not.
        (
            "This cessation will begin October 1, 2017 and end on January 9, 2018.",
            "2017-09-04",
            "2018-01-09",
        ),
        (
            "The Parliament will convene next Thursday, March 25, 2021, to consider the State "
            "of Emergency which is scheduled to end on March 31, 2021.",
            "2021-03-18",
            "2021-03-25",
        ),
        # ... and so do later days in the action's own clause, or running on from its day.
        (
            "The Minister said she is travelling to Norway and will be in Oslo on May 6 and in "
            "Bergen from May 7 to 9.",
            "2024-05-02",
            "2024-05-09",
        ),
        (
            "Comments will be accepted for six weeks, opening March 3, 2014 and closing on "
            "April 14, 2014.",
            "2014-03-03",
            "2014-04-14",
        ),
        (
            "The envoys drafted a text that will be discussed by the ministers in Vienna today "
            "and tomorrow.",
            "2016-02-10",
            "2016-02-11",
        ),
        # A later date on a past-tense verb is a misparse of the action's own.
        (
            "The Presidents have instructed their ministries to appoint an envoy next month.",
            "2009-09-24",
            "2009-10",
        ),
    ],
)
def test_the_date_tied_to_the_action(
    nlp: Language, sentence: str, published: str, expected: str
) -> None:
    assert due(nlp, sentence, published) == expected


@pytest.mark.parametrize(
    ("sentence", "published", "expected"),
    [
        # A verb joined to one under "will" shares its modal, whatever its tag ("lay").
        (
            "The Minister will attend the national Heroes Day service and lay a wreath at the "
            "monument on Sunday 11 November.",
            "2012-11-11",
            "2012-11-11",
        ),
        # A year gives way to a date of that year the sentence gives more precisely.
        (
            "The two leaders agreed to meet this year at the summit in mid-June.",
            "2013-04-29",
            "2013-06",
        ),
        # A dateline in parentheses dates the release, not the action.
        (
            "MANILA, PHILIPPINES (4 May 2024) — Japan today signed an agreement to lend "
            "$2 billion to the Bank over the next 3 years.",
            "2024-05-04",
            "2027",
        ),
    ],
)
def test_what_the_parse_gets_wrong_is_set_right(
    nlp: Language, sentence: str, published: str, expected: str
) -> None:
    assert due(nlp, sentence, published) == expected


@pytest.mark.parametrize(
    ("sentence", "published", "expected"),
    [
        # A part of the day spaCy tags as a time still names the day.
        ("The Prime Minister will meet the other leaders tonight.", "2022-02-24", "2022-02-24"),
        (
            "After the talks, the Minister will brief the assembly later this afternoon.",
            "2023-01-17",
            "2023-01-17",
        ),
        # "May" on its own, capitalised and tagged a date: the month, not the verb.
        (
            "Chief negotiators will meet again in May to continue the talks.",
            "2023-04-28",
            "2023-05",
        ),
        # A bare season with its preposition is this year's.
        (
            "The two sides agreed to hold the next round of talks in Brussels before summer.",
            "2018-03-15",
            "2018",
        ),
        # Days spaCy leaves untagged are read from the words.
        (
            "Meanwhile, the President will between 4 and 6 September host the forum in Durban.",
            "2019-08-22",
            "2019-09-06",
        ),
        # A run of days spaCy tags only the year of.
        (
            "SEOUL - Between June 3-7, 2024, the Minister will lead a delegation of 40 firms "
            "to Canada.",
            "2024-05-30",
            "2024-06-07",
        ),
        # A count of days in words counts from the article's date.
        (
            "The leaders undertook to submit, within the next fifteen days, the agreement to "
            "their parliaments.",
            "2018-04-26",
            "2018-05-11",
        ),
    ],
)
def test_dates_spacy_tags_otherwise_or_not_at_all(
    nlp: Language, sentence: str, published: str, expected: str
) -> None:
    assert due(nlp, sentence, published) == expected


@pytest.mark.parametrize(
    ("sentence", "published"),
    [
        # The day it was said or decided is not when the action is due.
        ("The ministry today announced that it will invest $220 million in schools.", "2022-09-21"),
        (
            "This Wednesday it decided to grant CHF 40 million, which will be used in Syria.",
            "2014-10-29",
        ),
        (
            "The Prime Minister on Monday morning affirmed that the measure will be in force.",
            "2022-12-12",
        ),
        (
            "The Regional Council (RC) today agreed to set up a flood warning service.",
            "2011-06-14",
        ),
        # The release's dateline dates the release.
        (
            "Lusaka, Friday, December 02, 2022: Ministers will engage their counterparts.",
            "2022-12-02",
        ),
        # A weekday on a verb in the past tense is the last such day, not the next.
        ("The Board on Wednesday approved funding of $12 million for the road.", "2022-02-22"),
        # Looking back is never a deadline.
        ("Delegates will review the work of the past year.", "2024-07-09"),
    ],
)
def test_dates_that_are_not_when_the_action_is_due(
    nlp: Language, sentence: str, published: str
) -> None:
    assert due(nlp, sentence, published) is None


def _carried(nlp: Language, text: str, first_due: str, published: str) -> str | None:
    """The due the second sentence of `text` takes after the first, drafted with `first_due`."""
    doc = nlp(text)
    first, second = list(doc.sents)[:2]
    items = [
        FollowUp(s.text, s.start_char, s.end_char, "act", None, due, "will")
        for s, due in ((first, first_due), (second, None))
    ]
    return with_event_dates(doc, items, dt.date.fromisoformat(published))[1].due


@pytest.mark.parametrize(
    ("text", "first_due", "expected"),
    [
        # A sentence that goes on with the dated visit takes its day.
        (
            "The Minister will visit Rome on 16 April. During the visit, she will meet the "
            "Prime Minister.",
            "2024-04-16",
            "2024-04-16",
        ),
        (
            "The Minister will visit Rome on 16 April. She will also open a trade office.",
            "2024-04-16",
            "2024-04-16",
        ),
        # "the talks" are the event in hand too (the plural's lemma is "talk").
        (
            "The envoys will hold talks in Oslo on 3 May. At the talks, Norway will raise "
            "the fisheries dispute.",
            "2024-05-03",
            "2024-05-03",
        ),
        # What was done, another event, or a date less precise than a day: nothing carried.
        (
            "The Minister will visit Rome on 16 April. The two sides also decided to share data.",
            "2024-04-16",
            None,
        ),
        (
            "The Minister will visit Rome on 16 April. She will prepare the upcoming summit.",
            "2024-04-16",
            None,
        ),
        (
            "The agency will open two offices in May. It will also hire local staff.",
            "2024-05",
            None,
        ),
        # An act done at a visit or a meeting is part of its programme ...
        (
            "The Minister will visit Nairobi on 16 April. The Minister will meet business "
            "leaders and students.",
            "2024-04-16",
            "2024-04-16",
        ),
        (
            "The Council will meet in Brussels on 16 April. Trade issues will be discussed.",
            "2024-04-16",
            "2024-04-16",
        ),
        (
            "The Minister will visit Tokyo on 16 April. She will have a working dinner with "
            "the Foreign Minister.",
            "2024-04-16",
            "2024-04-16",
        ),
        # ... unless it recurs.
        (
            "The Minister will visit Nairobi on 16 April. The two sides intend to meet twice "
            "a year.",
            "2024-04-16",
            None,
        ),
    ],
)
def test_a_sentence_going_on_with_a_dated_event_takes_its_day(
    nlp: Language, text: str, first_due: str, expected: str | None
) -> None:
    assert _carried(nlp, text, first_due, "2024-04-10") == expected


def _listed(nlp: Language, text: str, dated: dict[str, str], published: str) -> list[str | None]:
    """The dues of `text`'s lines drafted as follow-ups, the lines in `dated` with theirs."""
    doc = nlp(text)
    items = []
    for line in text.split("\n"):
        if line.strip():
            start = text.index(line)
            items.append(
                FollowUp(line, start, start + len(line), "act", None, dated.get(line), "will")
            )
    return [f.due for f in with_event_dates(doc, items, dt.date.fromisoformat(published))]


def test_a_list_item_takes_its_lead_in_date(nlp: Language) -> None:
    lead = "By 2030, the two parties will:"
    text = f"{lead}\n\n- open three ports;\n\n- train 500 pilots.\n\nThey will also meet again."
    assert _listed(nlp, text, {lead: "2030"}, "2024-05-02") == ["2030", "2030", "2030", None]


def test_a_list_item_under_an_undated_lead_in_stays_undated(nlp: Language) -> None:
    text = "The two parties will:\n- open three ports;\n- train 500 pilots."
    assert _listed(nlp, text, {}, "2024-05-02") == [None, None, None]


def test_a_schedule_line_that_is_only_a_date_dates_its_bullets(nlp: Language) -> None:
    text = "The agency will publish these tables:\n\nJune 3, 2024\n\n• Farm output by region.\n"
    assert _listed(nlp, text, {}, "2024-05-02")[-1] == "2024-06-03"


def test_the_release_date_line_does_not_date_a_list(nlp: Language) -> None:
    text = "Tokyo\nMay 2, 2024\n1. The ministers will meet again to review the plan."
    assert _listed(nlp, text, {}, "2024-05-02")[-1] is None


def test_an_event_day_carries_along_a_run_of_sentences_going_on_with_it(nlp: Language) -> None:
    filler = " The programme is long and full." * 40
    text = (
        "The Commission will meet on 20 October."
        f" It will also adopt the budget.{filler} It will also vote on the fees."
    )
    doc = nlp(text)
    sents = list(doc.sents)
    spans = [(sents[0], sents[0]), (sents[1], sents[-2]), (sents[-1], sents[-1])]
    items = [
        FollowUp("act", first.start_char, last.end_char, "act", None, due, "will")
        for (first, last), due in zip(spans, ("2024-10-20", None, None), strict=True)
    ]
    # The third is more than _EVENT_REACH from the first but next to the second.
    assert items[2].start - items[0].end > 1000
    carried = with_event_dates(doc, items, dt.date.fromisoformat("2024-10-13"))
    assert [f.due for f in carried] == ["2024-10-20"] * 3


def _dues(nlp: Language, text: str, dated: dict[int, str], published: str) -> list[str | None]:
    """The dues of `text`'s sentences drafted as follow-ups, sentence i with `dated[i]`."""
    doc = nlp(text)
    items = [
        FollowUp(s.text, s.start_char, s.end_char, "act", None, dated.get(i), "will")
        for i, s in enumerate(doc.sents)
    ]
    return [f.due for f in with_event_dates(doc, items, dt.date.fromisoformat(published))]


def test_a_visit_of_some_days_ends_on_its_last_day(nlp: Language) -> None:
    text = "She will make a three-day visit to Chile from 4 March. She will also meet students."
    assert _dues(nlp, text, {0: "2024-03-04"}, "2024-02-20") == ["2024-03-06"] * 2


def test_a_visit_in_hand_of_some_days_counts_from_the_article_date(nlp: Language) -> None:
    text = "During her two-day trip, the Minister will open a clinic. She will also meet farmers."
    assert _dues(nlp, text, {}, "2024-10-15") == ["2024-10-16"] * 2


def test_a_visit_of_some_days_without_a_start_gives_no_day(nlp: Language) -> None:
    text = "The Minister will make a two-day visit to Peru. She will also meet farmers."
    assert _dues(nlp, text, {}, "2024-10-15") == [None, None]


def test_a_list_takes_the_date_its_lead_in_carries_from_the_event(nlp: Language) -> None:
    text = (
        "The Assembly will sit from 2 to 12 March.\n\nBusiness during the session shall "
        "include:\n\n1.  Debate on the budget.\n\n2.  Consider the reports of committees."
    )
    doc = nlp(text)
    lines = [line for line in text.split("\n") if line.strip()]
    items = [
        FollowUp(line, text.index(line), text.index(line) + len(line), "act", None, due, "will")
        for line, due in zip(lines, ["2024-03-12", None, None, None], strict=True)
    ]
    carried = with_event_dates(doc, items, dt.date.fromisoformat("2024-02-20"))
    assert [f.due for f in carried] == ["2024-03-12"] * 4


def _after_told(nlp: Language, text: str, published: str) -> str | None:
    """The due the last sentence of `text` takes, drafted alone after sentences drafted as
    no follow-up."""
    last = list(nlp(text).sents)[-1]
    item = FollowUp(last.text, last.start_char, last.end_char, "act", None, None, "will")
    return with_event_dates(nlp(text), [item], dt.date.fromisoformat(published))[0].due


def test_an_event_day_told_in_a_sentence_drafted_as_none_carries_on(nlp: Language) -> None:
    text = (
        "The Foreign Minister is travelling to Lima on Wednesday, 5 June, for talks on trade."
        " During the visit, she will also meet the President."
    )
    assert _after_told(nlp, text, "2024-06-03") == "2024-06-05"


@pytest.mark.parametrize(
    "text",
    [
        # The article's own day tells when it is said, not an event's day.
        "Today is World Water Day in Brussels. The Council will also adopt the budget.",
        # A day without a year put in next year is a guess, too weak to carry.
        "Recalling their 9 March statement, the envoys urged restraint. They will also meet "
        "the President.",
    ],
)
def test_no_event_day_is_told_by(nlp: Language, text: str) -> None:
    assert _after_told(nlp, text, "2019-09-25") is None


@pytest.mark.parametrize(
    "sentence",
    [
        # A yearless month months before the article's date, on an event the action comes
        # after, was this year's: not next year's, and not when anything is due.
        "Ties will be deepened further following the minister's visit in March.",
        "Trade will be reviewed after the summit in February.",
    ],
)
def test_a_past_event_s_month_is_not_rolled_on_to_next_year(nlp: Language, sentence: str) -> None:
    assert due(nlp, sentence, "2024-08-20") is None


def test_a_month_long_past_is_still_next_year_s_when_nothing_tells_it_as_past(
    nlp: Language,
) -> None:
    assert due(nlp, "The ministers will meet again in March.", "2024-08-20") == "2025-03"


def _carried(nlp: Language, text: str, first_due: str, published: str) -> str | None:
    """The due the second sentence takes when the first, drafted with `first_due`, is a
    dated event and the second is drafted with no date."""
    first, second = list(nlp(text).sents)[:2]
    items = [
        FollowUp(s.text, s.start_char, s.end_char, "act", None, due, "will")
        for s, due in ((first, first_due), (second, None))
    ]
    return with_event_dates(nlp(text), items, dt.date.fromisoformat(published))[1].due


def test_an_act_at_a_dated_meeting_takes_its_day(nlp: Language) -> None:
    text = "The envoy will visit Lima on Friday 7 June. She will hold talks with the President."
    assert _carried(nlp, text, "2024-06-07", "2024-06-03") == "2024-06-07"


def test_holding_an_event_of_its_own_does_not_take_the_day_before(nlp: Language) -> None:
    text = (
        "The budget committee will meet on Friday 7 June. In addition, the health committee"
        " will be holding public hearings on the tobacco bill."
    )
    assert _carried(nlp, text, "2024-06-07", "2024-06-03") is None
