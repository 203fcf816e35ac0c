"""Who acts: `by` of proposals and `owner` of follow-ups read from the parse (actors.py)."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from generator.nlp.actors import (
    _actor,
    _Context,
    _context,
    _is_actor,
    _owner,
    _proposer_of,
    _update_context,
)
from generator.nlp.people import find_people
from generator.nlp.people_screen import load_screen, screen_people
from generator.nlp.reader import Reader, load_rules

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp() -> Language:
    return Reader(rules=load_rules(None)).pipeline()


def read(nlp: Language, text: str) -> tuple[Doc, _Context]:
    doc = nlp(text)
    people = screen_people(doc, find_people(doc, load_rules(None).knowledge()), load_screen())
    return doc, _context(doc, people)


def sentence(doc: Doc, words: str, context: _Context) -> Span:
    """The sentence that holds `words`, the context updated with the sentences before."""
    for sent in doc.sents:
        if words in sent.text:
            return sent
        _update_context(sent, context)
    raise AssertionError(words)


def token(sent: Span, text: str) -> Token:
    return next(t for t in sent if t.text == text)


def test_i_in_a_quote_is_its_speaker(nlp: Language) -> None:
    doc, context = read(
        nlp,
        "Talks resume in Lima\n\n"
        "\u201cI urge all parties to return to the table,\u201d said Minister Ana Ruiz.\n",
    )
    sent = sentence(doc, "I urge", context)
    assert _actor(token(sent, "I"), context) == "Ana Ruiz"


def test_we_in_a_joint_statement_is_its_parties(nlp: Language) -> None:
    doc, context = read(
        nlp,
        "Joint Statement on Syria by France and Germany\n\n"
        "The war has lasted too long. We call on all parties to respect the ceasefire.\n",
    )
    sent = sentence(doc, "We call", context)
    assert context.voice_group == "France and Germany"  # "on Syria" is what it is about
    assert _actor(token(sent, "We"), context) == "France and Germany"


def test_a_thing_is_no_actor_and_the_owner_falls_to_the_voice(nlp: Language) -> None:
    doc, context = read(
        nlp,
        "UNIDO announces two forums\n\n"
        "The second round of the forum will focus on industrial parks in Africa.\n",
    )
    sent = sentence(doc, "second round", context)
    assert _owner(token(sent, "focus"), context) == "UNIDO"


def test_a_dateline_is_no_actor(nlp: Language) -> None:
    doc, _ = read(nlp, "Ministers meet\n\nVIENNA, 3 May - The ministers met in the capital.\n")
    vienna = next(t for t in doc if t.text == "VIENNA")
    ministers = next(t for t in doc if t.text == "ministers")
    assert not _is_actor(vienna)
    assert _is_actor(ministers)


def test_both_sides_are_the_two_countries_named_most(nlp: Language) -> None:
    doc, context = read(
        nlp,
        "Foreign ministers meet in Vientiane\n\n"
        "Japan and Laos held talks on trade. Laos thanked Japan for its support. "
        "Both sides agreed to hold the next meeting in Tokyo.\n",
    )
    sent = sentence(doc, "Both sides", context)
    owner = _owner(token(sent, "agreed"), context) or ""
    assert set(owner.split(" and ")) == {"Japan", "Laos"}


def test_the_one_a_passive_is_put_to_must_act(nlp: Language) -> None:
    doc, context = read(
        nlp,
        "Cabinet decisions\n\nThe Ministry of Finance was tasked to draft a new budget law.\n",
    )
    sent = sentence(doc, "was tasked", context)
    assert _owner(token(sent, "tasked"), context) == "Ministry of Finance"


def test_a_passive_names_its_agent_or_nobody(nlp: Language) -> None:
    doc, context = read(
        nlp,
        "Summit news\n\nThe summit will be hosted by Ghana in May. "
        "The results will be published in June.\n",
    )
    hosted = sentence(doc, "hosted", context)
    assert _owner(token(hosted, "hosted"), context) == "Ghana"
    published = sentence(doc, "published", context)
    assert _owner(token(published, "published"), context) is None


def test_a_prescription_is_put_by_the_voice_not_its_subject(nlp: Language) -> None:
    doc, context = read(
        nlp,
        "Singapore calls for restraint in Myanmar\n\n"
        "The authorities must prevent further violence and bloodshed.\n",
    )
    sent = sentence(doc, "must prevent", context)
    assert _proposer_of(sent, context) == "Singapore"


def test_a_headline_person_is_a_person_the_text_names(nlp: Language) -> None:
    # Title case runs the verb into the name ("Tang Opens Assemblies"); the text names him.
    _, context = read(
        nlp,
        "WIPO Director General Tang Opens Assemblies with Call for Consensus\n\n"
        "WIPO Director General Daren Tang opened the assemblies on Tuesday.\n",
    )
    assert context.voice_person == "Daren Tang"


def test_a_document_is_no_voice(nlp: Language) -> None:
    _, context = read(
        nlp,
        "Joint Statement by the Foreign Ministers of the Small Group on Syria\n\n"
        "We call for an immediate cessation of hostilities in Idlib.\n",
    )
    assert "Statement" not in (context.voice_person or "")
    assert "Statement" not in (context.voice_group or "")


def test_a_headline_without_names_speaks_by_its_noun_for_actors(nlp: Language) -> None:
    doc, context = read(
        nlp,
        "G7 foreign ministers statement\n\n"
        "We again call on Russia to withdraw all of its forces from Ukraine.\n",
    )
    sent = sentence(doc, "We again", context)
    assert "G7 foreign ministers" in (_actor(token(sent, "We"), context) or "")


def test_a_document_speaks_for_whoever_issued_it(nlp: Language) -> None:
    doc, context = read(
        nlp,
        "Joint statement after the trilateral meeting\n\n"
        "Egypt, Jordan and Iraq met in Baghdad on Sunday. "
        "The statement urged Tehran to stop the attacks.\n",
    )
    sent = sentence(doc, "The statement", context)
    who = _actor(token(sent, "statement"), context) or ""
    assert "Egypt" in who or "Iraq" in who


def test_a_meeting_held_is_owned_by_its_parties(nlp: Language) -> None:
    doc, context = read(
        nlp,
        "Foreign Minister visits Tehran\n\n"
        "The twentieth session of the Joint Committee between Oman and Iran will be held "
        "in Muscat in May.\n",
    )
    sent = sentence(doc, "twentieth session", context)
    assert _owner(token(sent, "held"), context) == "Oman and Iran"


def test_an_upper_case_body_opening_a_paragraph_is_no_dateline(nlp: Language) -> None:
    doc, _ = read(
        nlp,
        "Talks on the locust menace\n\nIGAD will share information with its member states.\n",
    )
    assert _is_actor(next(t for t in doc if t.text == "IGAD"))


def test_a_standfirst_gives_its_bodies_not_its_places(nlp: Language) -> None:
    _, context = read(
        nlp,
        "Decision on the scale of contributions\n"
        "Executive Council of the African Union\n"
        "NAIROBI, 2 July 2005\n\n"
        "The Council requests the Commission to secure alternative sources of financing.\n",
    )
    assert "African Union" in (context.voice_group or "")
    assert "NAIROBI" not in (context.voice_group or "")


def test_the_title_alone_is_whoever_holds_just_that_title(nlp: Language) -> None:
    # A "Nigerian Prime Minister" is named first; "the Prime Minister" is the readout's own.
    doc, context = read(
        nlp,
        "Call with Prime Minister Okafor\n\n"
        "Prime Minister Helen Marsh spoke today with Nigerian Prime Minister Daniel Okafor.\n\n"
        "Mr Okafor raised the summit, and the Prime Minister offered to send a trade envoy.\n",
    )
    sent = sentence(doc, "offered to send", context)
    minister = next(t for t in sent if t.text == "Minister" and t.head.lemma_ == "offer")
    assert _actor(minister, context) == "Helen Marsh"


def test_three_actors_are_listed_with_commas_and_one_and(nlp: Language) -> None:
    doc, context = read(
        nlp, "Talks set for May\n\nPeru, Chile and Bolivia will sign the water accord in May.\n"
    )
    sent = sentence(doc, "will sign", context)
    assert _actor(token(sent, "Peru"), context) == "Peru, Chile and Bolivia"


def test_an_adjective_of_nationality_is_the_country_the_text_names(nlp: Language) -> None:
    _, context = read(
        nlp,
        "Chinese and Russian envoys meet in Geneva\n\n"
        "China and Russia held talks on the Korean peninsula in Geneva on Monday.\n",
    )
    assert context.voice_group == "China and Russia"  # not "Chinese and Russian"


def test_participants_are_named_with_the_parties_they_stand_for(nlp: Language) -> None:
    doc, context = read(
        nlp,
        "Ministers meet in Vientiane\n\n"
        "The talks ended on Monday. Vietnam and Laos signed an agreement on trade on Monday. "
        "Participants agreed to meet again in Tokyo in May.\n",
    )
    sent = sentence(doc, "Participants agreed", context)
    assert _owner(token(sent, "meet"), context) == "Participants (Vietnam and Laos)"


def test_members_of_a_named_body_keep_their_name(nlp: Language) -> None:
    doc, context = read(
        nlp,
        "Ministers meet in Vientiane\n\n"
        "The talks ended on Monday. Vietnam and Laos signed an agreement on trade on Monday. "
        "Members of the Security Council agreed to meet again in May.\n",
    )
    sent = sentence(doc, "Members of", context)
    assert "(" not in (_owner(token(sent, "meet"), context) or "")
