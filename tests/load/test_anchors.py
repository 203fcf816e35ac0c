"""Quote anchors: tolerant of whitespace and typographic quotes only, exact about offsets."""

from __future__ import annotations

from generator.load.anchors import closest_passage, find_quote, fold

TEXT = "He said: “Go now.”\nThey  went. They went home. ‘AI’ matters."


def test_quote_with_straight_quotes_and_other_spacing_finds_original_span() -> None:
    lookup = find_quote(fold(TEXT), 'said: "Go now."')
    assert lookup.match is not None
    assert TEXT[lookup.match.start : lookup.match.end] == "said: “Go now.”"


def test_whitespace_differences_match_across_line_breaks() -> None:
    lookup = find_quote(fold(TEXT), "now.” They went.")
    assert lookup.match is not None
    assert TEXT[lookup.match.start : lookup.match.end] == "now.”\nThey  went."


def test_repeated_quote_is_ambiguous_until_disambiguated() -> None:
    folded = fold(TEXT)
    assert find_quote(folded, "They went").problem == "ambiguous"
    second = find_quote(folded, "They went", occurrence=2).match
    by_suffix = find_quote(folded, "They went", suffix="home").match
    by_prefix = find_quote(folded, "They went", prefix="went.").match
    assert second == by_suffix == by_prefix
    assert second is not None and TEXT[second.start :].startswith("They went home")


def test_occurrence_beyond_the_count_and_unmatched_context_are_reported() -> None:
    folded = fold(TEXT)
    assert find_quote(folded, "They went", occurrence=3).problem == "occurrence"
    assert find_quote(folded, "They went", prefix="nowhere").problem == "context"


def test_other_characters_are_not_folded() -> None:
    assert find_quote(fold("ASEAN-ROK"), "ASEAN–ROK").problem == "missing"


def test_closest_passage_names_the_nearest_words() -> None:
    found = closest_passage(fold(TEXT), TEXT, "They went hme")
    assert found is not None
    assert found.passage == "They went home."
    assert found.score > 80
    assert (found.text_has, found.quote_has) == ("home.", "hme")


def test_closest_passage_is_shown_around_where_it_differs() -> None:
    """A long quote edited near its end shows the end, not its first 90 characters."""
    words = [f"word{n}" for n in range(60)]
    text = " ".join(words) + "."
    quote = " ".join(words[10:50]).replace("word45", "changed")
    found = closest_passage(fold(text), text, quote)
    assert found is not None
    assert "word45" in found.passage and "word10 " not in found.passage
    assert found.passage.startswith("\u2026word39 ")
    assert (found.text_has, found.quote_has) == ("word45", "changed")
